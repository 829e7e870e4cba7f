import { checkCount, EMPTY_ROOT, floorPow2, nodeHash, rangeHash, splitPoint, type NodeSource } from './merkle';

/**
 * RFC 6962 §2.1.1–2.1.2 proof generation (PATH and PROOF) and RFC 9162 §2.1.3.2 / §2.1.4.2 proof
 * verification.
 *
 * Generation walks from the root down to the leaf (or to the old tree's edge) once: each step adds
 * one sibling, and a sibling is either a complete aligned subtree (one `source.node` read) or the
 * right-hand remainder [mid, end) of the current range, which rangeHash builds from popcount(end −
 * mid) aligned reads. Only the first remainder met on the way down can be incomplete (below it every
 * range is complete), so a proof costs at most about 2·log2(size) reads, never a walk over leaves.
 */

/** RFC 6962 PATH(m, D[n]): the audit path of leaf `index` (0-based) in the tree of the first `size` leaves, leaf side first. */
export function inclusionProof(index: number, size: number, source: NodeSource): Buffer[] {
  checkCount(index, 'A leaf index');
  checkCount(size, 'A tree size');
  if (index >= size) {
    throw new RangeError(`No inclusion proof for leaf ${index} in a tree of ${size} leaves: the index must be below the size.`);
  }
  // Top-down: siblings[0] is the root's other child, the last one is the leaf's sibling.
  const siblings: Buffer[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const mid = start + splitPoint(end - start);
    if (index < mid) {
      siblings.push(rangeHash(mid, end, source));
      end = mid;
    } else {
      siblings.push(rangeHash(start, mid, source));
      start = mid;
    }
  }
  return siblings.reverse();
}

/** RFC 6962 PROOF(m, D[n]): proves that the tree of the first `oldSize` leaves is a prefix of the tree of `newSize`; 0 < oldSize ≤ newSize. */
export function consistencyProof(oldSize: number, newSize: number, source: NodeSource): Buffer[] {
  checkCount(oldSize, 'The old tree size');
  checkCount(newSize, 'The new tree size');
  if (oldSize === 0) throw new RangeError('No consistency proof from an empty tree: the old tree size must be at least 1.');
  if (oldSize > newSize) {
    throw new RangeError(`No consistency proof from ${oldSize} leaves to ${newSize}: the old tree size must not exceed the new one.`);
  }
  // SUBPROOF(m, D[start:end], b) with m = oldSize − start; the old tree's edge stays in (start, end].
  const siblings: Buffer[] = [];
  let start = 0;
  let end = newSize;
  let wholeOldTree = true; // RFC 6962's b: the current range is still the whole old tree
  while (oldSize !== end) {
    const mid = start + splitPoint(end - start);
    if (oldSize <= mid) {
      siblings.push(rangeHash(mid, end, source));
      end = mid;
    } else {
      siblings.push(rangeHash(start, mid, source));
      start = mid;
      wholeOldTree = false;
    }
  }
  // Here [start, end) is a complete aligned subtree ending at the old edge (or the whole equal tree).
  const proof: Buffer[] = wholeOldTree ? [] : [rangeHash(start, end, source)];
  for (let i = siblings.length - 1; i >= 0; i--) proof.push(siblings[i] as Buffer);
  return proof;
}

function isHash(x: unknown): x is Buffer {
  return Buffer.isBuffer(x) && x.length === 32;
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** No proof for a tree of at most 2^53 leaves has more elements than this (plus the old root in consistency). */
const MAX_PROOF_LENGTH = 64;

function isProof(proof: unknown): proof is readonly Buffer[] {
  return Array.isArray(proof) && proof.length <= MAX_PROOF_LENGTH && proof.every(isHash);
}

/**
 * RFC 9162 §2.1.3.2: true iff `proof` proves that `leaf` (a leaf HASH) is leaf `index` of the tree
 * of `size` leaves whose root is `root`. Never throws: any malformed argument gives false.
 */
export function verifyInclusion(leaf: Buffer, index: number, size: number, proof: readonly Buffer[], root: Buffer): boolean {
  try {
    if (!isHash(leaf) || !isHash(root) || !isCount(index) || !isCount(size) || !isProof(proof)) return false;
    if (index >= size) return false;
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0) return false; // more elements than the path has levels
      if (fn % 2 === 1 || fn === sn) {
        r = nodeHash(p, r);
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      } else {
        r = nodeHash(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && r.equals(root);
  } catch {
    return false;
  }
}

/**
 * RFC 9162 §2.1.4.2: true iff `proof` proves that the tree of `oldSize` leaves with root `oldRoot`
 * is a prefix of the tree of `newSize` leaves with root `newRoot`. Never throws: any malformed
 * argument gives false.
 *
 * Beyond the RFC's 0 < oldSize < newSize: equal sizes verify with an empty proof and equal roots;
 * oldSize 0 verifies with an empty proof when oldRoot is EMPTY_ROOT (the empty tree is a prefix of
 * every tree; transparency-dev/merkle accepts it too, without looking at the old root).
 */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Buffer, newRoot: Buffer, proof: readonly Buffer[]): boolean {
  try {
    if (!isCount(oldSize) || !isCount(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) return false;
    if (oldSize > newSize) return false;
    if (oldSize === 0) return proof.length === 0 && oldRoot.equals(EMPTY_ROOT) && (newSize > 0 || newRoot.equals(EMPTY_ROOT));
    if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
    if (proof.length === 0) return false;

    // Step 2: when the old tree is a complete subtree its root is the proof's implicit first element.
    const oldIsComplete = floorPow2(oldSize) === oldSize;
    const first = oldIsComplete ? oldRoot : (proof[0] as Buffer);
    let fn = oldSize - 1;
    let sn = newSize - 1;
    while (fn % 2 === 1) {
      fn = (fn - 1) / 2;
      sn = Math.floor(sn / 2);
    }
    let fr = first;
    let sr = first;
    for (let i = oldIsComplete ? 0 : 1; i < proof.length; i++) {
      const c = proof[i] as Buffer;
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
  } catch {
    return false;
  }
}
