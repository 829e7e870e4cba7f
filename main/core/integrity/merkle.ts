import { hash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing for the audit log: leaf and node hashes, the tree head
 * (MTH) of a list of leaf hashes, the hash of any leaf range from stored complete subtrees, and an
 * incremental frontier (compact range) that a writer appends to one leaf at a time.
 *
 * Sizes and indices are plain numbers: whole, ≥ 0 and at most Number.MAX_SAFE_INTEGER. No bitwise
 * operators are used on them (those truncate to 32 bits).
 *
 * Hashes are immutable values: nothing here mutates a Buffer it was given or has returned, and
 * callers must not mutate them either. A caller's Buffer is never kept as is (a store may reuse one
 * scratch Buffer for every leaf hash it appends).
 */

const HASH_SIZE = 32;

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

// One 65-byte scratch buffer for interior nodes (0x01 || left || right), and a growable one for
// leaves (0x00 || data): no Buffer.concat in the hot path. Safe because hashing is synchronous.
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;
const MAX_LEAF_SCRATCH = 64 * 1024;
let leafScratch = Buffer.alloc(1024);

/** SHA-256(0x00 || data). */
export function leafHash(data: Buffer): Buffer {
  const n = data.length + 1;
  if (n > leafScratch.length) {
    if (n > MAX_LEAF_SCRATCH) return hash('sha256', Buffer.concat([Buffer.of(0x00), data]), 'buffer');
    leafScratch = Buffer.alloc(Math.min(MAX_LEAF_SCRATCH, Math.max(n, leafScratch.length * 2)));
  }
  leafScratch[0] = 0x00;
  leafScratch.set(data, 1);
  return hash('sha256', leafScratch.subarray(0, n), 'buffer');
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return hash('sha256', Buffer.concat([Buffer.of(0x01), left, right]), 'buffer');
  }
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeScratch, 'buffer');
}

/** Root of complete aligned subtrees: node(level, index) = MTH of leaves [index*2^level, (index+1)*2^level). level 0 = leaf hash. */
export interface NodeSource {
  node(level: number, index: number): Buffer;
}

// ---- integer helpers (exact up to 2^53), shared with merkle-proofs.ts ----

/** Throws unless `n` is a whole number in [0, MAX_SAFE_INTEGER]. */
export function checkCount(n: number, what: string): void {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a whole number ≥ 0 (at most 2^53 − 1), not ${String(n)}.`);
  }
}

/** Largest power of two ≤ x, for x ≥ 1. */
export function floorPow2(x: number): number {
  if (x < 0x80000000) return 2 ** (31 - Math.clz32(x));
  let p = 2 ** Math.floor(Math.log2(x));
  while (p > x) p /= 2;
  while (p * 2 <= x) p *= 2;
  return p;
}

/** The RFC 6962 split point: the largest power of two strictly smaller than n, for n ≥ 2. */
export function splitPoint(n: number): number {
  return floorPow2(n - 1);
}

/** log2 of a power of two. */
function log2Exact(p: number): number {
  return p < 0x80000000 ? 31 - Math.clz32(p) : Math.round(Math.log2(p));
}

/** Number of set bits of n (n whole, ≤ 2^53). */
export function popcount(n: number): number {
  let count = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) count += x % 2;
  return count;
}

function isPow2(n: number): boolean {
  return n >= 1 && floorPow2(n) === n;
}

// ---- range hashes ----

/**
 * MTH of leaves [start, end), i.e. the RFC 6962 tree head of D[start:end] taken as a tree of its
 * own, built from complete aligned subtrees read from `source`:
 *
 * - a complete aligned range (power-of-two length, start a multiple of it) is one `source.node` read;
 * - otherwise the range is split as MTH splits it (at the largest power of two < its length) and the
 *   halves are hashed with nodeHash.
 *
 * For every range that occurs in RFC 6962 proofs and tree heads (start a multiple of the smallest
 * power of two ≥ end − start, e.g. any [0, n)) this reads exactly the binary decomposition of the
 * range, popcount(end − start) nodes from largest (leftmost) to smallest, and folds them right to
 * left: h = nodeHash(piece[i], h). Such a range costs O(log n) reads.
 *
 * Any other range is still answered correctly, but its own tree has interior nodes that straddle
 * aligned boundaries, so it is assembled from smaller aligned pieces, down to single leaves at worst
 * (up to end − start reads). Proof generation never asks for such a range.
 *
 * [start, start) is the empty tree: EMPTY_ROOT.
 */
export function rangeHash(start: number, end: number, source: NodeSource): Buffer {
  checkCount(start, 'The range start');
  checkCount(end, 'The range end');
  if (end < start) throw new RangeError(`A leaf range [${start}, ${end}) ends before it starts.`);
  if (end === start) return Buffer.from(EMPTY_ROOT);
  return subtreeHash(start, end - start, source);
}

function subtreeHash(start: number, n: number, source: NodeSource): Buffer {
  if (isPow2(n) && start % n === 0) return source.node(log2Exact(n), start / n);
  // Valid ranges: every left half is complete and aligned, so this loop makes one read per piece
  // and folds them right to left; only a straddling range recurses into its left half.
  const lefts: Buffer[] = [];
  let s = start;
  let m = n;
  while (!(isPow2(m) && s % m === 0)) {
    const k = splitPoint(m);
    lefts.push(subtreeHash(s, k, source));
    s += k;
    m -= k;
  }
  let h = source.node(log2Exact(m), s / m);
  for (let i = lefts.length - 1; i >= 0; i--) h = nodeHash(lefts[i] as Buffer, h);
  return h;
}

/**
 * MTH over leaf hashes (not raw data), for any number of leaves; no leaves → EMPTY_ROOT.
 * Iterative, in one pass with a stack of at most 53 subtree roots (the frontier): every hash it makes
 * is short-lived, which keeps the garbage collector out of the way at a million leaves.
 */
export function rootOf(leafHashes: readonly Buffer[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return Buffer.from(EMPTY_ROOT);
  if (n === 1) return Buffer.from(leafHashes[0] as Buffer);
  const stack: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    let h = leafHashes[i] as Buffer;
    // Leaf i closes one complete subtree per trailing 1 bit of i.
    for (let s = i; s % 2 === 1; s = (s - 1) / 2) h = nodeHash(stack.pop() as Buffer, h);
    stack.push(h);
  }
  let h = stack[stack.length - 1] as Buffer;
  for (let i = stack.length - 2; i >= 0; i--) h = nodeHash(stack[i] as Buffer, h);
  return h;
}

/** Split into complete aligned subtrees: the binary decomposition of [0, size), left (largest) to right. */
export function frontierNodes(size: number): { level: number; index: number }[] {
  checkCount(size, 'A tree size');
  const nodes: { level: number; index: number }[] = [];
  let offset = 0;
  for (let p = size === 0 ? 0 : floorPow2(size); p >= 1; p /= 2) {
    if (size - offset >= p) {
      nodes.push({ level: log2Exact(p), index: offset / p });
      offset += p;
    }
  }
  return nodes;
}

/** Incremental tree (compact range / frontier): the roots of the complete aligned subtrees that make up [0, size). */
export class MerkleFrontier {
  #size: number;
  #roots: Buffer[];

  /** Restores a frontier: `roots` from largest (leftmost) to smallest, as many as set bits in `size`, 32 bytes each. */
  constructor(size = 0, roots: readonly Buffer[] = []) {
    checkCount(size, 'A Merkle frontier size');
    if (!Array.isArray(roots)) throw new TypeError('Merkle frontier roots must be an array of 32-byte hashes.');
    const expected = popcount(size);
    if (roots.length !== expected) {
      throw new RangeError(`A Merkle frontier of size ${size} has ${expected} subtree roots, not ${roots.length}.`);
    }
    roots.forEach((r, i) => {
      if (!Buffer.isBuffer(r) || r.length !== HASH_SIZE) throw new RangeError(`Merkle frontier root ${i} is not a 32-byte hash.`);
    });
    this.#size = size;
    this.#roots = roots.map((r) => Buffer.from(r));
  }

  get size(): number {
    return this.#size;
  }

  /** A copy of the subtree roots, largest (leftmost) first. */
  get roots(): readonly Buffer[] {
    return this.#roots.slice();
  }

  /**
   * Appends one leaf hash; calls onNode(level, index, hash) for every complete aligned node it
   * completes at level ≥ 1, lowest first (so a store can persist the ones it wants).
   */
  append(leaf: Buffer, onNode?: (level: number, index: number, hash: Buffer) => void): void {
    if (!Buffer.isBuffer(leaf) || leaf.length !== HASH_SIZE) throw new RangeError('A Merkle leaf hash is 32 bytes.');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('The Merkle frontier is full (2^53 − 1 leaves).');
    const roots = this.#roots;
    let h = leaf;
    let index = this.#size;
    let level = 0;
    // Each trailing 1 bit of the old size is a complete subtree of that level waiting for a right sibling.
    for (let s = this.#size; s % 2 === 1; s = (s - 1) / 2) {
      h = nodeHash(roots.pop() as Buffer, h);
      level += 1;
      index = (index - 1) / 2;
      onNode?.(level, index, h);
    }
    roots.push(level === 0 ? Buffer.from(leaf) : h);
    this.#size += 1;
  }

  /** MTH of all leaves so far (roots folded right to left). */
  root(): Buffer {
    const roots = this.#roots;
    if (roots.length === 0) return Buffer.from(EMPTY_ROOT);
    let h = roots[roots.length - 1] as Buffer;
    if (roots.length === 1) return Buffer.from(h);
    for (let i = roots.length - 2; i >= 0; i--) h = nodeHash(roots[i] as Buffer, h);
    return h;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.#size, this.#roots);
  }
}
