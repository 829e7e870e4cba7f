import { nelderMead } from '../../optim/nelder-mead';
import { mean, variance } from '../../stats';
import { cssResiduals, exactLikelihood, sparse } from './arma-likelihood';
import { arPolynomial, differencingPolynomial, fromStationary, maPolynomial, minRootModulus, multiply, toStationary } from './polynomials';

export interface ArimaOrder {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  readonly m: number;
  /** A mean (d + D = 0) or a drift (d + D = 1) on the differenced series. */
  readonly constant: boolean;
}

export interface ArimaCoefficients {
  readonly ar: number[];
  readonly ma: number[];
  readonly sar: number[];
  readonly sma: number[];
  readonly mu: number;
}

export interface ArimaFit {
  readonly order: ArimaOrder;
  readonly coef: ArimaCoefficients;
  readonly sigma2: number;
  readonly aicc: number;
  readonly method: 'CSS' | 'ML';
}

export const orderName = (o: ArimaOrder) =>
  `ARIMA(${o.p},${o.d},${o.q})${o.m > 1 && o.P + o.D + o.Q > 0 ? `(${o.P},${o.D},${o.Q})[${o.m}]` : ''}${o.constant ? (o.d + o.D === 0 ? ' with mean' : ' with drift') : ''}`;

export function difference(y: readonly number[], d: number, D: number, m: number): number[] {
  let w = [...y];
  for (let i = 0; i < D; i++) w = w.slice(m).map((v, t) => v - w[t]!);
  for (let i = 0; i < d; i++) w = w.slice(1).map((v, t) => v - w[t]!);
  return w;
}

/** The expanded AR and MA coefficient lists (φ and θ of the whole ARMA part, seasonal terms multiplied in). */
export function expanded(order: ArimaOrder, coef: ArimaCoefficients): { phi: number[]; theta: number[] } {
  const ar = multiply(arPolynomial(coef.ar), arPolynomial(coef.sar, order.m));
  const ma = multiply(maPolynomial(coef.ma), maPolynomial(coef.sma, order.m));
  return { phi: ar.slice(1).map((v) => -v), theta: ma.slice(1) };
}

/** Roots of the AR and MA polynomials must stay outside 1.01 (R's check), or the model is refused. */
function nearUnitRoot(order: ArimaOrder, coef: ArimaCoefficients): boolean {
  const limit = 1.01;
  if (minRootModulus(arPolynomial(coef.ar)) < limit || minRootModulus(maPolynomial(coef.ma)) < limit) return true;
  const seasonalLimit = limit ** order.m;
  return minRootModulus(arPolynomial(coef.sar)) < seasonalLimit || minRootModulus(maPolynomial(coef.sma)) < seasonalLimit;
}

/**
 * Fits one order by conditional sum of squares ('CSS') or by CSS followed by exact maximum
 * likelihood ('ML', R's CSS-ML). AR and MA parts are optimised through the partial-autocorrelation
 * map, so every candidate is stationary and invertible. Null when the series is too short for the
 * order or the fit lands next to a unit root.
 */
export function fitArimaOrder(y: readonly number[], order: ArimaOrder, method: 'CSS' | 'ML', start?: ArimaCoefficients): ArimaFit | null {
  const w = difference(y, order.d, order.D, order.m);
  const n = w.length;
  const counts = [order.p, order.q, order.P, order.Q];
  const k = order.p + order.q + order.P + order.Q + (order.constant ? 1 : 0) + 1;
  const ncond = order.p + order.P * order.m;
  if (n - ncond < k + 2 || n < 3) return null;
  const sd = Math.sqrt(variance(w)) || 1;
  const wMean = mean(w);

  const unpack = (x: readonly number[]): ArimaCoefficients => {
    let i = 0;
    const take = (count: number, sign: 1 | -1) => {
      const part = toStationary(x.slice(i, i + count)).map((v) => sign * v);
      i += count;
      return part;
    };
    const ar = take(order.p, 1);
    const ma = take(order.q, -1);
    const sar = take(order.P, 1);
    const sma = take(order.Q, -1);
    return { ar, ma, sar, sma, mu: order.constant ? x[i]! : 0 };
  };
  const pack = (c: ArimaCoefficients) => [...fromStationary(c.ar), ...fromStationary(c.ma.map((v) => -v)), ...fromStationary(c.sar), ...fromStationary(c.sma.map((v) => -v)), ...(order.constant ? [c.mu] : [])];
  const x0 = start ? pack(start) : [...counts.flatMap((c) => new Array<number>(c).fill(0)), ...(order.constant ? [wMean] : [])];
  const step = x0.map((_, i) => (order.constant && i === x0.length - 1 ? 0.1 * sd + 1e-8 : 0.2));
  const lower = x0.map((_, i) => (order.constant && i === x0.length - 1 ? -Infinity : -4));
  const upper = x0.map((_, i) => (order.constant && i === x0.length - 1 ? Infinity : 4));

  const residuals = new Float64Array(n);
  const z = new Float64Array(n);
  const css = (c: ArimaCoefficients) => {
    const { phi, theta } = expanded(order, c);
    for (let t = 0; t < n; t++) z[t] = w[t]! - c.mu;
    const sse = cssResiduals(z, sparse([1, ...phi.map((v) => -v)], -1), sparse([1, ...theta], 1), ncond, residuals);
    return sse / (n - ncond);
  };
  // The CSS criterion on the differenced length: n·log σ² (constants dropped, as R's CSS aic).
  const cssObjective = (x: readonly number[]) => n * Math.log(css(unpack(x)));
  let best = nelderMead(cssObjective, x0, { lower, upper, step, maxEvaluations: 120 * x0.length + 200, tolerance: 1e-8 });
  let coef = unpack(best.x);
  let neg2LogLik = best.value + n * (1 + Math.log(2 * Math.PI));
  let sigma2 = css(coef);
  if (method === 'ML') {
    const mlObjective = (x: readonly number[]) => {
      const c = unpack(x);
      const { phi, theta } = expanded(order, c);
      for (let t = 0; t < n; t++) z[t] = w[t]! - c.mu;
      return exactLikelihood(z, phi, theta).neg2LogLik;
    };
    best = nelderMead(mlObjective, best.x, { lower, upper, step: step.map((s) => s / 2), maxEvaluations: 40 * x0.length + 100, tolerance: 1e-8 });
    if (Number.isFinite(best.value)) {
      coef = unpack(best.x);
      neg2LogLik = best.value;
      const { phi, theta } = expanded(order, coef);
      for (let t = 0; t < n; t++) z[t] = w[t]! - coef.mu;
      sigma2 = exactLikelihood(z, phi, theta).sigma2;
    }
  }
  if (!Number.isFinite(neg2LogLik) || nearUnitRoot(order, coef)) return null;
  const aicc = neg2LogLik + 2 * k + (2 * k * (k + 1)) / Math.max(1, n - k - 1);
  return { order, coef, sigma2, aicc, method };
}

/** The full AR polynomial with the differencing multiplied in: what forecasting and ψ-weights run on. */
export function integratedAr(order: ArimaOrder, coef: ArimaCoefficients): number[] {
  const { phi } = expanded(order, coef);
  return multiply(arPolynomial(phi), differencingPolynomial(order.d, order.D, order.m));
}

/** Re-differencing constant: the drift/mean on w becomes a trend on y through the differencing. */
export function differencingOf(order: ArimaOrder): number[] {
  return differencingPolynomial(order.d, order.D, order.m);
}
