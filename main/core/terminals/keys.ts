import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Terminal keys and request signatures (docs/ingest.md, "Authentication").
 *
 * A terminal key is `wdt1_<terminal id>_<base64url Ed25519 seed>`, shown once at registration. Each
 * request carries three headers: the terminal id, the time it was signed (Unix ms) and an Ed25519
 * signature over `WD1\n<METHOD>\n<path>\n<timestamp>\n<SHA-256 of the body, hex>`. The server keeps
 * only public keys, refuses timestamps more than five minutes off its clock, and refuses a signature
 * it has already seen within that window, so a captured request cannot be replayed.
 */
export const TERMINAL_HEADER = 'x-watchdog-terminal';
export const TIMESTAMP_HEADER = 'x-watchdog-timestamp';
export const SIGNATURE_HEADER = 'x-watchdog-signature';

/** How far a request's timestamp may be from the server's clock (either way). */
export const MAX_SKEW_MS = 5 * 60_000;

const KEY_PATTERN = /^wdt1_(t[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** PKCS #8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SPKI DER of an Ed25519 public key is this prefix and the 32-byte key. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface TerminalKey {
  terminalId: string;
  privateKey: KeyObject;
}

/** A new key pair: the key text for the terminal (shown once) and the public key for the database. */
export function newTerminalKey(terminalId: string): { text: string; publicKey: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { text: `wdt1_${terminalId}_${seed.toString('base64url')}`, publicKey: Buffer.from(raw) };
}

/** Reads a key as `newTerminalKey` wrote it; null if it is not one. */
export function parseTerminalKey(text: string): TerminalKey | null {
  const match = KEY_PATTERN.exec(text.trim());
  if (!match) return null;
  const seed = Buffer.from(match[2] as string, 'base64url');
  if (seed.length !== 32) return null;
  return { terminalId: match[1] as string, privateKey: createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }) };
}

export function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function message(method: string, path: string, timestamp: string, body: Buffer | string): Buffer {
  const digest = createHash('sha256').update(body).digest('hex');
  return Buffer.from(`WD1\n${method.toUpperCase()}\n${path}\n${timestamp}\n${digest}`);
}

/** The three headers of a signed request. */
export function signRequest(key: TerminalKey, method: string, path: string, body: Buffer | string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  const signature = sign(null, message(method, path, timestamp, body), key.privateKey).toString('base64url');
  return { [TERMINAL_HEADER]: key.terminalId, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature };
}

export function verifySignature(publicKey: KeyObject, method: string, path: string, timestamp: string, body: Buffer, signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64url');
  if (bytes.length !== 64) return false;
  return verify(null, message(method, path, timestamp, body), publicKey, bytes);
}
