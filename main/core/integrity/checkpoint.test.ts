import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkCheckpoint,
  checkpointText,
  exportSigningKey,
  fingerprintOf,
  importSigningKey,
  newSigningKey,
  publicKeyFromRaw,
  signCheckpoint,
  type Checkpoint,
} from './checkpoint';

const fields = {
  origin: 'watchdog/S001/device-1',
  treeSize: 104233,
  rootHash: Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex'),
  time: '2026-11-23T10:00:00.000Z',
};

describe('checkpoints', () => {
  it('signs the documented note text, which a plain Ed25519 verify accepts', () => {
    const key = newSigningKey();
    const cp = signCheckpoint(fields, key);
    expect(checkpointText(cp)).toBe(
      'watchdog/S001/device-1\n104233\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntime 2026-11-23T10:00:00.000Z\n',
    );
    expect(cp.keyFingerprint).toBe(fingerprintOf(key.publicKey));
    expect(cp.signature).toHaveLength(64);
    // Independent check: Node's verify over the same bytes with the SPKI-wrapped raw key.
    const spki = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.publicKey]), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(checkpointText(cp)), spki, cp.signature)).toBe(true);
    expect(checkCheckpoint(cp, new Map([[key.fingerprint, key.publicKey]]))).toEqual({ ok: true });
  });

  it('refuses any change to the signed fields, a foreign key, and a damaged signature', () => {
    const key = newSigningKey();
    const known = new Map([[key.fingerprint, key.publicKey]]);
    const cp = signCheckpoint(fields, key);
    const changed: Checkpoint[] = [
      { ...cp, treeSize: cp.treeSize - 1 },
      { ...cp, origin: 'watchdog/S002/device-1' },
      { ...cp, time: '2026-11-23T10:00:00.001Z' },
      { ...cp, rootHash: Buffer.from(cp.rootHash).fill(0, 0, 1) },
      { ...cp, signature: Buffer.concat([cp.signature.subarray(0, 63), Buffer.from([cp.signature[63]! ^ 1])]) },
      { ...cp, signature: cp.signature.subarray(0, 32) },
    ];
    for (const c of changed) expect(checkCheckpoint(c, known)).toEqual({ ok: false, reason: 'bad_signature' });

    const other = newSigningKey();
    expect(checkCheckpoint(signCheckpoint(fields, other), known)).toEqual({ ok: false, reason: 'unknown_key' });
    // A fingerprint that names a known key but does not match the key bytes is unknown, not trusted.
    expect(checkCheckpoint({ ...cp, keyFingerprint: other.fingerprint }, new Map([[other.fingerprint, key.publicKey]]))).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
  });

  it('exports and imports the private key (the vault stores it as base64 PKCS#8)', () => {
    const key = newSigningKey();
    const again = importSigningKey(exportSigningKey(key));
    expect(again.fingerprint).toBe(key.fingerprint);
    expect(checkCheckpoint(signCheckpoint(fields, again), new Map([[key.fingerprint, key.publicKey]]))).toEqual({ ok: true });
    expect(() => importSigningKey('bm90IGEga2V5')).toThrow(/signing key cannot be read/);
    expect(publicKeyFromRaw(key.publicKey).asymmetricKeyType).toBe('ed25519');
  });

  it('refuses to sign malformed fields', () => {
    const key = newSigningKey();
    expect(() => signCheckpoint({ ...fields, treeSize: -1 }, key)).toThrow(/whole number/);
    expect(() => signCheckpoint({ ...fields, rootHash: Buffer.alloc(31) }, key)).toThrow(/32 bytes/);
    expect(() => signCheckpoint({ ...fields, origin: 'a\nb' }, key)).toThrow(/one line/);
  });
});
