import { FREE, L1, L2 } from './design';

/**
 * A least-squares problem with standardised columns (mean 0, standard deviation 1; constant columns
 * dropped) and a standardised response, reduced to its Gram matrix so that each coordinate-descent
 * step costs O(p) instead of O(n).
 */
export interface Prepared {
  readonly p: number;
  readonly kinds: Int8Array;
  readonly means: Float64Array;
  readonly sds: Float64Array;
  /** Columns with variance; the others keep a zero coefficient. */
  readonly active: number[];
  /** G = X̃ᵀX̃ / n, row-major p × p. */
  readonly gram: Float64Array;
  /** c = X̃ᵀỹ / n. */
  readonly xty: Float64Array;
  readonly yMean: number;
  readonly ySd: number;
}

export function prepare(rows: readonly Float64Array[], y: ArrayLike<number>, kinds: Int8Array): Prepared {
  const n = rows.length;
  const p = kinds.length;
  const means = new Float64Array(p);
  const sds = new Float64Array(p);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    yMean += y[i]!;
    for (let j = 0; j < p; j++) means[j] = means[j]! + rows[i]![j]!;
  }
  yMean /= n;
  for (let j = 0; j < p; j++) means[j] = means[j]! / n;
  let yVar = 0;
  for (let i = 0; i < n; i++) {
    yVar += (y[i]! - yMean) ** 2;
    for (let j = 0; j < p; j++) sds[j] = sds[j]! + (rows[i]![j]! - means[j]!) ** 2;
  }
  const ySd = Math.sqrt(yVar / n) || 1;
  const active: number[] = [];
  for (let j = 0; j < p; j++) {
    sds[j] = Math.sqrt(sds[j]! / n);
    if (sds[j]! > 1e-9) active.push(j);
    else sds[j] = 1;
  }
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const z = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    for (const j of active) z[j] = (row[j]! - means[j]!) / sds[j]!;
    const yi = (y[i]! - yMean) / ySd;
    for (const j of active) {
      const zj = z[j]!;
      xty[j] = xty[j]! + zj * yi;
      for (const k of active) if (k >= j) gram[j * p + k] = gram[j * p + k]! + zj * z[k]!;
    }
  }
  for (const j of active) {
    xty[j] = xty[j]! / n;
    for (const k of active) if (k >= j) gram[k * p + j] = gram[j * p + k] = gram[j * p + k]! / n;
  }
  return { p, kinds, means, sds, active, gram, xty, yMean, ySd };
}

const MAX_ROUNDS = 200;
const TOLERANCE = 1e-7;
/** Keeps the unpenalised and L1 blocks of the exact step positive definite when columns are nearly collinear. */
const RIDGE = 1e-10;

/**
 * Minimises (1/2n)‖ỹ − X̃b‖² + λ₁ Σ_{L1} |b_j| + (λ₂/2) Σ_{L2} b_j² on the standardised problem.
 * Neighbouring changepoint columns are nearly collinear, where plain coordinate descent crawls; so
 * each round is one coordinate-descent sweep (which finds the signs, and the changepoints that stay
 * at zero) followed by the exact minimum for those signs, a Cholesky solve on the non-zero columns,
 * taken as far as no sign flips. It stops when a sweep changes nothing. `warm` starts from an
 * earlier solution (a neighbouring penalty).
 */
export function solve(prep: Prepared, l1: number, l2: number, warm?: Float64Array): Float64Array {
  const { p, gram, xty, kinds, active } = prep;
  const b = warm ? Float64Array.from(warm) : new Float64Array(p);
  const q = new Float64Array(p);
  const refresh = () => {
    for (const j of active) q[j] = active.reduce((sum, k) => sum + gram[j * p + k]! * b[k]!, 0);
  };
  refresh();
  const update = (j: number): number => {
    const gjj = gram[j * p + j]!;
    const r = xty[j]! - q[j]! + gjj * b[j]!;
    const next = kinds[j] === FREE ? r / gjj : kinds[j] === L1 ? (Math.sign(r) * Math.max(0, Math.abs(r) - l1)) / gjj : r / (gjj + l2);
    const delta = next - b[j]!;
    if (delta === 0) return 0;
    b[j] = next;
    for (const k of active) q[k] = q[k]! + delta * gram[k * p + j]!;
    return Math.abs(delta);
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (active.reduce((biggest, j) => Math.max(biggest, update(j)), 0) < TOLERANCE) break;
    if (exactStep(prep, l1, l2, b)) refresh();
  }
  return b;
}

/**
 * Moves b to the minimum for the current signs (the non-zero changepoint deltas keep theirs); where
 * a delta would change sign on the way it stops, sets it to 0 and solves again without it.
 */
function exactStep(prep: Prepared, l1: number, l2: number, b: Float64Array): boolean {
  const { p, gram, xty, kinds } = prep;
  for (let pass = 0; pass <= prep.active.length; pass++) {
    const cols = prep.active.filter((j) => kinds[j] !== L1 || b[j] !== 0);
    const k = cols.length;
    const a = new Float64Array(k * k);
    const rhs = new Float64Array(k);
    cols.forEach((j, r) => {
      cols.forEach((c, s) => (a[r * k + s] = gram[j * p + c]!));
      a[r * k + r] = a[r * k + r]! + (kinds[j] === L2 ? l2 : RIDGE);
      rhs[r] = xty[j]! - (kinds[j] === L1 ? l1 * Math.sign(b[j]!) : 0);
    });
    const x = choleskySolve(a, rhs, k);
    if (!x) return pass > 0;
    let step = 1;
    let blocked = -1;
    cols.forEach((j, r) => {
      if (kinds[j] === L1 && Math.sign(x[r]!) !== Math.sign(b[j]!)) {
        const t = b[j]! / (b[j]! - x[r]!);
        if (t < step) [step, blocked] = [t, j];
      }
    });
    cols.forEach((j, r) => (b[j] = b[j]! + step * (x[r]! - b[j]!)));
    if (blocked < 0) return true;
    b[blocked] = 0;
  }
  return true;
}

/** Solves A x = rhs for a symmetric positive-definite k × k A (row-major); null if it is not. */
function choleskySolve(a: Float64Array, rhs: Float64Array, k: number): Float64Array | null {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * k + j]!;
      for (let m = 0; m < j; m++) sum -= l[i * k + m]! * l[j * k + m]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * k + i] = Math.sqrt(sum);
      } else l[i * k + j] = sum / l[j * k + j]!;
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = rhs[i]!;
    for (let m = 0; m < i; m++) sum -= l[i * k + m]! * z[m]!;
    z[i] = sum / l[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let m = i + 1; m < k; m++) sum -= l[m * k + i]! * z[m]!;
    z[i] = sum / l[i * k + i]!;
  }
  return z;
}

/** Coefficients on the original columns and response: ŷ = intercept + Σ coef_j x_j. */
export function unstandardise(prep: Prepared, b: Float64Array): { intercept: number; coef: Float64Array } {
  const coef = new Float64Array(prep.p);
  let intercept = prep.yMean;
  for (const j of prep.active) {
    coef[j] = (b[j]! * prep.ySd) / prep.sds[j]!;
    intercept -= coef[j]! * prep.means[j]!;
  }
  return { intercept, coef };
}
