import { hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../api/errors';

/**
 * The recovery key: 160 random bits that a person writes down once and types back when this
 * computer's keychain is lost (new machine, reinstalled system, a copy of the database opened
 * elsewhere). It is shown as
 *
 *     WDRK-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX
 *
 * the prefix, then 36 Crockford base32 symbols in groups of four: 32 carry the 160 bits, 4 are a
 * checksum. Crockford's alphabet has no I, L, O or U, so reading it back is forgiving: lower case,
 * spaces and hyphens anywhere, I and L typed for 1 and O for 0 are all accepted.
 *
 * **Design consequence: the database key is a function of the recovery key** (`databaseKeyFrom`,
 * HKDF-SHA256). So
 * - the recovery key opens the encrypted file on any machine with nothing stored beside it: no
 *   wrapped key, no per-database salt, no key file to lose together with the keychain;
 * - the vault keeps nothing extra to check a typed recovery key: derive, then compare with the
 *   database key it already holds, in constant time (`checkRecoveryKey` in store-keys.ts);
 * - the recovery key cannot be changed without re-keying the database, and whoever holds it holds
 *   the data. It is never stored: the keychain holds only the derived database key.
 *
 * **Checksum**: the BCH code of Bech32 (BIP-173), a polynomial code over GF(32) whose 6 check
 * symbols give minimum distance 5 (BIP-173: any error in at most 4 characters is detected, for
 * strings far longer than these 32 symbols), computed over the 32 data symbols; the first 4 of its 6
 * check symbols are kept. Dropping 2 check positions (puncturing) lowers the distance by at most 2,
 * so the code used here still has distance ≥ 3: **every substitution of one or two characters,
 * anywhere, is detected** (so is a swap of two neighbours, which is two substitutions), and random
 * input passes with odds of 1 in 2^20. Checked, not assumed: the tests try all 36 × 31 single
 * substitutions of a key, random ones of random keys, random double ones, and BIP-173's own vectors.
 */

export const RECOVERY_KEY_PREFIX = 'WDRK';
/** Random bits in a recovery key. */
export const RECOVERY_KEY_BITS = 160;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_SYMBOLS = RECOVERY_KEY_BITS / 5; // 32
const CHECK_SYMBOLS = 4;
const SYMBOLS = DATA_SYMBOLS + CHECK_SYMBOLS; // 36
const GROUP = 4;

/** Crockford's decoding, with the confusions it resolves (I, L → 1; O → 0). */
const DECODE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
DECODE.set('I', 1);
DECODE.set('L', 1);
DECODE.set('O', 0);

const HKDF_SALT = Buffer.from('watchdog recovery key', 'utf8');
const HKDF_INFO = Buffer.from('watchdog database key v1', 'utf8');

/** A new recovery key, formatted for a person. Shown once; never stored. */
export function newRecoveryKey(): string {
  return formatRecoveryKey(randomBytes(RECOVERY_KEY_BITS / 8));
}

/** The 20 bytes as a recovery key: prefix, data symbols, checksum, in groups of four. */
export function formatRecoveryKey(bytes: Buffer): string {
  if (bytes.length * 8 !== RECOVERY_KEY_BITS) throw new AppError('BAD_INPUT', `A recovery key holds ${RECOVERY_KEY_BITS / 8} bytes, not ${bytes.length}.`);
  const data = toSymbols(bytes);
  const symbols = [...data, ...checksum(data)].map((v) => ALPHABET[v]).join('');
  const groups = [RECOVERY_KEY_PREFIX];
  for (let i = 0; i < symbols.length; i += GROUP) groups.push(symbols.slice(i, i + GROUP));
  return groups.join('-');
}

/**
 * A typed recovery key → its 20 bytes. Forgiving about case, spaces, hyphens and Crockford's
 * confusions; the prefix may be left out. Throws BAD_INPUT: "mistyped" when it has the shape of a
 * recovery key but a character is wrong, "not a Watchdog recovery key" when it has not.
 */
export function parseRecoveryKey(text: string): Buffer {
  const compact = text.toUpperCase().replace(/[\s\-\u2010-\u2015]+/g, '');
  const prefixed = compact.startsWith(RECOVERY_KEY_PREFIX);
  if (prefixed && compact.length === RECOVERY_KEY_PREFIX.length + SYMBOLS) return decode(compact.slice(RECOVERY_KEY_PREFIX.length));
  if (compact.length === SYMBOLS) {
    // The prefix left out, or (one time in a million) a key whose symbols start with it.
    try {
      return decode(compact);
    } catch (error) {
      if (prefixed) throw notOurs(`it has ${SYMBOLS - RECOVERY_KEY_PREFIX.length} characters after ${RECOVERY_KEY_PREFIX}, and a recovery key has ${SYMBOLS}`);
      throw error;
    }
  }
  if (compact.length === RECOVERY_KEY_PREFIX.length + SYMBOLS) throw notOurs(`it does not start with ${RECOVERY_KEY_PREFIX}`);
  const body = prefixed ? compact.length - RECOVERY_KEY_PREFIX.length : compact.length;
  throw notOurs(`it has ${body} characters${prefixed ? ` after ${RECOVERY_KEY_PREFIX}` : ''} (not counting spaces and hyphens), and a recovery key has ${SYMBOLS}`);
}

function decode(body: string): Buffer {
  const values: number[] = [];
  for (const c of body) {
    const v = DECODE.get(c);
    if (v === undefined) {
      throw new AppError('BAD_INPUT', `The recovery key is mistyped: "${c}" is not one of its characters (digits and letters other than U). Check it against the written copy.`);
    }
    values.push(v);
  }
  const data = values.slice(0, DATA_SYMBOLS);
  if (checksum(data).some((v, i) => v !== values[DATA_SYMBOLS + i])) {
    throw new AppError('BAD_INPUT', 'The recovery key is mistyped: its checksum does not match, so at least one character is wrong. Check each group against the written copy.');
  }
  return fromSymbols(data);
}

/**
 * The 32-byte database key of a recovery key: HKDF-SHA256 with a fixed salt and info. The input
 * already has 160 bits of entropy, so a slow password KDF would add nothing but delay.
 */
export function databaseKeyFrom(recoveryKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', parseRecoveryKey(recoveryKey), HKDF_SALT, HKDF_INFO, 32));
}

function notOurs(why: string): AppError {
  return new AppError('BAD_INPUT', `This is not a Watchdog recovery key: ${why}. A recovery key looks like ${RECOVERY_KEY_PREFIX}-XXXX-XXXX-… with nine groups of four after the prefix.`);
}

/** Big-endian: the first symbol holds the top 5 bits of the first byte. */
function toSymbols(bytes: Buffer): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >> bits) & 31);
    }
  }
  return out; // 160 bits: no remainder
}

function fromSymbols(symbols: readonly number[]): Buffer {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const v of symbols) {
    acc = ((acc << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** Bech32's generator (BIP-173), as its reference implementation writes it. */
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/** Bech32's checksum function over 5-bit values (exported for its test against BIP-173's own vectors). */
export function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GENERATOR[i]!) >>> 0;
  }
  return chk;
}

/** The first 4 of the 6 Bech32 check symbols of `data` (the code punctured in its last two positions). */
function checksum(data: readonly number[]): number[] {
  const mod = bech32Polymod([...data, 0, 0, 0, 0, 0, 0]);
  return Array.from({ length: CHECK_SYMBOLS }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
}
