import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { BatchSender, PrepareOutcome } from './prepare-batch';
import type { RowsOutcome } from './prepare-rows';
import type { WorkerRequest } from './prepare-worker';
import type { RowBatch } from './row-batch';
import { startWorkerScript } from '../worker-script';

type Outcome = PrepareOutcome | RowsOutcome;

interface Pending {
  resolve(outcome: Outcome): void;
  reject(error: Error): void;
}

/** The prepare-worker thread (worker-script.ts: bundled beside the host, or the source through tsx). */
function startWorker(): Worker {
  return startWorkerScript(import.meta.url, 'prepare-worker');
}

/** One core is the writer's; the others prepare. At least one worker, at most four. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

/** Round-robin pool of prepare workers. A worker that dies fails its own batches and is replaced. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending & { worker: Worker }>();
  /** Import streams and the worker that holds each one's state. */
  private readonly streams = new Map<number, Worker>();
  private nextId = 1;
  private turn = 0;
  private closed = false;

  constructor(readonly size = defaultWorkerCount()) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  prepare(body: unknown, sender?: BatchSender, worker = this.nextWorker()): Promise<PrepareOutcome> {
    return this.send(worker, (id) => ({ kind: 'batch', id, body, sender })) as Promise<PrepareOutcome>;
  }

  /**
   * An import's batch, posted before this returns: a stream's batches reach its worker in the order of
   * these calls. Its first batch picks the worker; a stream whose worker was replaced fails there.
   */
  prepareRows(batch: RowBatch): Promise<RowsOutcome> {
    const { stream, index } = batch;
    let worker = this.streams.get(stream.id);
    // A replaced worker no longer takes messages; a live one answers that it does not know the stream.
    if (worker && !this.workers.includes(worker)) worker = undefined;
    else if (!worker && index === 0) {
      worker = this.nextWorker();
      this.streams.set(stream.id, worker);
    }
    const mapping = index === 0 ? stream.mapping : undefined;
    return this.send(worker ?? this.nextWorker(), (id) => ({ kind: 'rows', id, stream: stream.id, index, mapping, columns: batch.columns, rows: batch.take() })) as Promise<RowsOutcome>;
  }

  /** The import is over: its worker may forget the stream's state. */
  endStream(stream: number): void {
    const worker = this.streams.get(stream);
    this.streams.delete(stream);
    if (worker && !this.closed && this.workers.includes(worker)) worker.postMessage({ kind: 'end', stream } satisfies WorkerRequest);
  }

  private nextWorker(): Worker {
    return this.workers[this.turn++ % this.workers.length] as Worker;
  }

  private send(worker: Worker, request: (id: number) => WorkerRequest): Promise<Outcome> {
    if (this.closed) return Promise.reject(new Error('the ingest pipeline is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      // Referenced only while it holds work: an idle pool never keeps a CLI process alive.
      worker.ref();
      worker.postMessage(request(id));
    });
  }

  /** Has every worker prepare `body` once: started, loaded and compiled before the first real batch. */
  async warm(body: unknown): Promise<void> {
    await Promise.all(this.workers.map((worker) => this.prepare(body, undefined, worker)));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.failAll(() => true, new Error('the ingest pipeline closed before the batch was prepared'));
  }

  private spawn(): Worker {
    const worker = startWorker();
    worker.on('message', ({ id, outcome }: { id: number; outcome: Outcome }) => {
      const entry = this.pending.get(id);
      this.pending.delete(id);
      if (![...this.pending.values()].some((p) => p.worker === worker)) worker.unref();
      entry?.resolve(outcome);
    });
    worker.on('error', (error) => this.replace(worker, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(worker, new Error(`an ingest worker stopped (exit code ${code})`));
    });
    worker.unref();
    return worker;
  }

  private replace(worker: Worker, error: Error): void {
    const index = this.workers.indexOf(worker);
    if (index === -1 || this.closed) return;
    this.failAll((w) => w === worker, error);
    void worker.terminate();
    this.workers[index] = this.spawn();
  }

  private failAll(match: (worker: Worker) => boolean, error: Error): void {
    for (const [id, entry] of this.pending) {
      if (!match(entry.worker)) continue;
      this.pending.delete(id);
      entry.reject(error);
    }
  }
}
