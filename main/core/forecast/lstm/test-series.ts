import { SeededRandom } from '../rng';

/** A weekday profile with a Saturday peak and a quiet Sunday, as the demo's sales have. */
export const WEEK = [0.8, 0.9, 1, 1, 1.2, 1.6, 0.5] as const;

/** `count` daily series of `days` days: each its own level times the weekly profile, plus Gaussian noise (seeded). */
export function weeklySeries(count: number, days: number, seed = 3): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, (_, s) => Array.from({ length: days }, (_, t) => Math.max(0, (10 + 2 * s) * WEEK[t % 7]! + random.normal())));
}
