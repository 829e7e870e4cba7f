import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ForecastReply, ForecastRequest } from './forecast-worker';
import type { ModelChoice } from './selection/families';
import type { ForecastResult } from './selection/select-model';
import { startWorkerScript } from '../worker-script';

/** The forecast-worker thread (worker-script.ts: bundled beside the host, or the source through tsx). */
function startWorker(): Worker {
  return startWorkerScript(import.meta.url, 'forecast-worker');
}

/** Series per message: small, so a worker slowed by a busy core simply takes fewer chunks. */
const SERIES_PER_CHUNK = 4;

export interface ManyOptions {
  season: number;
  horizon: number;
  model?: ModelChoice;
  /** Per series, the epoch day of its first observation (dates the days for the holiday regressors). */
  firstDays?: readonly (number | null)[];
  onProgress?: (done: number, total: number) => void;
}

/** One worker per core; each series' selection runs whole on one worker, chunks go to whichever is free. */
export class ForecastWorkers {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve(reply: ForecastReply): void; reject(error: Error): void }>();
  private nextId = 1;

  constructor(readonly size = os.availableParallelism()) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = startWorker();
      worker.on('message', (reply: ForecastReply) => {
        const entry = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error !== undefined) entry?.reject(new Error(reply.error));
        else entry?.resolve(reply);
      });
      worker.on('error', (error) => this.failAll(error));
      this.workers.push(worker);
    }
  }

  async forecastMany(series: readonly number[][], options: ManyOptions): Promise<ForecastResult[]> {
    const results = new Array<ForecastResult>(series.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(async (worker) => {
        while (next < series.length) {
          const from = next;
          next = Math.min(series.length, from + SERIES_PER_CHUNK);
          const chunk = series.slice(from, next);
          const reply = await this.send(worker, { series: chunk, season: options.season, horizon: options.horizon, model: options.model ?? 'auto', firstDays: options.firstDays?.slice(from, next) });
          reply.results!.forEach((result, i) => (results[from + i] = result));
          done += chunk.length;
          options.onProgress?.(done, series.length);
        }
      }),
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.failAll(new Error('the forecasting workers were closed'));
  }

  private send(worker: Worker, request: Omit<ForecastRequest, 'id'>): Promise<ForecastReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies ForecastRequest);
    });
  }

  private failAll(error: Error): void {
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(error);
    }
  }
}
