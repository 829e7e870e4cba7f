import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Matrix, ScoringForest, Values } from './forest';
import { checkColumns, type Model, type TrainOptions } from './isolation-forest';
import type { IForestReply, IForestRequest } from './iforest-worker';
import { startWorkerScript } from '../worker-script';

/** The iforest-worker thread (worker-script.ts: bundled beside the host, or the source through tsx). */
function startWorker(): Worker {
  return startWorkerScript(import.meta.url, 'iforest-worker');
}

/** Rows handed to a worker at a time: several per worker, so a worker slowed by a busy core takes fewer. */
const CHUNKS_PER_WORKER = 8;
const MIN_CHUNK_ROWS = 4096;

/** A request before the pool numbers it (Omit over each member of the union). */
type Request = IForestRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve(reply: IForestReply): void;
  reject(error: Error): void;
  worker: Worker;
}

/** One worker per core. Training takes one; scoring splits the rows among all of them. */
export class IForestWorkers {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size = os.availableParallelism()) {
    for (let i = 0; i < Math.max(1, size); i++) this.workers.push(this.spawn());
  }

  /** The same model trainIsolationForest would give on this thread (its arrays came back moved, not copied). */
  async train(matrix: Matrix, options: TrainOptions = {}): Promise<Model> {
    const reply = await this.send(this.workers[0]!, { kind: 'train', matrix: sharedMatrix(matrix), options });
    return reply.model as Model;
  }

  /** Scores every row, bit for bit as scoreMatrix does, in chunks taken by whichever worker is free. */
  async score(model: Model, matrix: Matrix): Promise<Float64Array> {
    checkColumns(model, matrix);
    const input = sharedMatrix(matrix);
    const scoring = sharedScoring(model.scoring);
    const out = new Float64Array(new SharedArrayBuffer(matrix.rows * Float64Array.BYTES_PER_ELEMENT));
    const chunk = Math.max(MIN_CHUNK_ROWS, Math.ceil(matrix.rows / (this.workers.length * CHUNKS_PER_WORKER)));
    let next = 0;
    const take = (): [number, number] | null => {
      if (next >= matrix.rows) return null;
      const from = next;
      next = Math.min(matrix.rows, from + chunk);
      return [from, next];
    };
    await Promise.all(
      this.workers.map(async (worker) => {
        for (let range = take(); range; range = take()) {
          await this.send(worker, { kind: 'score', scoring, matrix: input, out, from: range[0], to: range[1] });
        }
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.fail(() => true, new Error('the isolation-forest workers were closed'));
  }

  private send(worker: Worker, request: Request): Promise<IForestReply> {
    if (this.closed) return Promise.reject(new Error('the isolation-forest workers are closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      // Referenced only while it holds work: idle workers never keep a CLI process alive.
      worker.ref();
      worker.postMessage({ ...request, id } as IForestRequest);
    });
  }

  private spawn(): Worker {
    const worker = startWorker();
    worker.on('message', (reply: IForestReply) => {
      const entry = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (![...this.pending.values()].some((p) => p.worker === worker)) worker.unref();
      if (reply.error !== undefined) entry?.reject(new Error(reply.error));
      else entry?.resolve(reply);
    });
    worker.on('error', (error) => this.replace(worker, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(worker, new Error(`an isolation-forest worker stopped (exit code ${code})`));
    });
    worker.unref();
    return worker;
  }

  /** A worker that died fails its own requests and is replaced, so the pool stays whole. */
  private replace(worker: Worker, error: Error): void {
    const index = this.workers.indexOf(worker);
    if (index === -1 || this.closed) return;
    this.fail((w) => w === worker, error);
    void worker.terminate();
    this.workers[index] = this.spawn();
  }

  private fail(match: (worker: Worker) => boolean, error: Error): void {
    for (const [id, entry] of this.pending) {
      if (!match(entry.worker)) continue;
      this.pending.delete(id);
      entry.reject(error);
    }
  }
}

/**
 * The matrix itself when it already lives on a SharedArrayBuffer; otherwise one copy onto one, which
 * a caller that trains and then scores makes once, up front.
 */
export function sharedMatrix(matrix: Matrix): Matrix {
  if (matrix.data.buffer instanceof SharedArrayBuffer) return matrix;
  const length = matrix.rows * matrix.cols;
  const bytes = new SharedArrayBuffer(length * matrix.data.BYTES_PER_ELEMENT);
  const data: Values = matrix.data instanceof Float32Array ? new Float32Array(bytes) : new Float64Array(bytes);
  data.set(matrix.data.subarray(0, length));
  return { rows: matrix.rows, cols: matrix.cols, data };
}

function sharedScoring(scoring: ScoringForest): ScoringForest {
  const copy = <T extends Int32Array | Float64Array>(array: T): T => {
    const Type = array.constructor as new (buffer: SharedArrayBuffer) => T;
    const target = new Type(new SharedArrayBuffer(array.byteLength));
    target.set(array);
    return target;
  };
  return {
    maxSamples: scoring.maxSamples,
    heightLimit: scoring.heightLimit,
    rootSteps: copy(scoring.rootSteps),
    steps: copy(scoring.steps),
    threshold: copy(scoring.threshold),
    leafPath: copy(scoring.leafPath),
  };
}
