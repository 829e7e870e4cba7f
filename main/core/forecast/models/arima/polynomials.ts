/**
 * Lag polynomials as coefficient arrays with the leading 1: [1, c1, c2, …] is 1 + c1·B + c2·B² + ….
 * AR coefficients φ enter as 1 − φ1·B − …, MA coefficients θ as 1 + θ1·B + ….
 */
export type LagPolynomial = number[];

export function multiply(a: LagPolynomial, b: LagPolynomial): LagPolynomial {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j]! += a[i]! * b[j]!;
  return out;
}

/** 1 − φ1·B^s − φ2·B^{2s} − … (s = 1 for the non-seasonal part, m for the seasonal one). */
export function arPolynomial(phi: readonly number[], s = 1): LagPolynomial {
  const out = new Array<number>(phi.length * s + 1).fill(0);
  out[0] = 1;
  phi.forEach((c, i) => (out[(i + 1) * s] = -c));
  return out;
}

/** 1 + θ1·B^s + θ2·B^{2s} + …. */
export function maPolynomial(theta: readonly number[], s = 1): LagPolynomial {
  const out = new Array<number>(theta.length * s + 1).fill(0);
  out[0] = 1;
  theta.forEach((c, i) => (out[(i + 1) * s] = c));
  return out;
}

/** (1 − B)^d (1 − B^m)^D. */
export function differencingPolynomial(d: number, D: number, m: number): LagPolynomial {
  let out: LagPolynomial = [1];
  for (let i = 0; i < d; i++) out = multiply(out, [1, -1]);
  for (let i = 0; i < D; i++) out = multiply(out, arPolynomial([1], m));
  return out;
}

/**
 * Maps unconstrained values to the coefficients of a stationary AR polynomial: tanh gives partial
 * autocorrelations in (−1, 1), the Durbin–Levinson recursion turns them into coefficients (R's
 * partrans). The same map, negated, gives invertible MA coefficients.
 */
export function toStationary(raw: readonly number[]): number[] {
  const p = raw.length;
  const work = raw.map(Math.tanh);
  const out = [...work];
  for (let j = 1; j < p; j++) {
    const a = out[j]!;
    for (let k = 0; k < j; k++) work[k] = work[k]! - a * out[j - k - 1]!;
    for (let k = 0; k < j; k++) out[k] = work[k]!;
  }
  return out;
}

/** The inverse of toStationary (R's invpartrans), for starting an optimisation from known coefficients. */
export function fromStationary(phi: readonly number[]): number[] {
  const p = phi.length;
  const out = [...phi];
  const work = [...phi];
  for (let j = p - 1; j > 0; j--) {
    const a = out[j]!;
    for (let k = 0; k < j; k++) work[k] = (out[k]! + a * out[j - k - 1]!) / (1 - a * a);
    for (let k = 0; k < j; k++) out[k] = work[k]!;
  }
  return out.map((v) => Math.atanh(Math.max(-0.999999, Math.min(0.999999, v))));
}

/** Smallest modulus among the roots of a polynomial [1, c1, …, cn] (Durand–Kerner iteration). */
export function minRootModulus(poly: LagPolynomial): number {
  let n = poly.length - 1;
  while (n > 0 && Math.abs(poly[n]!) < 1e-12) n--;
  if (n === 0) return Infinity;
  // Monic in z: divide by the leading coefficient c_n.
  const c = poly.slice(0, n + 1).map((v) => v / poly[n]!);
  const re: number[] = [];
  const im: number[] = [];
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n + 0.4;
    re.push(0.9 * Math.cos(angle));
    im.push(0.9 * Math.sin(angle));
  }
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      // p(z) by Horner from the highest power.
      let pr = 1;
      let pi = 0;
      for (let k = n - 1; k >= 0; k--) {
        const nr = pr * re[i]! - pi * im[i]! + c[k]!;
        pi = pr * im[i]! + pi * re[i]!;
        pr = nr;
      }
      let dr = 1;
      let di = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const ar = re[i]! - re[j]!;
        const ai = im[i]! - im[j]!;
        const nr = dr * ar - di * ai;
        di = dr * ai + di * ar;
        dr = nr;
      }
      const den = dr * dr + di * di || 1e-300;
      const qr = (pr * dr + pi * di) / den;
      const qi = (pi * dr - pr * di) / den;
      re[i] = re[i]! - qr;
      im[i] = im[i]! - qi;
      moved = Math.max(moved, Math.abs(qr) + Math.abs(qi));
    }
    if (moved < 1e-12) break;
  }
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, Math.hypot(re[i]!, im[i]!));
  return min;
}
