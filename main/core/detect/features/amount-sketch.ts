/**
 * A running distribution of amounts: counts in quarter-octave bins of |amount| in minor units
 * (bin = ⌊4·log2(1 + |amount|)⌋, 128 bins, enough for 2^32 minor units). Deterministic, fixed size,
 * and a rank within a bin's width (19 %) is all an explanation needs.
 */
const BINS = 128;

export class AmountSketch {
  private readonly bins = new Uint32Array(BINS);
  private n = 0;

  static bin(amountMinor: number): number {
    return Math.min(BINS - 1, Math.floor(4 * Math.log2(1 + Math.abs(amountMinor))));
  }

  get count(): number {
    return this.n;
  }

  /**
   * The share of earlier amounts below this one, counting those in the same bin as half:
   * 0.5 with no history (nothing to compare against), 1 when it is larger than all of them.
   */
  rank(amountMinor: number): number {
    if (this.n === 0) return 0.5;
    const bin = AmountSketch.bin(amountMinor);
    let below = 0;
    for (let i = 0; i < bin; i++) below += this.bins[i]!;
    return (below + 0.5 * this.bins[bin]!) / this.n;
  }

  add(amountMinor: number): void {
    this.bins[AmountSketch.bin(amountMinor)]! += 1;
    this.n += 1;
  }
}
