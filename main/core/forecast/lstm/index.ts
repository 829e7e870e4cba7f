/**
 * The global LSTM (docs/forecasting.md, "The global LSTM"): one network trained across all the
 * series given, in a worker thread so the caller's event loop never waits on TensorFlow.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LstmMessage, LstmRequest } from './lstm-worker';
import type { LstmRunOptions, LstmRunResult } from './types';

export type { LstmRunOptions, LstmRunResult, LstmSeriesOutput } from './types';

/**
 * The bundled worker (out/main/lstm-worker.cjs) beside the bundled host; from source (tests, the
 * benchmark) the TypeScript file through tsx, as the forecasting pool does.
 */
function startWorker(): Worker {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'), 'lstm-worker.cjs');
  if (fs.existsSync(bundled)) return new Worker(bundled);
  const source = path.join(here, 'lstm-worker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true });
}

function abortError(): Error {
  const error = new Error('The LSTM run was aborted');
  error.name = 'AbortError';
  return error;
}

/** Trains one model over all `series` (each scaled on its own), backtests it honestly and forecasts every horizon. */
export function runGlobalLstm(series: readonly (readonly number[])[], options: LstmRunOptions): Promise<LstmRunResult> {
  if (options.signal?.aborted) return Promise.reject(abortError());
  if (options.horizons.length === 0 || options.horizons.some((h) => !Number.isInteger(h) || h < 1)) {
    return Promise.reject(new Error('horizons must be whole numbers of at least 1'));
  }
  return new Promise((resolve, reject) => {
    const worker = startWorker();
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () => finish(() => reject(abortError()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: LstmMessage) => {
      if (message.kind === 'progress') options.onProgress?.(message.done, message.total, message.phase);
      else if (message.kind === 'result') finish(() => resolve(message.result));
      else finish(() => reject(new Error(message.message)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the LSTM worker stopped (exit code ${code})`))));
    const request: LstmRequest = {
      series: series.map((y) => [...y]),
      season: options.season,
      horizons: [...options.horizons],
      seed: options.seed ?? 1,
      epochs: options.epochs,
    };
    worker.postMessage(request);
  });
}
