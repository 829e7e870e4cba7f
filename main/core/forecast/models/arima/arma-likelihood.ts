/**
 * Two likelihoods for an ARMA model of a (differenced, mean-removed) series z, given its expanded
 * polynomials: the conditional sum of squares (fast, for the search on long series) and the exact
 * Gaussian likelihood from a Kalman filter on Harvey's state-space form (for the final estimates).
 */
import type { LagPolynomial } from './polynomials';

/** Non-zero lags and coefficients of a polynomial, so seasonal models skip their many zeros. */
export interface SparseLags {
  readonly lags: Int32Array;
  readonly coefs: Float64Array;
}

export function sparse(poly: LagPolynomial, sign: 1 | -1): SparseLags {
  const lags: number[] = [];
  const coefs: number[] = [];
  for (let i = 1; i < poly.length; i++) {
    if (poly[i] !== 0) {
      lags.push(i);
      coefs.push(sign * poly[i]!);
    }
  }
  return { lags: Int32Array.from(lags), coefs: Float64Array.from(coefs) };
}

/**
 * Residuals e_t = z_t − Σ φ_i z_{t−i} − Σ θ_j e_{t−j}, conditioned on the first `ncond` values
 * (their residuals are zero). `ar` holds φ (the AR polynomial negated), `ma` holds θ.
 */
export function cssResiduals(z: ArrayLike<number>, ar: SparseLags, ma: SparseLags, ncond: number, out: Float64Array): number {
  let sse = 0;
  const n = z.length;
  for (let t = 0; t < Math.min(ncond, n); t++) out[t] = 0;
  for (let t = ncond; t < n; t++) {
    let e = z[t]!;
    for (let i = 0; i < ar.lags.length; i++) e -= ar.coefs[i]! * z[t - ar.lags[i]!]!;
    for (let j = 0; j < ma.lags.length; j++) {
      const lag = ma.lags[j]!;
      if (t - lag >= 0) e -= ma.coefs[j]! * out[t - lag]!;
    }
    out[t] = e;
    sse += e * e;
  }
  return sse;
}

/**
 * −2 log-likelihood of z under ARMA(φ, θ) with the variance concentrated out, and that variance.
 * State dimension r = max(p, q + 1); the initial covariance solves P = T P Tᵀ + R Rᵀ (by doubling).
 * Once the prediction variance stops changing the filter keeps its steady-state gain.
 */
export function exactLikelihood(z: ArrayLike<number>, phi: readonly number[], theta: readonly number[]): { neg2LogLik: number; sigma2: number } {
  const n = z.length;
  const r = Math.max(phi.length, theta.length + 1);
  const ph = Array.from({ length: r }, (_, i) => phi[i] ?? 0);
  const rv = Array.from({ length: r }, (_, i) => (i === 0 ? 1 : (theta[i - 1] ?? 0)));
  let P: Float64Array | null = initialCovariance(ph, rv);
  if (!P) return { neg2LogLik: Infinity, sigma2: NaN };
  const a = new Float64Array(r);
  const next = new Float64Array(r);
  const gain = new Float64Array(r);
  let ssq = 0;
  let sumLog = 0;
  let previousF = Infinity;
  let steady = false;
  let F = 1;
  for (let t = 0; t < n; t++) {
    if (!steady) F = P[0]!;
    if (!(F > 0)) return { neg2LogLik: Infinity, sigma2: NaN };
    const v = z[t]! - a[0]!;
    ssq += (v * v) / F;
    sumLog += Math.log(F);
    if (!steady) for (let i = 0; i < r; i++) gain[i] = P[i * r]! / F;
    // a ← T (a + gain·v): (T x)_i = φ_i x_0 + x_{i+1}.
    const x0 = a[0]! + gain[0]! * v;
    for (let i = 0; i < r; i++) next[i] = ph[i]! * x0 + (i + 1 < r ? a[i + 1]! + gain[i + 1]! * v : 0);
    a.set(next);
    if (!steady) {
      P = predictCovariance(P, gain, F, ph, rv, r);
      steady = Math.abs(P[0]! - previousF) < 1e-7 * P[0]!;
      previousF = P[0]!;
      if (steady) {
        F = P[0]!;
        for (let i = 0; i < r; i++) gain[i] = P[i * r]! / F;
      }
    }
  }
  const sigma2 = ssq / n;
  return { neg2LogLik: n * Math.log(sigma2) + sumLog + n * (1 + Math.log(2 * Math.PI)), sigma2 };
}

/** P ← T (P − P Zᵀ Z P / F) Tᵀ + R Rᵀ, with T's companion structure making it O(r²). */
function predictCovariance(P: Float64Array, gain: Float64Array, F: number, ph: number[], rv: number[], r: number): Float64Array {
  const U = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) U[i * r + j] = P[i * r + j]! - gain[i]! * gain[j]! * F;
  return companionSandwich(U, ph, rv, r);
}

/** T U Tᵀ + R Rᵀ for the companion matrix T (first column φ, ones above the diagonal). */
function companionSandwich(U: Float64Array, ph: number[], rv: number[], r: number): Float64Array {
  const M = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) M[i * r + j] = ph[i]! * U[j]! + (i + 1 < r ? U[(i + 1) * r + j]! : 0);
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) out[i * r + j] = M[i * r]! * ph[j]! + (j + 1 < r ? M[i * r + j + 1]! : 0) + rv[i]! * rv[j]!;
  return out;
}

/** The stationary covariance by doubling: P = Σ_k A_k (…) A_kᵀ, squaring A each round. Null when it does not converge (non-stationary). */
function initialCovariance(ph: number[], rv: number[]): Float64Array | null {
  const r = ph.length;
  let A: Float64Array = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    A[i * r] = ph[i]!;
    if (i + 1 < r) A[i * r + i + 1] = 1;
  }
  const P = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * r + j] = rv[i]! * rv[j]!;
  for (let round = 0; round < 60; round++) {
    const added = multiply3(A, P, r);
    let change = 0;
    let size = 0;
    for (let i = 0; i < r * r; i++) {
      change = Math.max(change, Math.abs(added[i]!));
      size = Math.max(size, Math.abs(P[i]!));
      P[i] = P[i]! + added[i]!;
    }
    if (!Number.isFinite(change)) return null;
    if (change <= 1e-12 * size) return P;
    A = matmul(A, A, r);
  }
  return null;
}

function matmul(A: Float64Array, B: Float64Array, r: number): Float64Array {
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let k = 0; k < r; k++) {
    const a = A[i * r + k]!;
    if (a === 0) continue;
    for (let j = 0; j < r; j++) out[i * r + j] = out[i * r + j]! + a * B[k * r + j]!;
  }
  return out;
}

/** A P Aᵀ. */
function multiply3(A: Float64Array, P: Float64Array, r: number): Float64Array {
  const AP = matmul(A, P, r);
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
    let sum = 0;
    for (let k = 0; k < r; k++) sum += AP[i * r + k]! * A[j * r + k]!;
    out[i * r + j] = sum;
  }
  return out;
}
