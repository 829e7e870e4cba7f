import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

// The function runs inside a worker of its own (below), as it does in the forecasting workers.
describe('lowerThisThreadsPriority', () => {
  it.runIf(process.platform === 'linux')('lowers a worker thread only, never the process it runs in', async () => {
    const before = os.getPriority(process.pid);
    const source = `
      const { parentPort } = require('node:worker_threads');
      require('tsx/cjs');
      const { lowerThisThreadsPriority } = require(${JSON.stringify(require.resolve('./background-thread.ts'))});
      const fs = require('node:fs'); const os = require('node:os');
      const changed = lowerThisThreadsPriority(7);
      const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
      parentPort.postMessage({ changed, nice: os.getPriority(tid) });`;
    const worker = new Worker(source, { eval: true });
    const reply = await new Promise<{ changed: boolean; nice: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply).toEqual({ changed: true, nice: 7 });
    expect(os.getPriority(process.pid)).toBe(before);
  });
});
