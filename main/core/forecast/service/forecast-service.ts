import { randomUUID } from 'node:crypto';
import type { ForecastRun } from '../../../../shared/contract/forecast-channels';
import { AppError } from '../../api/errors';
import type { EventBus } from '../../bus';
import type { Db } from '../../store/database';
import { ForecastWorkers } from '../forecast-workers';
import { selectionMeasure } from '../selection/select-model';
import { ForecastRecords, type CachedResult, type LstmEntry, type LstmSummary } from './forecast-records';
import { trainLstm, type RunGlobalLstm } from './lstm-bridge';
import { fromSelection, withLstm } from './model-table';
import { dateOf, NO_HISTORY, SalesSeries, type DailySeries } from './sales-series';

export const SCHEDULED_HORIZON = 30;
/** Daily series repeat weekly; the yearly swing is the Prophet-style model's (docs/forecasting.md). */
export const SEASON = 7;
/** Recorded daily forecasts dated more than this before the history's last day are dropped. */
const KEEP_POINTS_DAYS = 400;

export interface ForecastServiceDeps {
  db: Db;
  bus: EventBus;
  now?: () => Date;
  /** The worker pool (started on first use when not given; closed with the service either way). */
  workers?: () => ForecastWorkers;
  /** The global LSTM; by default main/core/forecast/lstm, loaded when a run first asks for it. */
  lstm?: RunGlobalLstm;
  lstmEpochs?: number;
  /** Whether scheduled runs (timer, demo, import) train the LSTM too (yes). */
  scheduledLstm?: boolean;
  /** The first check for changed sales after start (a minute), then at most daily (24 h). */
  startDelayMs?: number;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Trains every series of the sales history (per store × SKU and per store × category) at horizon
 * 30 in the worker pool, caches the results with the data version they saw, records the daily
 * forecasts for accuracy tracking, and, when asked, trains the global LSTM and lets it compete.
 * One run at a time: whoever asks during a run gets that run. Other horizons are computed on demand,
 * one series at a time, in the same pool (ForecastQueries).
 */
export class ForecastService {
  readonly records: ForecastRecords;
  readonly sales: SalesSeries;
  private current: Promise<ForecastRun> | null = null;
  private pool: ForecastWorkers | null = null;
  private readonly lstmAbort = new AbortController();
  private closed = false;
  private timers: { start: NodeJS.Timeout | null; interval: NodeJS.Timeout | null; unsubscribe: (() => void) | null } = { start: null, interval: null, unsubscribe: null };
  readonly now: () => Date;

  constructor(private readonly deps: ForecastServiceDeps) {
    this.records = new ForecastRecords(deps.db);
    this.sales = new SalesSeries(deps.db);
    this.now = deps.now ?? (() => new Date());
  }

  get workers(): ForecastWorkers {
    if (this.closed) throw new AppError('UNAVAILABLE', 'Forecasting has stopped: the database is closing.');
    return (this.pool ??= this.deps.workers?.() ?? new ForecastWorkers());
  }

  get db(): Db {
    return this.deps.db;
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** Runs now, or joins the run in progress. */
  run(options: { lstm: boolean }): Promise<ForecastRun> {
    if (this.closed) return Promise.reject(new AppError('UNAVAILABLE', 'Forecasting has stopped: the database is closing.'));
    if (this.current) return this.current;
    if (!this.sales.span()) return Promise.reject(new AppError('NOT_FOUND', NO_HISTORY));
    const run = this.execute(options.lstm).finally(() => {
      if (this.current === run) this.current = null;
    });
    this.current = run;
    return run;
  }

  /** Whether the sales history changed since the last completed run (or none has completed). */
  isStale(): boolean {
    return this.records.lastCompleted()?.dataVersion !== this.sales.dataVersion();
  }

  /**
   * After a demo load or a sales import: a run in the background when the sales changed. Only once
   * started: a CLI command does its work and exits, it does not leave a run behind.
   */
  salesChanged(): void {
    if (!this.timers.unsubscribe || this.closed || this.current || !this.sales.span() || !this.isStale()) return;
    this.run({ lstm: this.deps.scheduledLstm ?? true }).catch((error: unknown) => {
      if (!this.closed) (this.deps.onError ?? ((e) => console.error('[watchdog] forecasting failed:', e)))(error);
    });
  }

  /** The schedule: a check a minute after start, then daily; and after every completed sales import. */
  start(): void {
    if (this.timers.unsubscribe) return;
    this.records.failAbandoned(this.now().toISOString());
    this.timers.unsubscribe = this.deps.bus.subscribe((event, payload) => {
      if (event !== 'imports.job') return;
      const job = payload as { kind: string; state: string };
      if (job.kind === 'sales' && job.state === 'completed') this.salesChanged();
    });
    this.timers.start = setTimeout(() => this.salesChanged(), this.deps.startDelayMs ?? 60_000);
    this.timers.start.unref();
    this.timers.interval = setInterval(() => this.salesChanged(), this.deps.intervalMs ?? 86_400_000);
    this.timers.interval.unref();
  }

  /** Stops the schedule, ends the workers (a run in progress fails and records so) and waits for it. */
  async close(): Promise<void> {
    this.timers.unsubscribe?.();
    if (this.timers.start) clearTimeout(this.timers.start);
    if (this.timers.interval) clearInterval(this.timers.interval);
    this.timers = { start: null, interval: null, unsubscribe: null };
    this.closed = true;
    this.lstmAbort.abort();
    await this.pool?.close();
    await Promise.allSettled([this.current]);
  }

  private async execute(lstm: boolean): Promise<ForecastRun> {
    const started = performance.now();
    const startedAt = this.now().toISOString();
    const dataVersion = this.sales.dataVersion();
    const series = this.sales.stores().flatMap((storeId) => this.sales.storeSeries(storeId));
    const noLstm: LstmSummary = { trained: false, backend: null, trainMs: null, note: lstm ? null : 'Not requested for this run.' };
    const id = this.records.startRun(startedAt, dataVersion, series.length, noLstm);
    const jobId = randomUUID();
    const report = (phase: string, done: number, total: number, finished = false) =>
      this.deps.bus.publish('job.progress', { jobId, kind: 'forecast', phase, done, total, finished });
    let done = 0;
    let summary = noLstm;
    try {
      report('statistical models', 0, series.length);
      const results = await this.workers.forecastMany(series.map((s) => s.units), {
        season: SEASON,
        horizon: SCHEDULED_HORIZON,
        firstDays: series.map((s) => s.firstDay),
        onProgress: (n, total) => {
          done = n;
          this.records.progress(id, n);
          report('statistical models', n, total);
        },
      });
      // The statistical results are kept at once, so the Forecasts screen has them while the LSTM trains.
      const lastDay = series.reduce((last, x) => Math.max(last, x.firstDay + x.units.length - 1), 0);
      const saveAll = (lstmEntries: readonly LstmEntry[]) => {
        const trainedAt = this.now().toISOString();
        this.records.transaction(() => {
          this.records.saveLstm(lstmEntries);
          series.forEach((s, i) => this.save(s, results[i]!, lstmEntries, dataVersion, trainedAt, id));
        });
      };
      // Accuracy looks back a year; older recorded forecasts would only grow the file.
      this.records.prunePoints(dateOf(lastDay - KEEP_POINTS_DAYS));
      saveAll([]);
      if (lstm) {
        report('LSTM', 0, 1);
        const outcome = await trainLstm(series.filter((s) => 'sku' in s.key), dataVersion, {
          run: this.deps.lstm, epochs: this.deps.lstmEpochs, signal: this.lstmAbort.signal, onProgress: (n, total, phase) => report(`LSTM: ${phase}`, n, total),
        });
        if (this.closed) throw new Error('the forecasting service was closed');
        summary = outcome.summary;
        // Its rows join each model table, and it is chosen where its backtest is better.
        if (outcome.entries.length) saveAll(outcome.entries);
      }
      const run = this.finish(id, started, { state: 'completed', done, lstm: summary, failure: null });
      report('done', series.length, series.length, true);
      return run;
    } catch (error) {
      const failure = (error as Error).message ?? String(error);
      const run = this.closed ? null : this.finish(id, started, { state: 'failed', done, lstm: summary, failure });
      report('failed', done, series.length, true);
      if (!run) throw error;
      return run;
    }
  }

  private save(s: DailySeries, result: Parameters<typeof fromSelection>[0], lstm: readonly LstmEntry[], dataVersion: string, trainedAt: string, runId: number): void {
    const measure = selectionMeasure(s.units);
    const entry = lstm.find((e) => e.storeId === s.storeId && e.seriesKey === s.seriesKey && e.horizon === SCHEDULED_HORIZON) ?? null;
    const chosen = withLstm(fromSelection(result), entry, measure);
    const origin = dateOf(s.firstDay + s.units.length - 1);
    const cached: CachedResult = { storeId: s.storeId, seriesKey: s.seriesKey, horizon: SCHEDULED_HORIZON, dataVersion, origin, trainedAt, selection: measure, ...chosen };
    this.records.saveResult(cached);
    const first = s.firstDay + s.units.length;
    this.records.recordPoints(s.storeId, s.seriesKey, origin, runId, chosen.forecast.mean.map((mean, d) => ({ date: dateOf(first + d), mean })));
  }

  private finish(id: number, started: number, outcome: Pick<ForecastRun, 'state' | 'done' | 'lstm' | 'failure'> & { state: 'completed' | 'failed' }): ForecastRun {
    this.records.finishRun(id, { ...outcome, finishedAt: this.now().toISOString(), elapsedMs: performance.now() - started });
    return this.records.lastRun()!;
  }
}
