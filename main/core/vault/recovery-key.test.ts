import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { bech32Polymod, databaseKeyFrom, formatRecoveryKey, newRecoveryKey, parseRecoveryKey } from './recovery-key';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHAPE = /^WDRK(-[0-9A-HJKMNP-TV-Z]{4}){9}$/;
const twentyBytes = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((a) => Buffer.from(a));

/** The 36 symbols of a formatted key, without prefix and hyphens. */
function symbolsOf(key: string): string[] {
  return [...key.slice('WDRK-'.length).replaceAll('-', '')];
}

function withSymbols(symbols: string[]): string {
  return `WDRK-${symbols.join('')}`;
}

function refusal(text: string): AppError {
  try {
    parseRecoveryKey(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_INPUT');
    return error as AppError;
  }
  throw new Error(`accepted: ${text}`);
}

describe('recovery key', () => {
  it('is WDRK- and nine groups of four Crockford symbols, new every time', () => {
    const a = newRecoveryKey();
    const b = newRecoveryKey();
    expect(a).toMatch(SHAPE);
    expect(b).toMatch(SHAPE);
    expect(a).not.toBe(b);
    expect(parseRecoveryKey(a)).toHaveLength(20);
  });

  it('round-trips: parse(format(bytes)) = bytes, and parse(newRecoveryKey()) works', () => {
    fc.assert(
      fc.property(twentyBytes, (bytes) => {
        const key = formatRecoveryKey(bytes);
        expect(key).toMatch(SHAPE);
        expect(parseRecoveryKey(key).equals(bytes)).toBe(true);
      }),
      { numRuns: 500 },
    );
    for (let i = 0; i < 100; i++) {
      const key = newRecoveryKey();
      expect(formatRecoveryKey(parseRecoveryKey(key))).toBe(key);
    }
  });

  it('is read back forgivingly: lower case, spaces and hyphens anywhere, I/L for 1 and O for 0, prefix left out', () => {
    const bytes = Buffer.from('00112233445566778899aabbccddeeff01234567', 'hex');
    const key = formatRecoveryKey(bytes);
    const confusable = key.slice(5).replaceAll('1', 'l').replaceAll('0', 'o');
    const variants = [
      key.toLowerCase(),
      key.replaceAll('-', ' '),
      key.replaceAll('-', ''),
      `  ${key.replaceAll('-', '').split('').join(' ')}  `,
      `wdrk ${confusable}`,
      key.slice(5).replaceAll('1', 'I').replaceAll('0', 'O'),
      key.slice(5),
      key.replaceAll('-', '–'),
    ];
    for (const typed of variants) expect(parseRecoveryKey(typed).equals(bytes), typed).toBe(true);
  });

  it('catches every single-character substitution (property over keys, positions and symbols)', () => {
    fc.assert(
      fc.property(twentyBytes, fc.nat({ max: 35 }), fc.integer({ min: 1, max: 31 }), (bytes, position, shift) => {
        const symbols = symbolsOf(formatRecoveryKey(bytes));
        const old = ALPHABET.indexOf(symbols[position]!);
        symbols[position] = ALPHABET[(old + shift) % 32]!;
        expect(refusal(withSymbols(symbols)).message).toMatch(/mistyped/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('catches all 36 × 31 substitutions of one key, exhaustively', () => {
    const original = symbolsOf(newRecoveryKey());
    let caught = 0;
    for (let position = 0; position < 36; position++) {
      for (const replacement of ALPHABET) {
        if (replacement === original[position]) continue;
        const symbols = [...original];
        symbols[position] = replacement;
        expect(() => parseRecoveryKey(withSymbols(symbols))).toThrow(/mistyped/);
        caught++;
      }
    }
    expect(caught).toBe(36 * 31);
  });

  it('catches any two substitutions and any swap of two different neighbours (distance ≥ 3)', () => {
    fc.assert(
      fc.property(
        twentyBytes,
        fc.uniqueArray(fc.nat({ max: 35 }), { minLength: 2, maxLength: 2 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 31 }),
        (bytes, [p, q], s, t) => {
          const symbols = symbolsOf(formatRecoveryKey(bytes));
          symbols[p!] = ALPHABET[(ALPHABET.indexOf(symbols[p!]!) + s) % 32]!;
          symbols[q!] = ALPHABET[(ALPHABET.indexOf(symbols[q!]!) + t) % 32]!;
          expect(refusal(withSymbols(symbols)).message).toMatch(/mistyped/);
        },
      ),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(twentyBytes, fc.nat({ max: 34 }), (bytes, p) => {
        const symbols = symbolsOf(formatRecoveryKey(bytes));
        fc.pre(symbols[p] !== symbols[p + 1]);
        [symbols[p], symbols[p + 1]] = [symbols[p + 1]!, symbols[p]!];
        expect(refusal(withSymbols(symbols)).message).toMatch(/mistyped/);
      }),
      { numRuns: 1_000 },
    );
  });

  it('says "mistyped" for a character outside the alphabet, "not a Watchdog recovery key" for a wrong shape', () => {
    const key = newRecoveryKey();
    expect(refusal(`${key.slice(0, -1)}U`).message).toMatch(/mistyped.*"U"/);
    expect(refusal(`${key.slice(0, -1)}*`).message).toMatch(/mistyped/);
    expect(refusal(key.slice(0, -5)).message).toMatch(/not a Watchdog recovery key.*32 characters after WDRK/);
    expect(refusal(`${key}-AAAA`).message).toMatch(/not a Watchdog recovery key/);
    expect(refusal(`ABCD${key.slice(4)}`).message).toMatch(/not a Watchdog recovery key.*does not start with WDRK/);
    expect(refusal('').message).toMatch(/not a Watchdog recovery key/);
    expect(refusal('correct horse battery staple').message).toMatch(/not a Watchdog recovery key/);
  });

  it('uses the Bech32 checksum exactly as BIP-173 specifies it (its own test vectors)', () => {
    const charset = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
    const valid = (s: string): boolean => {
      const lower = s.toLowerCase();
      const sep = lower.lastIndexOf('1');
      const hrp = [...lower.slice(0, sep)].map((c) => c.charCodeAt(0));
      const data = [...lower.slice(sep + 1)].map((c) => charset.indexOf(c));
      return bech32Polymod([...hrp.map((c) => c >> 5), 0, ...hrp.map((c) => c & 31), ...data]) === 1;
    };
    for (const s of ['A12UEL5L', 'a12uel5l', 'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw', '?1ezyfcl']) expect(valid(s), s).toBe(true);
    expect(valid('a12uel5m')).toBe(false);
  });
});

describe('database key from a recovery key', () => {
  it('is 32 bytes, the same however the key is typed, different for another key', () => {
    const key = newRecoveryKey();
    const derived = databaseKeyFrom(key);
    expect(derived).toHaveLength(32);
    expect(databaseKeyFrom(key.toLowerCase().replaceAll('-', ' ')).equals(derived)).toBe(true);
    expect(databaseKeyFrom(newRecoveryKey()).equals(derived)).toBe(false);
  });

  it('never changes: a fixed key derives a fixed database key (HKDF-SHA256, v1)', () => {
    // If this fails, every database created so far no longer opens with its recovery key.
    const key = formatRecoveryKey(Buffer.from('000102030405060708090a0b0c0d0e0f10111213', 'hex'));
    expect(key).toBe(FIXED_KEY);
    expect(databaseKeyFrom(key).toString('hex')).toBe(FIXED_DATABASE_KEY);
  });

  it('refuses a mistyped key rather than deriving a wrong database key', () => {
    const symbols = symbolsOf(newRecoveryKey());
    symbols[3] = symbols[3] === 'A' ? 'B' : 'A';
    expect(() => databaseKeyFrom(withSymbols(symbols))).toThrow(/mistyped/);
  });
});

// Checked independently of this code: base32 and RFC 5869 HKDF written out with Python's hmac module.
const FIXED_KEY = 'WDRK-000G-40R4-0M30-E209-185G-R38E-1W81-24GK-VB6E';
const FIXED_DATABASE_KEY = '5a4d067126fcc46fb2f2396c637da8b90ec07b63ebfdd1eb454fa116522f15c6';
