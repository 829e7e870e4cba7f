/**
 * Nelder–Mead simplex minimisation with box bounds. Points that step outside the box are projected
 * back onto it, so the objective is only ever evaluated inside. Adaptive coefficients (Gao & Han
 * 2012) keep it working in the 10–20 dimensions ETS with seasonal states needs.
 */
export interface NelderMeadOptions {
  lower?: readonly number[];
  upper?: readonly number[];
  /** Initial simplex step per coordinate (default: 10 % of the start value, or 0.1 where it is 0). */
  step?: readonly number[];
  maxEvaluations?: number;
  /** Stop when the simplex's values differ by less than this, relative to their size. */
  tolerance?: number;
}

export interface Minimum {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
}

export function nelderMead(f: (x: readonly number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): Minimum {
  const n = start.length;
  const lower = options.lower ?? start.map(() => -Infinity);
  const upper = options.upper ?? start.map(() => Infinity);
  const clamp = (x: number[]) => x.map((v, i) => Math.min(upper[i]!, Math.max(lower[i]!, v)));
  const maxEvaluations = options.maxEvaluations ?? 200 * n + 200;
  const tolerance = options.tolerance ?? 1e-8;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    const value = f(x);
    return Number.isNaN(value) ? Infinity : value;
  };
  if (n === 0) return { x: [], value: evaluate([]), evaluations };

  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;

  const points: number[][] = [clamp([...start])];
  for (let i = 0; i < n; i++) {
    const p = [...points[0]!];
    const step = options.step?.[i] ?? (p[i] !== 0 ? 0.1 * Math.abs(p[i]!) : 0.1);
    p[i] = p[i]! + step;
    // Step the other way when the bound is in the way.
    if (p[i]! > upper[i]!) p[i] = points[0]![i]! - step;
    points.push(clamp(p));
  }
  let values = points.map(evaluate);

  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const sorted = order.map((i) => points[i]!);
    values = order.map((i) => values[i]!);
    points.splice(0, points.length, ...sorted);
    const best = values[0]!;
    const worst = values[n]!;
    if (Number.isFinite(worst) && Math.abs(worst - best) <= tolerance * (Math.abs(best) + tolerance)) break;

    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += points[i]![j]! / n;
    const toward = (coef: number) => clamp(centroid.map((c, j) => c + coef * (c - points[n]![j]!)));

    const reflected = toward(alpha);
    const fr = evaluate(reflected);
    if (fr < best) {
      const expanded = toward(alpha * beta);
      const fe = evaluate(expanded);
      if (fe < fr) replaceWorst(expanded, fe);
      else replaceWorst(reflected, fr);
      continue;
    }
    if (fr < values[n - 1]!) {
      replaceWorst(reflected, fr);
      continue;
    }
    const contracted = fr < worst ? toward(alpha * gamma) : toward(-gamma);
    const fc = evaluate(contracted);
    if (fc < Math.min(fr, worst)) {
      replaceWorst(contracted, fc);
      continue;
    }
    // Shrink toward the best point.
    for (let i = 1; i <= n; i++) {
      points[i] = clamp(points[i]!.map((v, j) => points[0]![j]! + delta * (v - points[0]![j]!)));
      values[i] = evaluate(points[i]!);
    }
  }
  let bestIndex = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { x: points[bestIndex]!, value: values[bestIndex]!, evaluations };

  function replaceWorst(point: number[], value: number) {
    points[n] = point;
    values[n] = value;
  }
}
