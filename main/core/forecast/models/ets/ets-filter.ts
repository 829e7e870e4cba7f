/**
 * The ETS state-space recursion (Hyndman, Koehler, Ord & Snyder 2008) in the error-correction form
 * R's `forecast::ets` uses: the same state updates for additive and multiplicative errors, which
 * differ only in the likelihood. Additive or damped trend; none, additive or multiplicative season.
 */
export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'Ad';
export type SeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  readonly error: ErrorType;
  readonly trend: TrendType;
  readonly season: SeasonType;
  /** Season length; 1 when the season is N. */
  readonly m: number;
}

export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  l0: number;
  b0: number;
  /** Initial seasonal state per position in the season (t mod m for t counted from 0). */
  s0: number[];
}

export interface EtsState {
  l: number;
  b: number;
  /** Latest seasonal state per position in the season. */
  s: Float64Array;
}

export interface FilterResult {
  /** −2 log-likelihood (Infinity when the model breaks down, such as a non-positive level under multiplicative terms). */
  readonly neg2LogLik: number;
  /** Sum of squared errors on the model's error scale (absolute for A, relative for M). */
  readonly sse: number;
  readonly state: EtsState;
  /** One-step in-sample errors on the error scale, when asked for. */
  readonly errors?: Float64Array;
}

export const specName = (spec: EtsSpec) => `ETS(${spec.error},${spec.trend},${spec.season})${spec.season !== 'N' ? `[${spec.m}]` : ''}`;

export function etsFilter(spec: EtsSpec, p: EtsParams, y: readonly number[], keepErrors = false): FilterResult {
  const n = y.length;
  const m = spec.m;
  const multiplicative = spec.error === 'M' || spec.season === 'M';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const betaRatio = p.beta / p.alpha;
  const s = Float64Array.from(spec.season === 'N' ? [0] : p.s0);
  const errors = keepErrors ? new Float64Array(n) : undefined;
  let l = p.l0;
  let b = spec.trend === 'N' ? 0 : p.b0;
  let sse = 0;
  let sumLog = 0;
  for (let t = 0; t < n; t++) {
    const pos = spec.season === 'N' ? 0 : t % m;
    const sea = spec.season === 'N' ? 0 : s[pos]!;
    const q = spec.trend === 'N' ? l : l + phi * b;
    const f = spec.season === 'M' ? q * sea : q + sea;
    if (multiplicative && (!(f > 0) || !(q > 0))) return broken(spec, p);
    const yt = y[t]!;
    const e = spec.error === 'A' ? yt - f : (yt - f) / f;
    if (errors) errors[t] = e;
    sse += e * e;
    if (spec.error === 'M') sumLog += Math.log(f);
    const adjusted = spec.season === 'N' ? yt : spec.season === 'A' ? yt - sea : yt / sea;
    const lNew = q + p.alpha * (adjusted - q);
    if (spec.trend !== 'N') b = phi * b + betaRatio * (lNew - l - phi * b);
    if (spec.season !== 'N') s[pos] = sea + p.gamma * ((spec.season === 'A' ? yt - q : yt / q) - sea);
    l = lNew;
  }
  if (!Number.isFinite(sse)) return broken(spec, p);
  const safeSse = Math.max(sse, 1e-300 * n);
  const neg2LogLik = n * Math.log(safeSse / n) + 2 * sumLog + n * (1 + Math.log(2 * Math.PI));
  return { neg2LogLik, sse, state: { l, b, s }, errors };
}

function broken(spec: EtsSpec, p: EtsParams): FilterResult {
  return { neg2LogLik: Infinity, sse: Infinity, state: { l: p.l0, b: p.b0, s: Float64Array.from(p.s0.length ? p.s0 : [0]) } };
}

/** Point forecasts from a final state: the recursion run on with zero errors. */
export function etsPoint(spec: EtsSpec, p: EtsParams, state: EtsState, n: number, h: number): number[] {
  const out: number[] = [];
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  let phiSum = 0;
  let power = 1;
  for (let i = 0; i < h; i++) {
    power *= phi;
    phiSum += power;
    const q = spec.trend === 'N' ? state.l : state.l + phiSum * state.b;
    if (spec.season === 'N') out.push(q);
    else {
      const sea = state.s[(n + i) % spec.m]!;
      out.push(spec.season === 'M' ? q * sea : q + sea);
    }
  }
  return out;
}
