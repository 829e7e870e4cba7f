import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { fmix32 } from '../mix-hash';

/**
 * Seeded randomness for the demo. Every stream is derived from (seed, purpose, keys) rather than drawn
 * from one long sequence, so that the data for a given store and calendar day does not shift when an
 * unrelated part of the generator changes or when the requested range grows.
 */


/** Hashes a seed and a list of integer keys into one 32-bit word. */
export function hashKeys(seed: number, keys: readonly number[]): number {
  // The seed may exceed 32 bits (a CLI user can type anything), so both halves take part.
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32(h ^ Math.floor(seed / 0x1_0000_0000) ^ 0x7f4a7c15);
  for (const key of keys) h = fmix32(Math.imul(h, 31) ^ fmix32(key + 0x632be5ab));
  return h;
}

/** A number in [0, 1) that depends only on the seed and the keys: for decisions that must be stable by key. */
export function hashUnit(seed: number, keys: readonly number[]): number {
  return hashKeys(seed, keys) / 0x1_0000_0000;
}

/** Purposes of the independent streams; numbers rather than strings so hashing stays cheap. */
export const Stream = {
  sales: 1,
  promo: 2,
  affinity: 3,
  roster: 4,
  pos: 5,
  backOffice: 6,
  ids: 7,
  stories: 8,
  cashierProfile: 9,
  exceptions: 10,
} as const;

export class Rng {
  private readonly gen: RandomGenerator;

  constructor(seed: number, keys: readonly number[]) {
    const base = hashKeys(seed, keys);
    const state: [number, number, number, number] = [fmix32(base ^ 0x1b873593), fmix32(base ^ 0xcc9e2d51), fmix32(base + 0x6a09e667), fmix32(base + 0xbb67ae85)];
    // xoroshiro's all-zero state is a fixed point; astronomically unlikely, but cheap to rule out.
    if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
    this.gen = xoroshiro128plusFromState(state.map((word) => word | 0));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Index drawn in proportion to the (non-negative) weights. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let target = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let target = this.float() * total;
    for (const [value, w] of items) {
      target -= w;
      if (target < 0) return value;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** Standard normal (Box–Muller; the spare value is dropped to keep the stream position simple). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Gamma(shape, scale) by Marsaglia–Tsang, with the usual boost for shape < 1. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(1 - this.float(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.float();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  }

  /** Poisson: exact for small means, normal approximation above 30 where the error is negligible here. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Negative binomial as a gamma–Poisson mixture: mean `mean`, variance mean + mean²/dispersion. */
  negBinomial(mean: number, dispersion: number): number {
    if (mean <= 0) return 0;
    return this.poisson(this.gamma(dispersion, mean / dispersion));
  }

  /** Number of successes in `trials` Bernoulli trials; exact because trial counts here are small. */
  binomial(trials: number, probability: number): number {
    let k = 0;
    for (let i = 0; i < trials; i++) if (this.float() < probability) k++;
    return k;
  }

  /** 16 bytes for UUIDv7's random field. */
  bytes16(): Uint8Array {
    const out = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const word = this.gen.next();
      out[i] = word & 0xff;
      out[i + 1] = (word >>> 8) & 0xff;
      out[i + 2] = (word >>> 16) & 0xff;
      out[i + 3] = (word >>> 24) & 0xff;
    }
    return out;
  }
}
