import { normalForecast, simulatedForecast } from '../../intervals';
import { SeededRandom } from '../../rng';
import type { FittedModel, Forecast } from '../../types';
import { etsFilter, etsPoint, specName, type EtsParams, type EtsSpec, type EtsState } from './ets-filter';
import { candidateSpecs, fitEtsSpec, type EtsFit } from './ets-fit';

/** Paths simulated for the intervals of models without analytic ones (multiplicative error or season). */
const SIMULATED_PATHS = 1000;

/**
 * Exponential smoothing: every candidate structure fitted by maximum likelihood, the lowest AICc
 * kept. Intervals are analytic for the linear models (additive error, no multiplicative season:
 * Hyndman et al. 2008, class 1) and simulated from the fitted model otherwise.
 */
export function fitEts(y: readonly number[], m: number, only?: Partial<EtsSpec>): FittedModel {
  const specs = candidateSpecs(y, m).filter((s) => (!only?.error || s.error === only.error) && (!only?.trend || s.trend === only.trend) && (!only?.season || s.season === only.season));
  let best: EtsFit | null = null;
  for (const spec of specs) {
    const fit = fitEtsSpec(y, spec);
    if (fit && (!best || fit.aicc < best.aicc)) best = fit;
  }
  // Too short for any structure's parameter count: simple exponential smoothing with its level fixed at the first value.
  best ??= fallbackSes(y);
  return new EtsModel(y, best);
}

function fallbackSes(y: readonly number[]): EtsFit {
  const spec: EtsSpec = { error: 'A', trend: 'N', season: 'N', m: 1 };
  const params: EtsParams = { alpha: 0.5, beta: 0, gamma: 0, phi: 1, l0: y[0] ?? 0, b0: 0, s0: [] };
  return { spec, params, neg2LogLik: etsFilter(spec, params, y).neg2LogLik, k: 2, aicc: Infinity };
}

export class EtsModel implements FittedModel {
  readonly family = 'ets';
  readonly description: string;
  readonly spec: EtsSpec;
  readonly params: EtsParams;
  readonly aicc: number;
  /** Residual variance on the error scale, with the parameter count subtracted (as R's sigma2). */
  readonly sigma2: number;
  private readonly state: EtsState;

  constructor(
    private readonly y: readonly number[],
    fit: EtsFit,
  ) {
    this.spec = fit.spec;
    this.params = fit.params;
    this.aicc = fit.aicc;
    this.description = specName(fit.spec);
    const run = etsFilter(fit.spec, fit.params, y);
    this.state = run.state;
    this.sigma2 = Number.isFinite(run.sse) ? run.sse / Math.max(1, y.length - (fit.k - 1)) : 0;
  }

  pointForecast(h: number): number[] {
    return etsPoint(this.spec, this.params, this.state, this.y.length, h);
  }

  forecast(h: number): Forecast {
    const mean = this.pointForecast(h);
    if (this.spec.error === 'A' && this.spec.season !== 'M') return normalForecast(mean, this.analyticSd(h));
    return simulatedForecast(mean, this.simulate(h));
  }

  refit(y: readonly number[]): FittedModel {
    // Backtest windows are prefixes of the same series: the full fit's parameters are a close start.
    const fit = fitEtsSpec(y, this.spec, this.params) ?? fitEtsSpec(y, this.spec);
    return fit ? new EtsModel(y, fit) : fitEts(y, this.spec.m);
  }

  /** Class 1 variance: σ²·(1 + Σ_{j<h} c_j²) with c_j = α + β·(φ + … + φ^j) + γ·[j a multiple of m]. */
  private analyticSd(h: number): number[] {
    const { alpha, beta, gamma } = this.params;
    const phi = this.spec.trend === 'Ad' ? this.params.phi : 1;
    const sd: number[] = [];
    let sum = 1;
    let phiSum = 0;
    let power = 1;
    for (let i = 0; i < h; i++) {
      sd.push(Math.sqrt(this.sigma2 * sum));
      const j = i + 1;
      power *= phi;
      phiSum += power;
      const c = alpha + (this.spec.trend !== 'N' ? beta * phiSum : 0) + (this.spec.season !== 'N' && j % this.spec.m === 0 ? gamma : 0);
      sum += c * c;
    }
    return sd;
  }

  private simulate(h: number): Float64Array[] {
    const random = new SeededRandom(0x5eed + h);
    const sigma = Math.sqrt(this.sigma2);
    const paths: Float64Array[] = [];
    const n = this.y.length;
    const { spec, params } = this;
    const phi = spec.trend === 'Ad' ? params.phi : 1;
    for (let k = 0; k < SIMULATED_PATHS; k++) {
      const path = new Float64Array(h);
      let { l, b } = this.state;
      const s = Float64Array.from(this.state.s);
      for (let i = 0; i < h; i++) {
        const pos = spec.season === 'N' ? 0 : (n + i) % spec.m;
        const sea = spec.season === 'N' ? 0 : s[pos]!;
        const q = spec.trend === 'N' ? l : l + phi * b;
        const f = spec.season === 'M' ? q * sea : q + sea;
        const e = sigma * random.normal();
        const value = spec.error === 'A' ? f + e : f * (1 + e);
        path[i] = value;
        const adjusted = spec.season === 'N' ? value : spec.season === 'A' ? value - sea : value / sea;
        const lNew = q + params.alpha * (adjusted - q);
        if (spec.trend !== 'N') b = phi * b + (params.beta / params.alpha) * (lNew - l - phi * b);
        if (spec.season !== 'N') s[pos] = sea + params.gamma * ((spec.season === 'A' ? value - q : value / q) - sea);
        l = lNew;
      }
      paths.push(path);
    }
    return paths;
  }
}
