import { classicalDecomposition } from '../../decompose';
import { nelderMead } from '../../optim/nelder-mead';
import { lineFit, mean, variance } from '../../stats';
import { etsFilter, type EtsParams, type EtsSpec } from './ets-filter';

/**
 * Fitting one ETS structure by maximum likelihood. Smoothing parameters are searched inside the usual
 * bounds (0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98) through β = α·u and γ = (1 − α)·v,
 * so the simplex sees a plain box. The initial level and trend are estimated too; the initial
 * seasonal states as well on series up to SEASONAL_STATES_UP_TO observations (on longer ones they
 * stay at their decomposition estimates: the smoothing has long forgotten them by the end).
 */
export const SEASONAL_STATES_UP_TO = 300;

export interface EtsFit {
  readonly spec: EtsSpec;
  readonly params: EtsParams;
  readonly neg2LogLik: number;
  /** Estimated parameters plus one for the error variance (what AICc counts). */
  readonly k: number;
  readonly aicc: number;
}

/** Heuristic initial states (as R's initstate): decomposition of the first seasons, then a line through the first deseasonalised points. */
export function initialStates(y: readonly number[], spec: EtsSpec): Pick<EtsParams, 'l0' | 'b0' | 's0'> {
  const m = spec.m;
  let s0: number[] = [];
  let adjusted = [...y];
  if (spec.season !== 'N') {
    const span = y.slice(0, Math.min(y.length, Math.max(4 * m, 2 * m)));
    s0 = classicalDecomposition(span, m, spec.season === 'A' ? 'additive' : 'multiplicative').seasonal;
    adjusted = y.map((v, t) => (spec.season === 'A' ? v - s0[t % m]! : v / s0[t % m]!));
  }
  const maxn = Math.min(Math.max(10, 2 * m), y.length);
  const head = adjusted.slice(0, maxn);
  if (spec.trend === 'N') return { l0: mean(head), b0: 0, s0 };
  const line = lineFit(head, 1);
  return { l0: line.intercept, b0: line.slope, s0 };
}

/** Number of estimated parameters (smoothing, initial states) plus the variance. */
export function parameterCount(spec: EtsSpec): number {
  const smoothing = 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season !== 'N' ? 1 : 0) + (spec.trend === 'Ad' ? 1 : 0);
  const states = 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season !== 'N' ? spec.m - 1 : 0);
  return smoothing + states + 1;
}

const LOW = 1e-4;
const HIGH = 0.9999;

export function fitEtsSpec(y: readonly number[], spec: EtsSpec, start?: EtsParams, maxEvaluations?: number): EtsFit | null {
  const n = y.length;
  const k = parameterCount(spec);
  if (n < k + 2) return null;
  const init = start ?? { alpha: 0.2, beta: 0.02, gamma: 0.04, phi: 0.97, ...initialStates(y, spec) };
  const withSeasonStates = spec.season !== 'N' && n <= SEASONAL_STATES_UP_TO;
  const scale = Math.sqrt(variance(y)) || Math.abs(init.l0) || 1;

  const x0: number[] = [init.alpha];
  const lower: number[] = [LOW];
  const upper: number[] = [HIGH];
  const step: number[] = [0.05];
  const push = (value: number, lo: number, hi: number, s: number) => {
    x0.push(Math.min(hi, Math.max(lo, value)));
    lower.push(lo);
    upper.push(hi);
    step.push(s);
  };
  if (spec.trend !== 'N') push(init.beta / init.alpha, LOW, HIGH, 0.05);
  if (spec.season !== 'N') push(init.gamma / (1 - init.alpha), LOW, HIGH, 0.05);
  if (spec.trend === 'Ad') push(init.phi, 0.8, 0.98, 0.02);
  const multiplicative = spec.error === 'M' || spec.season === 'M';
  push(init.l0, multiplicative ? 1e-8 : -Infinity, Infinity, 0.1 * scale);
  if (spec.trend !== 'N') push(init.b0, -Infinity, Infinity, 0.02 * scale);
  if (withSeasonStates) for (let i = 0; i < spec.m - 1; i++) push(init.s0[i]!, spec.season === 'M' ? 1e-3 : -Infinity, Infinity, spec.season === 'M' ? 0.02 : 0.05 * scale);

  const unpack = (x: readonly number[]): EtsParams => {
    let i = 0;
    const alpha = x[i++]!;
    const beta = spec.trend !== 'N' ? alpha * x[i++]! : 0;
    const gamma = spec.season !== 'N' ? (1 - alpha) * x[i++]! : 0;
    const phi = spec.trend === 'Ad' ? x[i++]! : 1;
    const l0 = x[i++]!;
    const b0 = spec.trend !== 'N' ? x[i++]! : 0;
    let s0 = init.s0;
    if (withSeasonStates) {
      s0 = x.slice(i, i + spec.m - 1);
      const sum = s0.reduce((a, b) => a + b, 0);
      s0.push(spec.season === 'A' ? -sum : spec.m - sum);
    }
    return { alpha, beta, gamma, phi, l0, b0, s0 };
  };
  const objective = (x: readonly number[]) => {
    const params = unpack(x);
    if (spec.season === 'M' && params.s0[params.s0.length - 1]! <= 0) return Infinity;
    return etsFilter(spec, params, y).neg2LogLik;
  };
  const best = nelderMead(objective, x0, { lower, upper, step, maxEvaluations: maxEvaluations ?? 150 * x0.length + 300, tolerance: 1e-7 });
  if (!Number.isFinite(best.value)) return null;
  const aicc = best.value + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
  return { spec, params: unpack(best.x), neg2LogLik: best.value, k, aicc };
}

/** The structures the automatic choice compares (R's defaults: no multiplicative trend, no additive error with multiplicative season). */
export function candidateSpecs(y: readonly number[], m: number): EtsSpec[] {
  const positive = y.every((v) => v > 0);
  const seasonal = m > 1 && m <= 24 && y.length >= 2 * m;
  const specs: EtsSpec[] = [];
  for (const error of positive ? (['A', 'M'] as const) : (['A'] as const)) {
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of seasonal ? (positive ? (['N', 'A', 'M'] as const) : (['N', 'A'] as const)) : (['N'] as const)) {
        if (error === 'A' && season === 'M') continue;
        specs.push({ error, trend, season, m: season === 'N' ? 1 : m });
      }
    }
  }
  return specs;
}
