/**
 * Murmur3's finaliser: a cheap, bijective 32-bit avalanche, enough to decorrelate neighbouring keys
 * when seeds are derived from (seed, purpose, keys) — by the demo generator and the isolation forest.
 */
export function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
