import type { FittedModel } from '../../types';
import { ArimaModel } from './arima';
import { difference, fitArimaOrder, type ArimaFit, type ArimaOrder } from './arima-fit';
import { ndiffs, nsdiffs } from './unit-root';

/** Limits of the search (R's auto.arima defaults), and the largest season seasonal terms are tried for. */
const MAX_P = 5;
const MAX_Q = 5;
const MAX_SP = 2;
const MAX_SQ = 2;
const MAX_ORDER = 5;
const MAX_SEASONAL_PERIOD = 52;
/** Models tried at most by the stepwise search (R's default is 94). */
const MAX_MODELS = 94;

/**
 * Automatic ARIMA by the Hyndman–Khandakar stepwise search: D from the seasonal strength, d from
 * repeated KPSS tests, then from the best of four starting models, neighbouring orders (each of p,
 * q, P, Q up or down by one, p and q together, P and Q together, the constant on or off) until no
 * neighbour lowers the AICc. Like R with approximation, long or highly seasonal series
 * (n > 150 or m > 12) are searched by CSS and only the chosen model is refitted by CSS-ML.
 */
export function fitAutoArima(y: readonly number[], m: number): FittedModel {
  const seasonal = m > 1 && m <= MAX_SEASONAL_PERIOD && y.length >= 2 * m + 1;
  const period = seasonal ? Math.round(m) : 1;
  const D = seasonal ? nsdiffs(y, period) : 0;
  const d = ndiffs(D ? difference(y, 0, D, period) : y, 2);
  const approximate = y.length > 150 || period > 12;
  const method = approximate ? 'CSS' : 'ML';
  const allowConstant = d + D <= 1;
  const tried = new Map<string, ArimaFit | null>();
  const tryOrder = (p: number, q: number, P: number, Q: number, constant: boolean): ArimaFit | null => {
    if (p < 0 || q < 0 || P < 0 || Q < 0 || p > MAX_P || q > MAX_Q || P > MAX_SP || Q > MAX_SQ || p + q + P + Q > MAX_ORDER) return null;
    if (!seasonal && (P > 0 || Q > 0)) return null;
    if (constant && !allowConstant) return null;
    const key = `${p},${q},${P},${Q},${constant}`;
    if (tried.has(key)) return tried.get(key)!;
    if (tried.size >= MAX_MODELS) return null;
    const fit = fitArimaOrder(y, { p, d, q, P, D, Q, m: period, constant }, method);
    tried.set(key, fit);
    return fit;
  };

  const startSeasonal = seasonal ? 1 : 0;
  const starts: [number, number, number, number][] = [
    [2, 2, startSeasonal, startSeasonal],
    [0, 0, 0, 0],
    [1, 0, startSeasonal, 0],
    [0, 1, 0, startSeasonal],
  ];
  let best: ArimaFit | null = null;
  for (const [p, q, P, Q] of starts) {
    const fit = tryOrder(p, q, P, Q, allowConstant);
    if (fit && (!best || fit.aicc < best.aicc)) best = fit;
  }
  if (allowConstant) {
    const noConstant = tryOrder(0, 0, 0, 0, false);
    if (noConstant && (!best || noConstant.aicc < best.aicc)) best = noConstant;
  }
  if (!best) {
    best = fitArimaOrder(y, { p: 0, d, q: 0, P: 0, D, Q: 0, m: period, constant: false }, 'CSS');
    if (!best) return new ArimaModel(y, { order: { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: false }, coef: { ar: [], ma: [], sar: [], sma: [], mu: 0 }, sigma2: 0, aicc: Infinity, method: 'CSS' });
  }

  for (let improved = true; improved; ) {
    improved = false;
    for (const [p, q, P, Q, constant] of neighbours(best.order)) {
      const fit = tryOrder(p, q, P, Q, constant);
      if (fit && fit.aicc < best.aicc) {
        best = fit;
        improved = true;
        break;
      }
    }
  }
  if (approximate) best = refineByMl(y, best.order, best);
  return new ArimaModel(y, best);
}

function neighbours(o: ArimaOrder): [number, number, number, number, boolean][] {
  const { p, q, P, Q, constant } = o;
  return [
    [p, q, P - 1, Q, constant], [p, q, P + 1, Q, constant], [p, q, P, Q - 1, constant], [p, q, P, Q + 1, constant],
    [p, q, P - 1, Q - 1, constant], [p, q, P + 1, Q + 1, constant], [p, q, P - 1, Q + 1, constant], [p, q, P + 1, Q - 1, constant],
    [p - 1, q, P, Q, constant], [p + 1, q, P, Q, constant], [p, q - 1, P, Q, constant], [p, q + 1, P, Q, constant],
    [p - 1, q - 1, P, Q, constant], [p + 1, q + 1, P, Q, constant], [p - 1, q + 1, P, Q, constant], [p + 1, q - 1, P, Q, constant],
    [p, q, P, Q, !constant],
  ];
}

/** The chosen model's final estimates by CSS-ML, when the state space stays small enough to filter quickly. */
function refineByMl(y: readonly number[], order: ArimaOrder, cssFit: ArimaFit): ArimaFit {
  const r = Math.max(order.p + order.P * order.m, order.q + order.Q * order.m + 1);
  if (r > 30) return cssFit;
  return fitArimaOrder(y, order, 'ML', cssFit.coef) ?? cssFit;
}
