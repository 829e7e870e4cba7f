/** A point forecast with its 80 % and 95 % prediction intervals, one value per step ahead. */
export interface Forecast {
  readonly mean: number[];
  readonly lower80: number[];
  readonly upper80: number[];
  readonly lower95: number[];
  readonly upper95: number[];
}

/** A model fitted to one series. `refit` re-estimates its parameters on other data, keeping its structure (orders, components). */
export interface FittedModel {
  /** The family, as the CLI names it (`ets`, `arima`, …). */
  readonly family: string;
  /** The fitted structure in the usual notation, such as `ETS(A,Ad,A)` or `ARIMA(1,1,1)(0,1,1)[7]`. */
  readonly description: string;
  forecast(h: number): Forecast;
  /** Point forecasts only: what a backtest needs, without simulating intervals. */
  pointForecast(h: number): number[];
  refit(y: readonly number[]): FittedModel;
}

/** The family names the CLI and the selection know. */
export const FAMILIES = ['snaive', 'ets', 'arima', 'theta', 'combo', 'croston', 'prophet'] as const;
export type Family = (typeof FAMILIES)[number];

/** What may be known about a series besides its values; models that cannot use it ignore it. */
export interface SeriesContext {
  /** The epoch day (whole UTC days since 1970-01-01) of each observation; entries past the history date the forecast. */
  readonly days?: readonly number[];
}
