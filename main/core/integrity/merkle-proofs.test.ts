import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, leafHash, nodeHash, type NodeSource } from './merkle';
import { consistencyProof, inclusionProof, verifyConsistency, verifyInclusion } from './merkle-proofs';

const hx = (s: string): Buffer => Buffer.from(s, 'hex');
const hexes = (bs: readonly Buffer[]): string[] => bs.map((b) => b.toString('hex'));

// ---- Known answers --------------------------------------------------------------------------
// From github.com/transparency-dev/merkle, proof/verify_test.go (leaves, roots, inclusionProofs,
// consistencyProofs): the RFC 6962 test data of google/certificate-transparency. The Go file numbers
// leaves from 1; the indices below are 0-based (Go's leaf − 1).
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hx);
/** ROOTS[size − 1], sizes 1..8. */
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4', '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c', '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hx);
const rootOfSize = (n: number): Buffer => ROOTS[n - 1] as Buffer;
const INCLUSION_VECTORS: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  { index: 0, size: 8, proof: [
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ] },
  { index: 5, size: 8, proof: [
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, proof: [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  ] },
];
const CONSISTENCY_VECTORS: { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  { oldSize: 1, newSize: 8, proof: [
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ] },
  { oldSize: 6, newSize: 8, proof: [
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ] },
  { oldSize: 2, newSize: 5, proof: [
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  ] },
  { oldSize: 6, newSize: 7, proof: [
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ] },
];
const SOME_HASH = hx('abacaba000000000000000000000000000000000000000000060061e00123456');

// ---- Reference implementation: RFC 6962 §2.1 MTH, PATH and PROOF, recursive, over leaf hashes ----

const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function refMTH(d: readonly Buffer[]): Buffer {
  if (d.length === 0) return EMPTY_ROOT;
  if (d.length === 1) return d[0] as Buffer;
  const k = split(d.length);
  return nodeHash(refMTH(d.slice(0, k)), refMTH(d.slice(k)));
}
function refPATH(m: number, d: readonly Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...refPATH(m, d.slice(0, k)), refMTH(d.slice(k))] : [...refPATH(m - k, d.slice(k)), refMTH(d.slice(0, k))];
}
function refSUBPROOF(m: number, d: readonly Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [refMTH(d)];
  const k = split(d.length);
  return m <= k ? [...refSUBPROOF(m, d.slice(0, k), b), refMTH(d.slice(k))] : [...refSUBPROOF(m - k, d.slice(k), false), refMTH(d.slice(0, k))];
}

/** node(level, index) = refMTH of that slice; fails on a node that is not complete within the leaves. */
function naiveSource(leaves: readonly Buffer[]): NodeSource {
  return {
    node(level, index) {
      const width = 2 ** level;
      if ((index + 1) * width > leaves.length) throw new Error(`node (${level}, ${index}) is beyond ${leaves.length} leaves`);
      return refMTH(leaves.slice(index * width, (index + 1) * width));
    },
  };
}

/** A stand-in hash for every (level, index), counting reads and refusing nodes beyond `size` leaves. */
function syntheticSource(size: number, reads = { count: 0 }): NodeSource {
  return {
    node(level, index) {
      reads.count += 1;
      if (!Number.isSafeInteger(index) || index < 0 || (index + 1) * 2 ** level > size) throw new Error(`node (${level}, ${index}) is beyond ${size} leaves`);
      return hash('sha256', `${level}/${index}`, 'buffer');
    },
  };
}

const TEST_LEAVES = LEAF_INPUTS.map(leafHash);
const vectorTree = naiveSource(TEST_LEAVES);
const LEAVES = Array.from({ length: 640 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));

// ---- Tampering, in the style of transparency-dev/merkle proof/verify_test.go ----------------------

const flip = (b: Buffer, byte: number, bit: number): Buffer => {
  const c = Buffer.from(b);
  c[byte] = (c[byte] as number) ^ (1 << bit);
  return c;
};
/** Variants of one proof (garbage around it, elements changed, removed, inserted, swapped). */
function corruptProofs(proof: readonly Buffer[], roots: readonly Buffer[]): [string, Buffer[]][] {
  const out: [string, Buffer[]][] = [];
  const garbage: [string, Buffer][] = [['empty', Buffer.alloc(0)], ['random', SOME_HASH], ['31 bytes', Buffer.alloc(31)]];
  roots.forEach((r, i) => garbage.push([`root ${i}`, r]));
  for (const [name, g] of garbage) out.push([`trailing ${name}`, [...proof, g]], [`preceding ${name}`, [g, ...proof]]);
  proof.forEach((p, i) => {
    const withAt = (x: Buffer): Buffer[] => proof.map((q, j) => (j === i ? x : q));
    for (const [byte, bit] of [[0, 3], [0, 4], [31, 7], [17, 0]] as const) out.push([`proof[${i}] byte ${byte} bit ${bit}`, withAt(flip(p, byte, bit))]);
    out.push([`proof[${i}] cut to 31 bytes`, withAt(p.subarray(0, 31))], [`proof[${i}] grown to 33 bytes`, withAt(Buffer.concat([p, Buffer.of(0)]))]);
    out.push([`proof[${i}] removed`, proof.filter((_, j) => j !== i)]);
    out.push([`proof[${i}] repeated`, [...proof.slice(0, i + 1), p, ...proof.slice(i + 1)]]);
    out.push([`random inserted at ${i}`, [...proof.slice(0, i), SOME_HASH, ...proof.slice(i)]]);
    if (i > 0) out.push([`proof[${i - 1}] and proof[${i}] swapped`, [...proof.slice(0, i - 1), p, proof[i - 1] as Buffer, ...proof.slice(i + 1)]]);
  });
  return out;
}

/** Inclusion probes that must all fail for the valid (leaf, index, size, proof, root). */
function inclusionProbes(leaf: Buffer, index: number, size: number, proof: readonly Buffer[], root: Buffer) {
  const pathLength = (s: number): number => (index < s ? inclusionProof(index, s, syntheticSource(s)).length : -1);
  const probes: [string, Buffer, number, number, readonly Buffer[], Buffer][] = [
    ['index − 1', leaf, index - 1, size, proof, root], ['index + 1', leaf, index + 1, size, proof, root],
    ['index ^ 2', leaf, index ^ 2, size, proof, root], ['size * 2', leaf, index, size * 2, proof, root],
    ['size / 2', leaf, index, Math.floor(size / 2), proof, root], ['wrong leaf', leafHash(Buffer.from('WrongLeaf')), index, size, proof, root],
    ['leaf bit flipped', flip(leaf, 5, 1), index, size, proof, root], ['raw "WrongLeaf"', Buffer.from('WrongLeaf'), index, size, proof, root],
    ['empty root', leaf, index, size, proof, EMPTY_ROOT], ['random root', leaf, index, size, proof, SOME_HASH],
    ['root bit flipped', leaf, index, size, proof, flip(root, 0, 0)], ['root cut to 31 bytes', leaf, index, size, proof, root.subarray(0, 31)],
    ['negative index', leaf, -1, size, proof, root], ['fractional index', leaf, index + 0.5, size, proof, root],
    ['index ≥ size', leaf, size, size, proof, root], ['NaN size', leaf, index, Number.NaN, proof, root],
  ];
  // The root hash does not commit to the tree size: a neighbouring size whose audit path has the
  // same shape verifies too (see the test below). It must fail whenever the path length differs.
  for (const s of [size - 1, size + 1]) if (pathLength(s) !== proof.length) probes.push([`size ${s}`, leaf, index, s, proof, root]);
  for (const [desc, p] of corruptProofs(proof, [root])) probes.push([desc, leaf, index, size, p, root]);
  return probes;
}

function consistencyProbes(oldSize: number, newSize: number, oldRoot: Buffer, newRoot: Buffer, proof: readonly Buffer[]) {
  const proofLength = (s: number): number => (s >= oldSize && oldSize > 0 ? consistencyProof(oldSize, s, syntheticSource(s)).length : -1);
  const probes: [string, number, number, Buffer, Buffer, readonly Buffer[]][] = [
    ['old size − 1', oldSize - 1, newSize, oldRoot, newRoot, proof], ['old size + 1', oldSize + 1, newSize, oldRoot, newRoot, proof],
    ['old size ^ 2', oldSize ^ 2, newSize, oldRoot, newRoot, proof], ['new size * 2', oldSize, newSize * 2, oldRoot, newRoot, proof],
    ['new size / 2', oldSize, Math.floor(newSize / 2), oldRoot, newRoot, proof], ['old size > new size', newSize, oldSize, oldRoot, newRoot, proof],
    ['old size > new size, roots swapped', newSize, oldSize, newRoot, oldRoot, proof], ['wrong old root', oldSize, newSize, SOME_HASH, newRoot, proof],
    ['wrong new root', oldSize, newSize, oldRoot, SOME_HASH, proof], ['old root bit flipped', oldSize, newSize, flip(oldRoot, 9, 2), newRoot, proof],
    ['new root bit flipped', oldSize, newSize, oldRoot, flip(newRoot, 9, 2), proof], ['swapped roots', oldSize, newSize, newRoot, oldRoot, proof],
    ['old root not 32 bytes', oldSize, newSize, Buffer.from('WrongRoot'), newRoot, proof], ['empty proof', oldSize, newSize, oldRoot, newRoot, []],
    ['NaN size', Number.NaN, newSize, oldRoot, newRoot, proof],
  ];
  for (const s of [newSize - 1, newSize + 1]) if (proofLength(s) !== proof.length) probes.push([`new size ${s}`, oldSize, s, oldRoot, newRoot, proof]);
  for (const [desc, p] of corruptProofs(proof, [oldRoot, newRoot])) probes.push([desc, oldSize, newSize, oldRoot, newRoot, p]);
  return probes;
}

function expectInclusionTamperFails(leaf: Buffer, index: number, size: number, proof: readonly Buffer[], root: Buffer): void {
  expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
  const accepted = inclusionProbes(leaf, index, size, proof, root).filter(([, ...args]) => verifyInclusion(...args));
  expect(accepted.map(([desc]) => desc), `index ${index} size ${size}`).toEqual([]);
}

function expectConsistencyTamperFails(oldSize: number, newSize: number, oldRoot: Buffer, newRoot: Buffer, proof: readonly Buffer[]): void {
  expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(true);
  const accepted = consistencyProbes(oldSize, newSize, oldRoot, newRoot, proof).filter(([, ...args]) => verifyConsistency(...args));
  expect(accepted.map(([desc]) => desc), `${oldSize} → ${newSize}`).toEqual([]);
}

describe('known answers (transparency-dev/merkle test vectors)', () => {
  it.each(INCLUSION_VECTORS)('inclusion proof of leaf $index in $size leaves', ({ index, size, proof }) => {
    expect(hexes(inclusionProof(index, size, vectorTree))).toEqual(proof);
    expect(verifyInclusion(TEST_LEAVES[index] as Buffer, index, size, proof.map(hx), rootOfSize(size))).toBe(true);
  });

  it.each(CONSISTENCY_VECTORS)('consistency proof from $oldSize to $newSize leaves', ({ oldSize, newSize, proof }) => {
    expect(hexes(consistencyProof(oldSize, newSize, vectorTree))).toEqual(proof);
    expect(verifyConsistency(oldSize, newSize, rootOfSize(oldSize), rootOfSize(newSize), proof.map(hx))).toBe(true);
  });

  it('rejects every tampered variant of the inclusion vectors', () => {
    for (const { index, size, proof } of INCLUSION_VECTORS) expectInclusionTamperFails(TEST_LEAVES[index] as Buffer, index, size, proof.map(hx), rootOfSize(size));
  });

  it('rejects every tampered variant of the consistency vectors', () => {
    for (const { oldSize, newSize, proof } of CONSISTENCY_VECTORS.filter((v) => v.proof.length > 0)) {
      expectConsistencyTamperFails(oldSize, newSize, rootOfSize(oldSize), rootOfSize(newSize), proof.map(hx));
    }
  });

  it('proves every leaf and every pair of sizes of the 8-leaf tree against the published roots', () => {
    for (let size = 1; size <= 8; size++) {
      for (let index = 0; index < size; index++) {
        expectInclusionTamperFails(TEST_LEAVES[index] as Buffer, index, size, inclusionProof(index, size, vectorTree), rootOfSize(size));
      }
      for (let oldSize = 1; oldSize <= size; oldSize++) {
        const proof = consistencyProof(oldSize, size, vectorTree);
        if (oldSize === size) expect(proof).toEqual([]);
        else expectConsistencyTamperFails(oldSize, size, rootOfSize(oldSize), rootOfSize(size), proof);
      }
    }
  });

  it('cannot tell neighbouring tree sizes apart when their paths have the same shape (the signed checkpoint binds the size)', () => {
    // Vector "leaf 1 of 5": the path [leaf 0, (1,1), leaf 4] has the same shape in a tree of 6.
    const { proof } = INCLUSION_VECTORS[4] as (typeof INCLUSION_VECTORS)[number];
    expect(verifyInclusion(TEST_LEAVES[1] as Buffer, 1, 6, proof.map(hx), rootOfSize(5))).toBe(true);
    expect(verifyInclusion(TEST_LEAVES[1] as Buffer, 1, 6, proof.map(hx), rootOfSize(6))).toBe(false);
    // Vector "leaf 0 of 8" reads the same as a path in a tree of 7.
    expect(verifyInclusion(TEST_LEAVES[0] as Buffer, 0, 7, (INCLUSION_VECTORS[1]?.proof ?? []).map(hx), rootOfSize(8))).toBe(true);
  });
});

describe('proof shapes (node ids from transparency-dev/merkle proof/proof_test.go)', () => {
  type Id = readonly [level: number, index: number];
  /** Expected proof: ids in order, ids[begin, end) folded into one hash as Go's Nodes.Rehash does. */
  const expected = (ids: readonly Id[], rehash?: readonly [number, number]): string[] => {
    const h = ids.map(([l, i]) => syntheticSource(2 ** 53).node(l, i));
    if (rehash) {
      const [begin, end] = rehash;
      let folded = h[begin] as Buffer;
      for (let j = begin + 1; j < end; j++) folded = nodeHash(h[j] as Buffer, folded);
      h.splice(begin, end - begin, folded);
    }
    return hexes(h);
  };
  // [size, leaf index, node ids, rehash range] — e.g. [7, 0, b h j i, [2, 4]]: b, h, then hash(i, j).
  const inclusionCases: [size: number, index: number, ids: Id[], rehash?: [number, number]][] = [
    [1, 0, []], [2, 0, [[0, 1]]], [2, 1, [[0, 0]]], [3, 1, [[0, 0], [0, 2]]],
    [7, 0, [[0, 1], [1, 1], [0, 6], [1, 2]], [2, 4]], [7, 1, [[0, 0], [1, 1], [0, 6], [1, 2]], [2, 4]],
    [7, 2, [[0, 3], [1, 0], [0, 6], [1, 2]], [2, 4]], [7, 3, [[0, 2], [1, 0], [0, 6], [1, 2]], [2, 4]],
    [7, 4, [[0, 5], [0, 6], [2, 0]]], [7, 5, [[0, 4], [0, 6], [2, 0]]], [7, 6, [[1, 2], [2, 0]]],
    [4, 2, [[0, 3], [1, 0]]], [5, 3, [[0, 2], [1, 0], [0, 4]]], [6, 3, [[0, 2], [1, 0], [1, 2]]], [6, 4, [[0, 5], [2, 0]]],
    [15, 10, [[0, 11], [1, 4], [0, 14], [1, 6], [3, 0]], [2, 4]],
    [31, 24, [[0, 25], [1, 13], [0, 30], [1, 14], [3, 2], [4, 0]], [2, 4]],
    [95, 81, [[0, 80], [1, 41], [2, 21], [0, 94], [1, 46], [2, 22], [4, 4], [6, 0]], [3, 6]],
  ];
  const consistencyCases: [oldSize: number, newSize: number, ids: Id[], rehash?: [number, number]][] = [
    [1, 2, [[0, 1]]], [1, 4, [[0, 1], [1, 1]]], [1, 6, [[0, 1], [1, 1], [1, 2]]], [2, 3, [[0, 2]]], [2, 8, [[1, 1], [2, 1]]],
    [3, 7, [[0, 2], [0, 3], [1, 0], [0, 6], [1, 2]], [3, 5]], [4, 7, [[0, 6], [1, 2]], [0, 2]],
    [5, 7, [[0, 4], [0, 5], [0, 6], [2, 0]]], [6, 7, [[1, 2], [0, 6], [2, 0]]], [7, 8, [[0, 6], [0, 7], [1, 2], [2, 0]]],
    ...[1, 2, 3, 4, 5, 7, 8].map((n): [number, number, Id[]] => [n, n, []]),
    [2, 4, [[1, 1]]], [3, 5, [[0, 2], [0, 3], [1, 0], [0, 4]]], [3, 6, [[0, 2], [0, 3], [1, 0], [1, 2]]], [4, 6, [[1, 2]]],
    [1, 7, [[0, 1], [1, 1], [0, 6], [1, 2]], [2, 4]],
    [10, 15, [[1, 4], [1, 5], [0, 14], [1, 6], [3, 0]], [2, 4]],
    [24, 31, [[3, 2], [0, 30], [1, 14], [2, 6], [4, 0]], [1, 4]],
    [81, 95, [[0, 80], [0, 81], [1, 41], [2, 21], [0, 94], [1, 46], [2, 22], [4, 4], [6, 0]], [4, 7]],
  ];

  it.each(inclusionCases)('inclusion in %i leaves, leaf %i', (size, index, ids, rehash) => {
    expect(hexes(inclusionProof(index, size, syntheticSource(size)))).toEqual(expected(ids, rehash));
  });

  it.each(consistencyCases)('consistency %i → %i', (oldSize, newSize, ids, rehash) => {
    expect(hexes(consistencyProof(oldSize, newSize, syntheticSource(newSize)))).toEqual(expected(ids, rehash));
  });
});

describe('bad arguments', () => {
  it('refuses to generate impossible proofs, with a clear message', () => {
    const source = syntheticSource(100);
    for (const [index, size] of [[0, 0], [1, 0], [2, 1], [3, 0], [8, 7]] as const) {
      expect(() => inclusionProof(index, size, source)).toThrow(/index must be below the size/);
    }
    expect(() => inclusionProof(-1, 5, source)).toThrow(/leaf index must be a whole number/);
    expect(() => inclusionProof(1.5, 5, source)).toThrow(/whole number/);
    expect(() => consistencyProof(5, 0, source)).toThrow(/must not exceed/);
    expect(() => consistencyProof(9, 8, source)).toThrow(/must not exceed/);
    expect(() => consistencyProof(0, 3, source)).toThrow(/empty tree/);
    expect(() => consistencyProof(1, 2 ** 53, source)).toThrow(/whole number/);
  });

  it('verifies nothing for empty or out-of-range trees (verify_test.go TestVerifyInclusion)', () => {
    for (const [index, size] of [[0, 0], [0, 1], [1, 0], [2, 1]] as const) {
      expect(verifyInclusion(SOME_HASH, index, size, [], Buffer.alloc(0))).toBe(false);
      expect(verifyInclusion(Buffer.alloc(0), index, size, [], EMPTY_ROOT)).toBe(false);
      expect(verifyInclusion(SOME_HASH, index, size, [], EMPTY_ROOT)).toBe(false);
    }
  });

  it('a one-leaf tree: the root is the leaf hash, the proof is empty (TestVerifyInclusionSingleEntry)', () => {
    const h = leafHash(Buffer.from('data'));
    expect(verifyInclusion(h, 0, 1, [], h)).toBe(true);
    expect(verifyInclusion(h, 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], h)).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], Buffer.alloc(0))).toBe(false);
  });

  it('trivial consistency cases (TestVerifyConsistency, with 32-byte roots)', () => {
    const r1 = leafHash(Buffer.from("don't care 1"));
    const r2 = leafHash(Buffer.from("don't care 2"));
    const cases: [number, number, Buffer, Buffer, Buffer[], boolean][] = [
      [0, 0, r1, r2, [], false], [1, 1, r1, r2, [], false],
      [0, 0, EMPTY_ROOT, EMPTY_ROOT, [], true], [0, 1, EMPTY_ROOT, r2, [], true],
      [0, 1, r1, r2, [], false], // stricter than Go: the old root of an empty tree must be EMPTY_ROOT [1, 1, r2, r2, [], true],
      [1, 0, r1, r2, [], false], [2, 1, r1, r2, [], false],
      [1, 2, r1, r2, [], false], [0, 0, EMPTY_ROOT, r2, [], false],
      [1, 1, EMPTY_ROOT, r2, [], false], [0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false],
      [0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false], [1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], false],
      [1, 1, Buffer.from('short'), Buffer.from('short'), [], false],
    ];
    for (const [oldSize, newSize, oldRoot, newRoot, proof, want] of cases) {
      expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof), `${oldSize} → ${newSize}`).toBe(want);
    }
  });

  it('returns false, never throws, on malformed arguments', () => {
    const proof = inclusionProof(0, 8, vectorTree);
    const bad: unknown[] = [null, undefined, 'x', 5, {}, [null], [1, 2], new Uint8Array(32), Array.from({ length: 65 }, () => SOME_HASH)];
    for (const b of bad) {
      expect(verifyInclusion(b as Buffer, 0, 8, proof, rootOfSize(8))).toBe(false);
      expect(verifyInclusion(TEST_LEAVES[0] as Buffer, 0, 8, b as Buffer[], rootOfSize(8))).toBe(false);
      expect(verifyInclusion(TEST_LEAVES[0] as Buffer, 0, 8, proof, b as Buffer)).toBe(false);
      expect(verifyInclusion(TEST_LEAVES[0] as Buffer, b as number, 8, proof, rootOfSize(8))).toBe(false);
      expect(verifyConsistency(b as number, 8, rootOfSize(1), rootOfSize(8), proof)).toBe(false);
      expect(verifyConsistency(1, 8, b as Buffer, rootOfSize(8), proof)).toBe(false);
      expect(verifyConsistency(1, 8, rootOfSize(1), rootOfSize(8), b as Buffer[])).toBe(false);
    }
    expect(verifyInclusion(TEST_LEAVES[0] as Buffer, 0, Infinity, proof, rootOfSize(8))).toBe(false);
    expect(verifyConsistency(1, 2 ** 53, rootOfSize(1), rootOfSize(8), proof)).toBe(false);
  });
});

describe('properties', () => {
  const sizeAndIndex = fc.integer({ min: 1, max: 600 }).chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));
  const twoSizes = fc.tuple(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 })).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
  const source = naiveSource(LEAVES);

  it('inclusion proofs equal RFC 6962 PATH, verify, and every tampered variant fails', () => {
    fc.assert(
      fc.property(sizeAndIndex, ([size, index]) => {
        const tree = LEAVES.slice(0, size);
        const proof = inclusionProof(index, size, source);
        expect(hexes(proof)).toEqual(hexes(refPATH(index, tree)));
        expectInclusionTamperFails(LEAVES[index] as Buffer, index, size, proof, refMTH(tree));
      }),
      { numRuns: 60 },
    );
  });

  it('consistency proofs equal RFC 6962 PROOF, verify, and every tampered variant fails', () => {
    fc.assert(
      fc.property(twoSizes, ([oldSize, newSize]) => {
        const proof = consistencyProof(oldSize, newSize, source);
        expect(hexes(proof)).toEqual(hexes(refSUBPROOF(oldSize, LEAVES.slice(0, newSize), true)));
        const oldRoot = refMTH(LEAVES.slice(0, oldSize));
        const newRoot = refMTH(LEAVES.slice(0, newSize));
        if (oldSize === newSize) expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(true);
        else expectConsistencyTamperFails(oldSize, newSize, oldRoot, newRoot, proof);
      }),
      { numRuns: 60 },
    );
  });

  it('every pair up to 64 leaves verifies, with the reference proofs', () => {
    const roots = Array.from({ length: 65 }, (_, n) => refMTH(LEAVES.slice(0, n)));
    for (let size = 1; size <= 64; size++) {
      for (let i = 0; i < size; i++) {
        expect(verifyInclusion(LEAVES[i] as Buffer, i, size, inclusionProof(i, size, source), roots[size] as Buffer), `${i} in ${size}`).toBe(true);
      }
      for (let m = 1; m <= size; m++) {
        expect(verifyConsistency(m, size, roots[m] as Buffer, roots[size] as Buffer, consistencyProof(m, size, source)), `${m} → ${size}`).toBe(true);
      }
    }
  });

  it('a proof in a tree of a million leaves reads O(log n) nodes, none beyond the tree', () => {
    const bound = (n: number): number => 3 * Math.log2(n) + 8;
    const sizes = [1_000_000, 2 ** 20 - 1, 2 ** 20, 2 ** 20 + 1, 2 ** 45 + 12_345];
    for (const size of sizes) {
      const picks = [0, 1, 2, 499_999, 524_287, 524_288, size - 2, size - 1, Math.floor(size / 3)];
      for (const k of picks) {
        const reads = { count: 0 };
        const proof = inclusionProof(k, size, syntheticSource(size, reads));
        expect(reads.count, `inclusion ${k} of ${size}`).toBeLessThanOrEqual(bound(size));
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        const consistencyReads = { count: 0 };
        consistencyProof(k + 1, size, syntheticSource(size, consistencyReads));
        expect(consistencyReads.count, `consistency ${k + 1} → ${size}`).toBeLessThanOrEqual(bound(size));
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (a, b) => {
        const [m, n] = [Math.min(a, b), Math.max(a, b)];
        const inclusionReads = { count: 0 };
        const consistencyReads = { count: 0 };
        inclusionProof(m - 1, n, syntheticSource(n, inclusionReads));
        consistencyProof(m, n, syntheticSource(n, consistencyReads));
        expect(inclusionReads.count).toBeLessThanOrEqual(bound(n));
        expect(consistencyReads.count).toBeLessThanOrEqual(bound(n));
      }),
      { numRuns: 500 },
    );
  });
});
