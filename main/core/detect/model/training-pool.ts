import { fmix32 } from '../../mix-hash';

/** Rows a pool keeps: enough for 100 trees of 256 and stable score quantiles, small enough to train in tens of ms. */
export const POOL_CAPACITY = 8192;

/** A seq's place in the sample: a fixed hash, so the sample does not depend on the order rows came in. */
export function sampleHash(seq: number): number {
  return fmix32((seq >>> 0) ^ fmix32(Math.floor(seq / 0x1_0000_0000) + 0x5bd1e995));
}

/**
 * A uniform sample of feature rows (bottom-k by sampleHash of their seq): the training set of one
 * store's model, or of the baseline. Rows arrive as extraction streams past; once twice the capacity
 * has gathered, the half with the larger hashes is dropped and later rows above the cut are refused.
 */
export class TrainingPool {
  private data: Float64Array;
  private seqs: Float64Array;
  private hashes: Uint32Array;
  private n = 0;
  private cut = 0x1_0000_0000;

  constructor(readonly cols: number, readonly capacity = POOL_CAPACITY) {
    this.data = new Float64Array(2 * capacity * cols);
    this.seqs = new Float64Array(2 * capacity);
    this.hashes = new Uint32Array(2 * capacity);
  }

  get size(): number {
    return Math.min(this.n, this.capacity);
  }

  add(seq: number, row: ArrayLike<number>, offset: number): void {
    const hash = sampleHash(seq);
    if (hash >= this.cut) return;
    if (this.n === 2 * this.capacity) this.compact();
    if (hash >= this.cut) return;
    for (let c = 0; c < this.cols; c++) this.data[this.n * this.cols + c] = row[offset + c]!;
    this.seqs[this.n] = seq;
    this.hashes[this.n] = hash;
    this.n += 1;
  }

  /** The sampled rows (at most `capacity`, smallest hashes) minus `exclude`, as a row-major copy. */
  rows(exclude: ReadonlySet<number>): { data: Float64Array; seqs: number[] } {
    const order = this.order().slice(0, this.capacity).filter((i) => !exclude.has(this.seqs[i]!));
    const data = new Float64Array(order.length * this.cols);
    order.forEach((i, r) => data.set(this.data.subarray(i * this.cols, (i + 1) * this.cols), r * this.cols));
    return { data, seqs: order.map((i) => this.seqs[i]!) };
  }

  /** The pool's row for a seq, when it was sampled. */
  find(seq: number): Float64Array | null {
    for (let i = 0; i < this.n; i++) if (this.seqs[i] === seq) return this.data.slice(i * this.cols, (i + 1) * this.cols);
    return null;
  }

  private order(): number[] {
    return Array.from({ length: this.n }, (_, i) => i).sort((a, b) => this.hashes[a]! - this.hashes[b]! || this.seqs[a]! - this.seqs[b]!);
  }

  private compact(): void {
    const keep = this.order().slice(0, this.capacity);
    this.cut = this.hashes[keep[keep.length - 1]!]!;
    const data = new Float64Array(this.data.length);
    const seqs = new Float64Array(this.seqs.length);
    const hashes = new Uint32Array(this.hashes.length);
    keep.forEach((i, r) => {
      data.set(this.data.subarray(i * this.cols, (i + 1) * this.cols), r * this.cols);
      seqs[r] = this.seqs[i]!;
      hashes[r] = this.hashes[i]!;
    });
    [this.data, this.seqs, this.hashes, this.n] = [data, seqs, hashes, keep.length];
  }
}
