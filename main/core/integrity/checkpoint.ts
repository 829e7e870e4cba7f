import { createPrivateKey, createPublicKey, generateKeyPairSync, hash, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../api/errors';

/**
 * Signed checkpoints (signed tree heads): "the log had `treeSize` events and this Merkle root, at
 * this time, says this device". The signed text follows the transparency-dev checkpoint note layout
 * (origin, size, base64 root, then extension lines) so it reads the same as in other transparency
 * logs, and the 30-line checker in docs/verification.md needs nothing but an Ed25519 verify.
 */
export interface CheckpointFields {
  /** Which log: `watchdog/<store>/<device>`. */
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  /** ISO-8601 UTC with milliseconds. */
  time: string;
}

export interface Checkpoint extends CheckpointFields {
  /** SHA-256 of the raw 32-byte Ed25519 public key, lower-case hex. */
  keyFingerprint: string;
  /** Ed25519 over `checkpointText(fields)`. */
  signature: Buffer;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: Buffer;
  fingerprint: string;
}

/** The exact bytes that are signed. */
export function checkpointText(c: CheckpointFields): string {
  if (!Number.isSafeInteger(c.treeSize) || c.treeSize < 0) throw new AppError('BAD_INPUT', `A tree size is a whole number ≥ 0, not ${c.treeSize}.`);
  if (c.rootHash.length !== 32) throw new AppError('BAD_INPUT', 'A root hash is 32 bytes.');
  if (/\n/.test(c.origin)) throw new AppError('BAD_INPUT', 'A checkpoint origin is one line.');
  return `${c.origin}\n${c.treeSize}\n${c.rootHash.toString('base64')}\ntime ${c.time}\n`;
}

export function fingerprintOf(publicKey: Buffer): string {
  return hash('sha256', publicKey, 'hex');
}

/** A new Ed25519 key pair. The private key leaves this process only into the vault (PKCS#8, base64). */
export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return withPublic(privateKey, publicKey);
}

export function exportSigningKey(key: SigningKey): string {
  return key.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

export function importSigningKey(pkcs8Base64: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(pkcs8Base64, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new AppError('UNAVAILABLE', `The stored signing key cannot be read: ${(error as Error).message}.`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AppError('UNAVAILABLE', 'The stored signing key is not an Ed25519 key.');
  return withPublic(privateKey, createPublicKey(privateKey));
}

function withPublic(privateKey: KeyObject, publicKey: KeyObject): SigningKey {
  // The raw key is the last 32 bytes of its SPKI encoding.
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return { privateKey, publicKey: raw, fingerprint: fingerprintOf(raw) };
}

export function signCheckpoint(fields: CheckpointFields, key: SigningKey): Checkpoint {
  const signature = sign(null, Buffer.from(checkpointText(fields), 'utf8'), key.privateKey);
  return { ...fields, keyFingerprint: key.fingerprint, signature };
}

/** A raw 32-byte Ed25519 public key as a KeyObject (via its fixed SPKI prefix). */
export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new AppError('BAD_INPUT', 'An Ed25519 public key is 32 bytes.');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type CheckpointCheck = { ok: true } | { ok: false; reason: 'unknown_key' | 'bad_signature' };

/** Checks the signature against the known public keys (raw, by fingerprint). Never throws on bad data. */
export function checkCheckpoint(c: Checkpoint, knownKeys: ReadonlyMap<string, Buffer>): CheckpointCheck {
  const raw = knownKeys.get(c.keyFingerprint);
  if (!raw || fingerprintOf(raw) !== c.keyFingerprint) return { ok: false, reason: 'unknown_key' };
  try {
    return verify(null, Buffer.from(checkpointText(c), 'utf8'), publicKeyFromRaw(raw), c.signature)
      ? { ok: true }
      : { ok: false, reason: 'bad_signature' };
  } catch {
    return { ok: false, reason: 'bad_signature' };
  }
}
