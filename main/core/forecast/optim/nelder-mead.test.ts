import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function at (1, 1)', () => {
    const rosenbrock = (x: readonly number[]) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 5000, tolerance: 1e-14 });
    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.x[1]).toBeCloseTo(1, 3);
    expect(result.value).toBeLessThan(1e-6);
  });

  it('stays inside the bounds and stops on the bound when the minimum is outside', () => {
    const seen: number[][] = [];
    const result = nelderMead((x) => {
      seen.push([...x]);
      return (x[0]! - 3) ** 2 + (x[1]! + 2) ** 2;
    }, [0.5, 0.5], { lower: [0, 0], upper: [1, 1] });
    expect(seen.every(([a, b]) => a! >= 0 && a! <= 1 && b! >= 0 && b! <= 1)).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(0, 6);
  });

  it('minimises a 12-dimensional quadratic', () => {
    const target = Array.from({ length: 12 }, (_, i) => i - 5);
    const result = nelderMead((x) => x.reduce((s, v, i) => s + (i + 1) * (v - target[i]!) ** 2, 0), new Array(12).fill(0), { maxEvaluations: 20000, tolerance: 1e-16 });
    result.x.forEach((v, i) => expect(v).toBeCloseTo(target[i]!, 2));
  });
});
