import { SeededRandom } from '../../rng';

/** Paths behind Prophet's intervals; enough for stable 2.5 % and 97.5 % quantiles. */
export const SIMULATED_PATHS = 1000;

export interface TrendUncertainty {
  /** Forecast on the model's scale (the log scale for a log model), one per step ahead. */
  readonly zHat: readonly number[];
  /** Scaled time between two observations (1/(n − 1)). */
  readonly step: number;
  /** Candidate changepoints per unit of scaled time in the history (K). */
  readonly rate: number;
  /** Laplace scale of a future change in slope: the mean |delta| of the fitted changepoints. */
  readonly meanAbsDelta: number;
  /** In-sample residuals on the model's scale, resampled as the noise. */
  readonly residuals: Float64Array;
  readonly log: boolean;
  readonly seed: number;
}

/**
 * As Prophet does: each path gets future changepoints at the history's rate (a Poisson process on the
 * scaled time axis), each changing the slope by a Laplace(0, mean |δ|) draw, and on top of that trend a
 * residual drawn from the in-sample residuals (their empirical distribution instead of a Gaussian).
 */
export function simulatePaths(u: TrendUncertainty, paths = SIMULATED_PATHS): Float64Array[] {
  const random = new SeededRandom(u.seed);
  const h = u.zHat.length;
  const changeChance = 1 - Math.exp(-u.rate * u.step);
  const out: Float64Array[] = [];
  for (let k = 0; k < paths; k++) {
    const path = new Float64Array(h);
    let slope = 0;
    let shift = 0;
    for (let i = 0; i < h; i++) {
      if (u.meanAbsDelta > 0 && random.next() < changeChance) slope += laplace(random, u.meanAbsDelta);
      shift += slope * u.step;
      const noise = u.residuals.length ? u.residuals[Math.floor(random.next() * u.residuals.length)]! : 0;
      const z = u.zHat[i]! + shift + noise;
      path[i] = u.log ? Math.exp(z) : z;
    }
    out.push(path);
  }
  return out;
}

function laplace(random: SeededRandom, scale: number): number {
  const v = random.next() - 0.5;
  return -scale * Math.sign(v) * Math.log(1 - 2 * Math.abs(v));
}
