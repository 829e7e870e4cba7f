/**
 * The global LSTM (docs/forecasting.md, "The global LSTM"): one network trained across all the
 * series given, in a worker thread so the caller's event loop never waits on TensorFlow.
 */
import type { Worker } from 'node:worker_threads';
import type { LstmMessage, LstmRequest } from './lstm-worker';
import type { LstmRunOptions, LstmRunResult } from './types';
import { startWorkerScript } from '../../worker-script';

export type { LstmRunOptions, LstmRunResult, LstmSeriesOutput } from './types';

/** The lstm-worker thread (worker-script.ts: bundled beside the host, or the source through tsx). */
function startWorker(): Worker {
  return startWorkerScript(import.meta.url, 'lstm-worker');
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
