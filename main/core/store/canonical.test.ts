import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalDetails } from './canonical';

describe('canonicalDetails', () => {
  it('equals the reference RFC 8785 implementation on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalDetails(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by UTF-16 code units and drops no data', () => {
    expect(canonicalDetails({ b: 1, a: [true, null, 'x'], é: { z: -0, y: 1e21 }, A: 0.1 })).toBe('{"A":0.1,"a":[true,null,"x"],"b":1,"é":{"y":1e+21,"z":0}}');
  });
});
