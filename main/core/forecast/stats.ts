/** Small numeric helpers shared by the models: moments, autocorrelation, a line fit, normal quantiles. */

export function mean(x: ArrayLike<number>, from = 0, to = x.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]!;
  return to > from ? sum / (to - from) : NaN;
}

export function variance(x: ArrayLike<number>): number {
  const mu = mean(x);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - mu) ** 2;
  return x.length > 1 ? sum / (x.length - 1) : 0;
}

/** Sample autocorrelations r[0..maxLag] with the usual 1/n normalisation (as R's acf). */
export function acf(x: ArrayLike<number>, maxLag: number): number[] {
  const n = x.length;
  const mu = mean(x);
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (x[i]! - mu) ** 2;
  const r = [1];
  for (let lag = 1; lag <= maxLag; lag++) {
    let c = 0;
    for (let i = lag; i < n; i++) c += (x[i]! - mu) * (x[i - lag]! - mu);
    r.push(c0 > 0 ? c / c0 : 0);
  }
  return r;
}

/** Least-squares line through (t0 + i, x[i]): intercept at t = 0 and slope. */
export function lineFit(x: ArrayLike<number>, t0 = 0): { intercept: number; slope: number } {
  const n = x.length;
  if (n < 2) return { intercept: n ? x[0]! : 0, slope: 0 };
  const tMean = t0 + (n - 1) / 2;
  const xMean = mean(x);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dt = t0 + i - tMean;
    sxy += dt * (x[i]! - xMean);
    sxx += dt * dt;
  }
  const slope = sxy / sxx;
  return { intercept: xMean - slope * tMean, slope };
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9 after one refinement step). */
export function qnorm(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // One Halley step against the complementary error function.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc (fractional error below 1.2e-7), enough for one refinement step.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Quantile of sorted values, type 7 (R's default): linear between order statistics. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export const Z80 = qnorm(0.9);
export const Z95 = qnorm(0.975);
