/**
 * Classical decomposition (R's `decompose`): a centred moving average of one season as the trend,
 * seasonal indices as the mean detrended value at each position, normalised to sum to 0
 * (additive) or average 1 (multiplicative). Needs at least two full seasons.
 */
export interface Decomposition {
  /** One index per position in the season; position p is for t with t mod m = p (t from 0). */
  readonly seasonal: number[];
  /** The centred moving average, NaN at the ends it cannot reach. */
  readonly trend: number[];
}

export function classicalDecomposition(y: readonly number[], m: number, type: 'additive' | 'multiplicative'): Decomposition {
  const n = y.length;
  const trend = movingAverage(y, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(trend[t]!)) continue;
    sums[t % m]! += type === 'additive' ? y[t]! - trend[t]! : y[t]! / trend[t]!;
    counts[t % m]!++;
  }
  const raw = sums.map((s, p) => (counts[p] ? s / counts[p]! : type === 'additive' ? 0 : 1));
  const average = raw.reduce((a, b) => a + b, 0) / m;
  const seasonal = raw.map((v) => (type === 'additive' ? v - average : v / average));
  return { seasonal, trend };
}

/** Centred moving average of order m (a 2×m average when m is even), as R's decompose filters. */
export function movingAverage(y: readonly number[], m: number): number[] {
  const n = y.length;
  const out = new Array<number>(n).fill(NaN);
  const even = m % 2 === 0;
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let sum = 0;
    if (even) {
      sum += 0.5 * (y[t - half]! + y[t + half]!);
      for (let k = -half + 1; k < half; k++) sum += y[t + k]!;
    } else {
      for (let k = -half; k <= half; k++) sum += y[t + k]!;
    }
    out[t] = sum / m;
  }
  return out;
}

/**
 * Strength of seasonality, max(0, 1 − var(remainder) / var(seasonal + remainder)), from an additive
 * classical decomposition (R's nsdiffs uses STL; this is the same measure on a simpler split).
 */
export function seasonalStrength(y: readonly number[], m: number): number {
  if (m < 2 || y.length < 2 * m) return 0;
  const { seasonal, trend } = classicalDecomposition(y, m, 'additive');
  const remainder: number[] = [];
  const detrended: number[] = [];
  for (let t = 0; t < y.length; t++) {
    if (Number.isNaN(trend[t]!)) continue;
    const d = y[t]! - trend[t]!;
    detrended.push(d);
    remainder.push(d - seasonal[t % m]!);
  }
  const v = (x: number[]) => {
    const mu = x.reduce((a, b) => a + b, 0) / x.length;
    return x.reduce((a, b) => a + (b - mu) ** 2, 0);
  };
  const total = v(detrended);
  return total > 0 ? Math.max(0, 1 - v(remainder) / total) : 0;
}
