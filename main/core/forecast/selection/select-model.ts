import { floorAtZero } from '../intervals';
import type { Accuracy } from '../metrics';
import { isIntermittent } from '../models/intermittent';
import type { FittedModel, Forecast, SeriesContext } from '../types';
import { backtestForecasts, backtestPlan, scoreBacktest, type BacktestPlan } from './backtest';
import { autoCandidates, COMBO_MEMBERS, comboOf, fitSingle, type ModelChoice, type SingleModel } from './families';

export interface CandidateScore {
  readonly name: string;
  readonly description: string;
  /** Mean over the backtest windows; null when the series is too short to backtest. */
  readonly backtest: Accuracy | null;
}

export interface ForecastResult {
  readonly model: string;
  readonly description: string;
  readonly forecast: Forecast;
  readonly backtest: Accuracy | null;
  readonly plan: BacktestPlan;
  readonly candidates: CandidateScore[];
}

/**
 * Fits the requested model (or, for `auto`, every candidate) on the whole series, scores each by a
 * rolling-origin backtest (structure kept, parameters re-estimated at each origin), and forecasts
 * with the one whose mean backtest error is lowest (MASE; RMSSE for intermittent series). The combination is scored from its members'
 * backtest forecasts, so it costs no extra fits. Too short to backtest: ETS's AICc choice stands.
 * `context` (the dates) reaches the models that use it.
 */
export function forecastSeries(y: readonly number[], m: number, h: number, choice: ModelChoice = 'auto', context: SeriesContext = {}): ForecastResult {
  if (y.length < 2) throw new Error('at least two observations are needed to forecast');
  const season = m >= 2 ? m : 1;
  const plan = backtestPlan(y.length, h, season);
  const names: SingleModel[] = choice === 'auto' ? autoCandidates(y) : choice === 'combo' ? [...COMBO_MEMBERS] : [choice];
  const fitted = new Map<SingleModel, FittedModel>();
  const paths = new Map<string, number[][]>();
  for (const name of names) {
    const model = fitSingle(name, y, season, context);
    fitted.set(name, model);
    if (plan.origins.length) paths.set(name, backtestForecasts(model, y, plan));
  }
  const candidates: { name: string; model: FittedModel; backtest: Accuracy | null }[] = [];
  const score = (forecasts: number[][] | undefined) => (forecasts ? scoreBacktest(y, plan, forecasts, season) : null);
  if (choice !== 'combo') for (const name of names) candidates.push({ name, model: fitted.get(name)!, backtest: score(paths.get(name)) });
  if (choice === 'auto' || choice === 'combo') {
    const members = COMBO_MEMBERS.map((name) => paths.get(name));
    const mean = members.every((p) => p) ? members[0]!.map((fold, f) => fold.map((_, i) => members.reduce((s, p) => s + p![f]![i]!, 0) / members.length)) : undefined;
    candidates.push({ name: 'combo', model: comboOf(fitted), backtest: score(mean) });
  }
  const best = pickBest(candidates, choice, selectionMeasure(y));
  const forecast = y.every((v) => v >= 0) ? floorAtZero(best.model.forecast(h)) : best.model.forecast(h);
  return {
    model: best.name,
    description: best.model.description,
    forecast,
    backtest: best.backtest,
    plan,
    candidates: candidates.map((c) => ({ name: c.name, description: c.model.description, backtest: c.backtest })),
  };
}

/**
 * The measure auto selects by: MASE, except for intermittent series, where an absolute error rewards
 * forecasting zero (the median day) and RMSSE, which rewards the mean demand, is used instead (as
 * the M5 competition did for retail sales).
 */
export const selectionMeasure = (y: readonly number[]): 'mase' | 'rmsse' => (isIntermittent(y) ? 'rmsse' : 'mase');

function pickBest<T extends { name: string; backtest: Accuracy | null }>(candidates: T[], choice: ModelChoice, measure: 'mase' | 'rmsse'): T {
  if (choice !== 'auto') return candidates[0]!;
  const scored = candidates.filter((c) => c.backtest && Number.isFinite(c.backtest[measure]));
  if (!scored.length) return candidates.find((c) => c.name === 'ets') ?? candidates[0]!;
  return scored.reduce((best, c) => (c.backtest![measure] < best.backtest![measure] ? c : best));
}
