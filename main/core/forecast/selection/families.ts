import { fitAutoArima } from '../models/arima/auto-arima';
import { combine } from '../models/combo';
import { fitEts } from '../models/ets/ets';
import { fitIntermittent, isIntermittent } from '../models/intermittent';
import { fitSeasonalNaive } from '../models/naive';
import { fitProphet } from '../models/prophet/prophet';
import { fitTheta } from '../models/theta';
import type { FittedModel, SeriesContext } from '../types';

/** The per-series model families a user can ask for by name (the global LSTM, `--model lstm`, is trained across series: forecast/lstm/). */
export const MODEL_CHOICES = ['auto', 'snaive', 'ets', 'arima', 'theta', 'croston', 'sba', 'tsb', 'prophet', 'combo'] as const;
export type ModelChoice = (typeof MODEL_CHOICES)[number];
export type SingleModel = Exclude<ModelChoice, 'auto' | 'combo'>;

export function fitSingle(name: SingleModel, y: readonly number[], m: number, context: SeriesContext = {}): FittedModel {
  switch (name) {
    case 'snaive':
      return fitSeasonalNaive(y, m);
    case 'ets':
      return fitEts(y, m);
    case 'arima':
      return fitAutoArima(y, m);
    case 'theta':
      return fitTheta(y, m);
    case 'croston':
    case 'sba':
    case 'tsb':
      return fitIntermittent(y, name);
    case 'prophet':
      return fitProphet(y, m, { days: context.days });
  }
}

/**
 * What `auto` compares: the baselines, the three statistical families and the Prophet-style
 * regression (on every series, on the same backtest terms), and the intermittent methods for
 * intermittent series.
 */
export function autoCandidates(y: readonly number[]): SingleModel[] {
  const base: SingleModel[] = ['snaive', 'ets', 'arima', 'theta', 'prophet'];
  return isIntermittent(y) ? [...base, 'croston', 'sba', 'tsb'] : base;
}

/** The combination auto considers: the equal-weight mean of ETS, ARIMA and Theta. */
export const COMBO_MEMBERS: readonly SingleModel[] = ['ets', 'arima', 'theta'];

export function comboOf(models: ReadonlyMap<SingleModel, FittedModel>): FittedModel {
  return combine(COMBO_MEMBERS.map((name) => models.get(name)!));
}
