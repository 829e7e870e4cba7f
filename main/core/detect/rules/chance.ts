const lnFactorials: number[] = [0];

function lnFactorial(n: number): number {
  for (let i = lnFactorials.length; i <= n; i++) lnFactorials[i] = (lnFactorials[i - 1] ?? 0) + Math.log(i);
  return lnFactorials[n] ?? 0;
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p). For a cashier's rate against colleagues': of the n exceptions the
 * shift saw, how likely the cashier, making a share p of its sales, would have made k or more if
 * everyone did them at the same rate. Conditioning on the total makes the colleagues' own count part
 * of the test, so a baseline that is low by luck does not make an honest cashier look bad.
 */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  const lnP = Math.log(p);
  const lnQ = Math.log1p(-p);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(lnFactorial(n) - lnFactorial(i) - lnFactorial(n - i) + i * lnP + (n - i) * lnQ);
    sum += term;
    if (i > n * p && term < sum * 1e-15) break;
  }
  return Math.min(1, sum);
}
