import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, frontierNodes, leafHash, MerkleFrontier, nodeHash, rangeHash, rootOf, type NodeSource } from './merkle';

const hx = (s: string): Buffer => Buffer.from(s, 'hex');
const hexes = (bs: readonly Buffer[]): string[] => bs.map((b) => b.toString('hex'));

// ---- Known answers --------------------------------------------------------------------------
// From github.com/transparency-dev/merkle, testonly/constants.go (LeafInputs, NodeHashes,
// RootHashes, CompactTrees): the RFC 6962 test data also used by google/certificate-transparency.
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hx);
/** NODE_HASHES[level][index]: every complete subtree of the 8-leaf tree. */
const NODE_HASHES: string[][] = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];
/** ROOT_HASHES[size], size 0..8. */
const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const nh = (level: number, index: number): string => NODE_HASHES[level]?.[index] ?? 'missing';
/** COMPACT_TREES[size]: the frontier roots, largest first. */
const COMPACT_TREES: string[][] = [
  [],
  [nh(0, 0)],
  [nh(1, 0)],
  [nh(1, 0), nh(0, 2)],
  [nh(2, 0)],
  [nh(2, 0), nh(0, 4)],
  [nh(2, 0), nh(1, 2)],
  [nh(2, 0), nh(1, 2), nh(0, 6)],
  [nh(3, 0)],
];

/** A NodeSource that knows only the published node hashes: it fails on any node it is not given. */
const vectorSource: NodeSource = {
  node(level, index) {
    const h = NODE_HASHES[level]?.[index];
    if (h === undefined) throw new Error(`no test vector for node (${level}, ${index})`);
    return hx(h);
  },
};

// ---- Reference implementation: RFC 6962 §2.1 MTH, recursive, straight from the definition ------

function refMTH(leaves: readonly Buffer[]): Buffer {
  const n = leaves.length;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < n) k *= 2;
  return nodeHash(refMTH(leaves.slice(0, k)), refMTH(leaves.slice(k)));
}

/** node(level, index) = refMTH of that slice; fails on a node that is not complete within the leaves. */
function naiveSource(leaves: readonly Buffer[], reads = { count: 0 }): NodeSource {
  return {
    node(level, index) {
      reads.count += 1;
      const width = 2 ** level;
      if (!Number.isSafeInteger(level) || !Number.isSafeInteger(index) || level < 0 || index < 0 || (index + 1) * width > leaves.length) {
        throw new Error(`node (${level}, ${index}) is not a complete subtree of ${leaves.length} leaves`);
      }
      return refMTH(leaves.slice(index * width, (index + 1) * width));
    },
  };
}

const LEAVES = Array.from({ length: 640 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
const popcount = (n: number): number => n.toString(2).replace(/0/g, '').length;

describe('RFC 6962 hashing (known answers)', () => {
  // transparency-dev/merkle rfc6962/rfc6962_test.go
  it('hashes the empty tree, leaves and nodes', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(leafHash(Buffer.from('L123456')).toString('hex')).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(nodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });

  it('hashes the eight test leaves and every complete subtree of them', () => {
    expect(hexes(LEAF_INPUTS.map(leafHash))).toEqual(NODE_HASHES[0]);
    for (let level = 1; level < NODE_HASHES.length; level++) {
      NODE_HASHES[level]?.forEach((h, i) => expect(nodeHash(vectorSource.node(level - 1, 2 * i), vectorSource.node(level - 1, 2 * i + 1)).toString('hex')).toBe(h));
    }
  });

  it('gives independent results for inputs longer than the scratch buffers and for repeated calls', () => {
    const big = Buffer.alloc(200_000, 7);
    const expected = leafHash(big);
    expect(leafHash(Buffer.alloc(3, 7)).equals(expected)).toBe(false);
    expect(leafHash(big).equals(expected)).toBe(true);
    const a = nodeHash(EMPTY_ROOT, EMPTY_ROOT);
    const b = nodeHash(a, a);
    expect(a.equals(nodeHash(EMPTY_ROOT, EMPTY_ROOT))).toBe(true);
    expect(b.equals(a)).toBe(false);
  });

  it('rootOf, rangeHash(0, n) and a frontier give the published roots for sizes 0..8', () => {
    const leafHashes = LEAF_INPUTS.map(leafHash);
    for (let n = 0; n <= 8; n++) {
      expect(rootOf(leafHashes.slice(0, n)).toString('hex'), `rootOf ${n}`).toBe(ROOT_HASHES[n]);
      expect(rangeHash(0, n, vectorSource).toString('hex'), `rangeHash ${n}`).toBe(ROOT_HASHES[n]);
    }
    const f = new MerkleFrontier();
    expect(f.root().toString('hex')).toBe(ROOT_HASHES[0]);
    leafHashes.forEach((leaf, i) => {
      f.append(leaf);
      expect(f.size).toBe(i + 1);
      expect(f.root().toString('hex'), `frontier ${i + 1}`).toBe(ROOT_HASHES[i + 1]);
      expect(hexes(f.roots), `compact tree ${i + 1}`).toEqual(COMPACT_TREES[i + 1]);
    });
  });

  it('reports each completed node of the 8-leaf tree once, with the published hash', () => {
    const seen: string[] = [];
    const f = new MerkleFrontier();
    for (const leaf of LEAF_INPUTS.map(leafHash)) f.append(leaf, (level, index, h) => seen.push(`${level}/${index}/${h.toString('hex')}`));
    const expected = NODE_HASHES.slice(1).flatMap((row, l) => row.map((h, i) => `${l + 1}/${i}/${h}`));
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('restores a frontier from the published compact trees and continues it', () => {
    const leafHashes = LEAF_INPUTS.map(leafHash);
    for (let n = 0; n <= 8; n++) {
      const f = new MerkleFrontier(n, (COMPACT_TREES[n] ?? []).map(hx));
      expect(f.root().toString('hex')).toBe(ROOT_HASHES[n]);
      const copy = f.clone();
      for (const leaf of leafHashes.slice(n)) f.append(leaf);
      expect(f.root().toString('hex')).toBe(ROOT_HASHES[8]);
      expect(copy.size).toBe(n);
      expect(copy.root().toString('hex')).toBe(ROOT_HASHES[n]);
    }
  });

  it('lists the binary decomposition of [0, size)', () => {
    expect(frontierNodes(0)).toEqual([]);
    expect(frontierNodes(1)).toEqual([{ level: 0, index: 0 }]);
    expect(frontierNodes(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(frontierNodes(8)).toEqual([{ level: 3, index: 0 }]);
    expect(frontierNodes(2 ** 40 + 5)).toEqual([
      { level: 40, index: 0 },
      { level: 2, index: 2 ** 38 },
      { level: 0, index: 2 ** 40 + 4 },
    ]);
  });
});

describe('argument checks', () => {
  it('rejects a frontier whose roots do not match its size', () => {
    const h = leafHash(Buffer.from('x'));
    expect(() => new MerkleFrontier(3, [h])).toThrow(/size 3 has 2 subtree roots, not 1/);
    expect(() => new MerkleFrontier(0, [h])).toThrow(/not 1/);
    expect(() => new MerkleFrontier(1, [Buffer.alloc(31)])).toThrow(/32-byte/);
    expect(() => new MerkleFrontier(-1)).toThrow(/whole number/);
    expect(() => new MerkleFrontier(1.5, [h])).toThrow(/whole number/);
    expect(() => new MerkleFrontier().append(Buffer.alloc(33))).toThrow(/32 bytes/);
  });

  it('rejects impossible ranges and sizes', () => {
    const source = naiveSource(LEAVES.slice(0, 8));
    expect(() => rangeHash(5, 4, source)).toThrow(/ends before it starts/);
    expect(() => rangeHash(-1, 4, source)).toThrow(/whole number/);
    expect(() => rangeHash(0, Number.NaN, source)).toThrow(/whole number/);
    expect(() => frontierNodes(2 ** 53)).toThrow(/whole number/);
    expect(rangeHash(3, 3, source).equals(EMPTY_ROOT)).toBe(true);
  });

  it('keeps no reference to a Buffer the caller may reuse, and hands out copies of EMPTY_ROOT', () => {
    const scratch = Buffer.from(LEAVES[0] as Buffer);
    const f = new MerkleFrontier();
    f.append(scratch);
    scratch.fill(0);
    expect(f.root().equals(LEAVES[0] as Buffer)).toBe(true);
    new MerkleFrontier().root().fill(1);
    rootOf([]).fill(1);
    expect(EMPTY_ROOT.toString('hex')).toBe(ROOT_HASHES[0]);
  });
});

describe('properties', () => {
  const size = fc.integer({ min: 0, max: 600 });

  it('rangeHash(0, n) over a naive source equals rootOf and the RFC definition, reading popcount(n) nodes', () => {
    fc.assert(
      fc.property(size, (n) => {
        const reads = { count: 0 };
        const got = rangeHash(0, n, naiveSource(LEAVES.slice(0, n), reads));
        expect(got.equals(rootOf(LEAVES.slice(0, n)))).toBe(true);
        expect(got.equals(refMTH(LEAVES.slice(0, n)))).toBe(true);
        expect(reads.count).toBe(popcount(n));
      }),
      { numRuns: 150 },
    );
  });

  it('rangeHash of any range is the MTH of that range as its own tree; aligned ranges cost popcount reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 }), (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const reads = { count: 0 };
        const got = rangeHash(start, end, naiveSource(LEAVES.slice(0, 600), reads));
        expect(got.equals(refMTH(LEAVES.slice(start, end)))).toBe(true);
        const n = end - start;
        let span = 1;
        while (span < n) span *= 2;
        if (start % span === 0) expect(reads.count).toBe(popcount(n));
      }),
      { numRuns: 300 },
    );
  });

  it('a frontier root equals rootOf after every append', () => {
    fc.assert(
      fc.property(size, (n) => {
        const f = new MerkleFrontier();
        for (let i = 0; i < n; i++) {
          f.append(LEAVES[i] as Buffer);
          expect(f.root().equals(rootOf(LEAVES.slice(0, i + 1)))).toBe(true);
          expect(f.roots).toHaveLength(popcount(i + 1));
        }
      }),
      { numRuns: 12 },
    );
  });

  it('onNode reports every completed node of level ≥ 1 exactly once, with its hash', () => {
    fc.assert(
      fc.property(size, (n) => {
        const source = naiveSource(LEAVES.slice(0, n));
        const seen = new Map<string, Buffer>();
        const f = new MerkleFrontier();
        for (let i = 0; i < n; i++) {
          f.append(LEAVES[i] as Buffer, (level, index, h) => {
            const key = `${level}/${index}`;
            expect(seen.has(key), `reported twice: ${key}`).toBe(false);
            expect((index + 1) * 2 ** level, `completed only once leaf ${i} is in`).toBe(i + 1);
            seen.set(key, h);
          });
        }
        let expected = 0;
        for (let level = 1; 2 ** level <= n; level++) {
          for (let index = 0; (index + 1) * 2 ** level <= n; index++) {
            expected += 1;
            expect(seen.get(`${level}/${index}`)?.equals(source.node(level, index)), `${level}/${index}`).toBe(true);
          }
        }
        expect(seen.size).toBe(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('a restored frontier continues exactly like the original', () => {
    fc.assert(
      fc.property(size, size, (a, b) => {
        const [cut, n] = a <= b ? [a, b] : [b, a];
        const f = new MerkleFrontier();
        for (let i = 0; i < cut; i++) f.append(LEAVES[i] as Buffer);
        const restored = new MerkleFrontier(f.size, f.roots);
        expect(hexes(restored.roots)).toEqual(frontierNodes(cut).map(({ level, index }) => naiveSource(LEAVES).node(level, index).toString('hex')));
        for (let i = cut; i < n; i++) restored.append(LEAVES[i] as Buffer);
        expect(restored.root().equals(rootOf(LEAVES.slice(0, n)))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('frontierNodes covers [0, size) exactly with aligned, shrinking complete subtrees', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.maxSafeNat()), (n) => {
        const nodes = frontierNodes(n);
        expect(nodes).toHaveLength(popcount(n));
        let offset = 0;
        let previous = Infinity;
        for (const { level, index } of nodes) {
          const width = 2 ** level;
          expect(level).toBeLessThan(previous);
          expect(index * width).toBe(offset);
          previous = level;
          offset += width;
        }
        expect(offset).toBe(n);
      }),
      { numRuns: 500 },
    );
  });
});
