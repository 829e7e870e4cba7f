/**
 * LSTM worker thread: one request (all series), progress messages per epoch and phase, then the
 * result. The host aborts by terminating the thread.
 */
import { parentPort } from 'node:worker_threads';
import { lowerThisThreadsPriority } from '../../background-thread';
import { chooseBackend } from './backend';
import { MIN_ERRORS_PER_STEP } from './intervals';
import { runPipeline } from './pipeline';
import type { LstmRunResult } from './types';

export interface LstmRequest {
  series: number[][];
  season: number;
  horizons: number[];
  seed: number;
  epochs?: number;
}

export type LstmMessage =
  | { kind: 'progress'; done: number; total: number; phase: string }
  | { kind: 'result'; result: LstmRunResult }
  | { kind: 'error'; message: string };

if (!parentPort) throw new Error('lstm-worker runs only as a worker thread');
// Training is background work: it gives way to the core's thread and the window (background-thread.ts).
lowerThisThreadsPriority();
const port = parentPort;
const post = (message: LstmMessage) => port.postMessage(message);

port.once('message', (request: LstmRequest) => {
  void (async () => {
    try {
      const { backend, note } = await chooseBackend();
      const started = performance.now();
      const run = runPipeline(request.series, {
        season: request.season,
        horizons: request.horizons,
        seed: request.seed,
        epochs: request.epochs,
        onProgress: (done, total, phase) => post({ kind: 'progress', done, total, phase }),
      });
      const notes = [note, run.intervalsFrom === 'in-sample' ? `the backtests hold fewer than ${MIN_ERRORS_PER_STEP} errors per step ahead, so the intervals come from in-sample errors and are likely too narrow` : null].filter(Boolean);
      post({ kind: 'result', result: { series: run.series, backend, trainMs: Math.round(performance.now() - started), epochs: run.epochs, note: notes.length ? notes.join('; ') : null } });
    } catch (error) {
      post({ kind: 'error', message: (error as Error).message });
    }
  })();
});
