import type { Migration } from './types';

/**
 * Forecasting over the sales history (docs/forecasting-store.md). Derived data, not evidence: all of
 * it can be rebuilt from `sales_daily`, so the chain does not cover it.
 *
 * - `forecast_runs`: one row per training run, with the sales data version it trained on.
 * - `forecast_results`: the latest forecast per store, series key (`sku:<sku>` or `category:<name>`)
 *   and horizon, with the data version and the history's last day it was trained on (the origin).
 * - `forecast_lstm`: the global LSTM's forecast and backtest per series and horizon from the latest
 *   run that trained it, so an on-demand horizon can still be compared with it.
 * - `forecast_points`: the daily forecasts each run made (horizon 30), kept per origin so past
 *   forecasts can be held against what sold once their days have passed.
 */
export const migration013: Migration = {
  version: 13,
  name: 'forecasts',
  up(db) {
    db.exec(`
      CREATE TABLE forecast_runs (
        id           INTEGER PRIMARY KEY,
        started_at   TEXT    NOT NULL,
        finished_at  TEXT,
        state        TEXT    NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
        done         INTEGER NOT NULL DEFAULT 0,
        total        INTEGER NOT NULL DEFAULT 0,
        data_version TEXT    NOT NULL,
        lstm         TEXT    NOT NULL CHECK (json_valid(lstm)),
        failure      TEXT,
        elapsed_ms   INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE forecast_results (
        store_id     TEXT    NOT NULL,
        series_key   TEXT    NOT NULL,
        horizon      INTEGER NOT NULL CHECK (horizon > 0),
        data_version TEXT    NOT NULL,
        origin       TEXT    NOT NULL,
        trained_at   TEXT    NOT NULL,
        model        TEXT    NOT NULL,
        description  TEXT    NOT NULL,
        forecast     TEXT    NOT NULL CHECK (json_valid(forecast)),
        models       TEXT    NOT NULL CHECK (json_valid(models)),
        selection    TEXT    NOT NULL CHECK (selection IN ('mase', 'rmsse')),
        PRIMARY KEY (store_id, series_key, horizon)
      ) WITHOUT ROWID;

      CREATE TABLE forecast_lstm (
        store_id     TEXT    NOT NULL,
        series_key   TEXT    NOT NULL,
        horizon      INTEGER NOT NULL CHECK (horizon > 0),
        data_version TEXT    NOT NULL,
        description  TEXT    NOT NULL,
        forecast     TEXT    NOT NULL CHECK (json_valid(forecast)),
        backtest     TEXT    CHECK (backtest IS NULL OR json_valid(backtest)),
        PRIMARY KEY (store_id, series_key, horizon)
      ) WITHOUT ROWID;

      CREATE TABLE forecast_points (
        store_id   TEXT    NOT NULL,
        series_key TEXT    NOT NULL,
        origin     TEXT    NOT NULL,
        date       TEXT    NOT NULL CHECK (date > origin),
        mean       REAL    NOT NULL,
        run_id     INTEGER NOT NULL,
        PRIMARY KEY (store_id, series_key, date, origin)
      ) WITHOUT ROWID;
    `);
  },
};
