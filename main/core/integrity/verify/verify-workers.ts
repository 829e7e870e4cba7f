import type { Worker } from 'node:worker_threads';
import { AppError } from '../../api/errors';
import type { Chunk } from './plan';
import type { ChunkResult } from './scan';
import { startWorkerScript } from '../../worker-script';

/** The verify-worker thread (worker-script.ts: bundled beside the host, or the source through tsx). */
function startWorker(workerData: unknown): Worker {
  return startWorkerScript(import.meta.url, 'verify-worker', { workerData });
}

interface Pending {
  resolve(result: ChunkResult): void;
  reject(error: Error): void;
}

/** One worker per lane; each takes one chunk at a time. */
export class VerifyWorkers {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(file: string, key: Buffer | null, readonly size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker({ file, key: key ? new Uint8Array(key) : null });
      worker.on('message', ({ id, result, error }: { id: number; result?: ChunkResult; error?: string }) => {
        const entry = this.pending.get(id);
        this.pending.delete(id);
        this.idle.push(worker);
        if (error !== undefined) entry?.reject(new AppError('UNAVAILABLE', `Verification could not read the file: ${error}`));
        else entry?.resolve(result as ChunkResult);
      });
      worker.on('error', (error) => this.failAll(new AppError('UNAVAILABLE', `A verification worker failed: ${error.message}`)));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  scan(chunk: Chunk): Promise<ChunkResult> {
    const worker = this.idle.pop();
    if (!worker) return Promise.reject(new Error('no idle verification worker'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, chunk });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.failAll(new AppError('CANCELLED', 'Verification stopped.'));
  }

  private failAll(error: Error): void {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}
