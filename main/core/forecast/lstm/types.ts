import type { Accuracy } from '../metrics';
import type { Forecast } from '../types';

export interface LstmRunOptions {
  /** Season length: 7 for daily sales. */
  season: number;
  /** A forecast and a backtest per horizon, e.g. [7, 14, 30, 90]. */
  horizons: readonly number[];
  /** Default 1: the same inputs and seed give the same output. */
  seed?: number;
  /** Epochs of the backtest model (the final one continues for half as many on all data); chosen from the data's size when absent. */
  epochs?: number;
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Aborting rejects with an Error named 'AbortError' and stops the worker. */
  signal?: AbortSignal;
}

export interface LstmSeriesOutput {
  byHorizon: Record<number, { forecast: Forecast; backtest: Accuracy | null }>;
  /** Such as 'LSTM(32), 28-day window, global over 80 series'. */
  description: string;
}

export interface LstmRunResult {
  series: LstmSeriesOutput[];
  /** The TensorFlow.js backend that ran: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  backend: string;
  trainMs: number;
  /** Epochs run in all: the backtest model's plus the final model's continuation. */
  epochs: number;
  /** Anything a reader should know: a fallback backend, intervals from in-sample errors. */
  note: string | null;
}
