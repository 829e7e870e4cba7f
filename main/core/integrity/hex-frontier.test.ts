import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HexFrontier } from './hex-frontier';
import { leafHash, MerkleFrontier } from './merkle';

describe('HexFrontier', () => {
  it('grows the same tree as MerkleFrontier and reports the same completed nodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 }), (size, start) => {
        const data = Array.from({ length: start + size }, () => randomBytes(32));
        const reference = new MerkleFrontier();
        for (const d of data.slice(0, start)) reference.append(leafHash(d));
        const hex = HexFrontier.of(reference);
        const seen: string[] = [];
        const expected: string[] = [];
        for (const d of data.slice(start)) {
          reference.append(leafHash(d), (level, index, h) => expected.push(`${level}/${index}/${h.toString('hex')}`));
          hex.append(d.toString('hex'), (level, index, h) => seen.push(`${level}/${index}/${h}`));
        }
        expect(seen).toEqual(expected);
        expect(hex.size).toBe(reference.size);
        expect(hex.roots).toEqual(reference.roots.map((r) => r.toString('hex')));
        expect(hex.root()).toEqual(reference.root());
      }),
      { numRuns: 60 },
    );
  });

  it('clones independently', () => {
    const a = HexFrontier.empty();
    a.append('00'.repeat(32));
    const b = a.clone();
    b.append('11'.repeat(32));
    expect([a.size, b.size]).toEqual([1, 2]);
  });
});
