import type { ForecastRun } from '../../../../shared/contract/forecast-channels';
import type { Db } from '../../store/database';
import type { Accuracy } from '../metrics';
import type { Forecast } from '../types';

export interface ModelScore {
  name: string;
  description: string;
  backtest: Accuracy | null;
  chosen: boolean;
}

/** One cached forecast: a series at one horizon, with what it was trained on. */
export interface CachedResult {
  storeId: string;
  seriesKey: string;
  horizon: number;
  dataVersion: string;
  /** The history's last day when trained: the forecast starts the day after. */
  origin: string;
  trainedAt: string;
  model: string;
  description: string;
  forecast: Forecast;
  models: ModelScore[];
  selection: 'mase' | 'rmsse';
}

export interface LstmEntry {
  storeId: string;
  seriesKey: string;
  horizon: number;
  dataVersion: string;
  description: string;
  forecast: Forecast;
  backtest: Accuracy | null;
}

export type LstmSummary = ForecastRun['lstm'];

interface RunRow {
  started_at: string; finished_at: string | null; state: ForecastRun['state']; done: number; total: number; lstm: string; failure: string | null; elapsed_ms: number;
}

/** The forecast tables (migration 013): runs, cached results, the LSTM's outputs, recorded daily forecasts. */
export class ForecastRecords {
  constructor(private readonly db: Db) {}

  startRun(startedAt: string, dataVersion: string, total: number, lstm: LstmSummary): number {
    return Number(this.db.prepare("INSERT INTO forecast_runs (started_at, state, total, data_version, lstm) VALUES (?, 'running', ?, ?, ?)").run(startedAt, total, dataVersion, JSON.stringify(lstm)).lastInsertRowid);
  }

  progress(id: number, done: number): void {
    this.db.prepare('UPDATE forecast_runs SET done = ? WHERE id = ?').run(done, id);
  }

  finishRun(id: number, outcome: { finishedAt: string; state: 'completed' | 'failed'; done: number; lstm: LstmSummary; failure: string | null; elapsedMs: number }): void {
    this.db
      .prepare('UPDATE forecast_runs SET finished_at = ?, state = ?, done = ?, lstm = ?, failure = ?, elapsed_ms = ? WHERE id = ?')
      .run(outcome.finishedAt, outcome.state, outcome.done, JSON.stringify(outcome.lstm), outcome.failure, Math.round(outcome.elapsedMs), id);
  }

  /** A run left 'running' by a process that ended mid-run is failed on the next start. */
  failAbandoned(now: string): void {
    this.db.prepare("UPDATE forecast_runs SET state = 'failed', finished_at = ?, failure = 'The app stopped during the run.' WHERE state = 'running'").run(now);
  }

  lastRun(): ForecastRun | null {
    const row = this.db.prepare('SELECT * FROM forecast_runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  lastCompleted(): { finishedAt: string; dataVersion: string } | null {
    const row = this.db.prepare("SELECT finished_at, data_version FROM forecast_runs WHERE state = 'completed' ORDER BY id DESC LIMIT 1").get() as { finished_at: string; data_version: string } | undefined;
    return row ? { finishedAt: row.finished_at, dataVersion: row.data_version } : null;
  }

  saveResult(r: CachedResult): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO forecast_results (store_id, series_key, horizon, data_version, origin, trained_at, model, description, forecast, models, selection)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(r.storeId, r.seriesKey, r.horizon, r.dataVersion, r.origin, r.trainedAt, r.model, r.description, JSON.stringify(r.forecast), JSON.stringify(r.models), r.selection);
  }

  result(storeId: string, seriesKey: string, horizon: number): CachedResult | null {
    const row = this.db.prepare('SELECT * FROM forecast_results WHERE store_id = ? AND series_key = ? AND horizon = ?').get(storeId, seriesKey, horizon) as ResultRow | undefined;
    return row ? toResult(row) : null;
  }

  /** The horizon-30 results of a store (or all stores), for the inventory figures. */
  results(horizon: number, storeId?: string): CachedResult[] {
    const rows = storeId === undefined
      ? this.db.prepare('SELECT * FROM forecast_results WHERE horizon = ?').all(horizon)
      : this.db.prepare('SELECT * FROM forecast_results WHERE horizon = ? AND store_id = ?').all(horizon, storeId);
    return (rows as ResultRow[]).map(toResult);
  }

  saveLstm(entries: readonly LstmEntry[]): void {
    const insert = this.db.prepare(`INSERT OR REPLACE INTO forecast_lstm (store_id, series_key, horizon, data_version, description, forecast, backtest) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.db.transaction(() => {
      for (const e of entries) insert.run(e.storeId, e.seriesKey, e.horizon, e.dataVersion, e.description, JSON.stringify(e.forecast), e.backtest ? JSON.stringify(e.backtest) : null);
    }).immediate();
  }

  lstm(storeId: string, seriesKey: string, horizon: number, dataVersion: string): LstmEntry | null {
    const row = this.db.prepare('SELECT * FROM forecast_lstm WHERE store_id = ? AND series_key = ? AND horizon = ? AND data_version = ?').get(storeId, seriesKey, horizon, dataVersion) as
      | { description: string; forecast: string; backtest: string | null }
      | undefined;
    return row ? { storeId, seriesKey, horizon, dataVersion, description: row.description, forecast: JSON.parse(row.forecast) as Forecast, backtest: row.backtest ? (JSON.parse(row.backtest) as Accuracy) : null } : null;
  }

  /** The daily means a run forecast from `origin`; a rerun from the same origin replaces them. */
  recordPoints(storeId: string, seriesKey: string, origin: string, runId: number, points: readonly { date: string; mean: number }[]): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO forecast_points (store_id, series_key, origin, date, mean, run_id) VALUES (?, ?, ?, ?, ?, ?)');
    for (const p of points) insert.run(storeId, seriesKey, origin, p.date, p.mean, runId);
  }

  prunePoints(before: string): void {
    this.db.prepare('DELETE FROM forecast_points WHERE date < ?').run(before);
  }

  /** For each day up to `to`, the forecast made from the latest origin before that day. */
  latestPoints(storeId: string, seriesKey: string, to: string): { date: string; origin: string; mean: number }[] {
    return this.db
      .prepare(`SELECT date, origin, mean FROM forecast_points p WHERE store_id = ? AND series_key = ? AND date <= ?
          AND origin = (SELECT max(origin) FROM forecast_points q WHERE q.store_id = p.store_id AND q.series_key = p.series_key AND q.date = p.date)
        ORDER BY date`)
      .all(storeId, seriesKey, to) as { date: string; origin: string; mean: number }[];
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

interface ResultRow {
  store_id: string; series_key: string; horizon: number; data_version: string; origin: string; trained_at: string; model: string; description: string; forecast: string; models: string; selection: 'mase' | 'rmsse';
}

function toResult(row: ResultRow): CachedResult {
  return {
    storeId: row.store_id, seriesKey: row.series_key, horizon: row.horizon, dataVersion: row.data_version, origin: row.origin, trainedAt: row.trained_at,
    model: row.model, description: row.description, forecast: JSON.parse(row.forecast) as Forecast, models: JSON.parse(row.models) as ModelScore[], selection: row.selection,
  };
}

function toRun(row: RunRow): ForecastRun {
  return {
    startedAt: row.started_at, finishedAt: row.finished_at, state: row.state, done: row.done, total: row.total,
    lstm: JSON.parse(row.lstm) as LstmSummary, failure: row.failure, elapsedMs: row.elapsed_ms,
  };
}
