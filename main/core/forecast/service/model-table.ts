import { floorAtZero } from '../intervals';
import type { Accuracy } from '../metrics';
import type { ForecastResult } from '../selection/select-model';
import type { Forecast } from '../types';
import type { LstmEntry, ModelScore } from './forecast-records';

export interface Chosen {
  model: string;
  description: string;
  forecast: Forecast;
  models: ModelScore[];
}

/** The statistical selection's outcome as the model table the screen shows. */
export function fromSelection(result: ForecastResult): Chosen {
  return {
    model: result.model,
    description: result.description,
    forecast: result.forecast,
    models: result.candidates.map((c) => ({ name: c.name, description: c.description, backtest: c.backtest, chosen: c.name === result.model })),
  };
}

/**
 * Adds the global LSTM as a candidate. It wins only when its backtest is better on the measure the
 * selection used (MASE, or RMSSE for intermittent series) than the chosen model's; a candidate without
 * a backtest cannot win, as in the statistical selection.
 */
export function withLstm(chosen: Chosen, lstm: LstmEntry | null, measure: 'mase' | 'rmsse'): Chosen {
  const models = chosen.models.filter((m) => m.name !== 'lstm');
  if (!lstm) return { ...chosen, models };
  const best = models.find((m) => m.chosen)?.backtest?.[measure];
  const score = lstm.backtest?.[measure];
  const wins = isFiniteNumber(score) && (!isFiniteNumber(best) || score < best);
  const table: ModelScore[] = [...models.map((m) => ({ ...m, chosen: wins ? false : m.chosen })), { name: 'lstm', description: lstm.description, backtest: lstm.backtest, chosen: wins }];
  return wins ? { model: 'lstm', description: lstm.description, forecast: floorAtZero(lstm.forecast), models: table } : { ...chosen, models: table };
}

const isFiniteNumber = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** NaN (JSON null) → null, as the contract has it. */
export function metricsOut(a: Accuracy | null): { mase: number | null; rmsse: number | null; mae: number | null; rmse: number | null; mape: number | null } | null {
  if (!a) return null;
  const out = (v: number | null | undefined) => (isFiniteNumber(v) ? v : null);
  return { mase: out(a.mase), rmsse: out(a.rmsse), mae: out(a.mae), rmse: out(a.rmse), mape: out(a.mape) };
}
