/**
 * Isolation-forest worker thread: trains a forest, or scores a range of rows into a shared output.
 * Matrices and forests arrive on SharedArrayBuffers, so nothing large is copied either way.
 */
import { parentPort } from 'node:worker_threads';
import type { Matrix, ScoringForest } from './forest';
import { scoreRange } from './score-kernel';
import { trainIsolationForest, type Model, type TrainOptions } from './isolation-forest';

export type IForestRequest =
  | { kind: 'train'; id: number; matrix: Matrix; options: TrainOptions }
  | { kind: 'score'; id: number; scoring: ScoringForest; matrix: Matrix; out: Float64Array; from: number; to: number };

export type IForestReply = { id: number; model?: Model; error?: string };

if (!parentPort) throw new Error('iforest-worker runs only as a worker thread');
const port = parentPort;
port.on('message', (request: IForestRequest) => {
  try {
    if (request.kind === 'train') {
      // Cloned on the way back: a few hundred KB, and the arrays share buffers, which a transfer list cannot name twice.
      port.postMessage({ id: request.id, model: trainIsolationForest(request.matrix, request.options) } satisfies IForestReply);
    } else {
      const { scoring, matrix, out, from, to } = request;
      scoreRange(scoring, matrix.data, matrix.cols, from, to, out);
      port.postMessage({ id: request.id } satisfies IForestReply);
    }
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).message } satisfies IForestReply);
  }
});
