import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { checkpointText, checkCheckpoint, exportSigningKey, signCheckpoint } from '../integrity/checkpoint';
import { openDatabase } from '../store/database';
import { fileKind } from '../store/encryption';
import { tempDir } from '../store/test-helpers';
import { databaseKeyFrom, newRecoveryKey } from './recovery-key';
import { checkRecoveryKey, forgetKeys, loadOrCreateKeys, recoverKeys, recoveryKeyShown } from './store-keys';
import { accountFor, openKeychainVault, type Vault } from './vault';

// Against the real Secret Service that test/support/secret-service.ts starts (or the session's own).

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('not refused');
}

/** One character of the recovery key replaced by another valid one: a typo. */
function mistype(recoveryKey: string): string {
  const at = recoveryKey.length - 7;
  const c = recoveryKey[at] === 'A' ? 'B' : 'A';
  return recoveryKey.slice(0, at) + c + recoveryKey.slice(at + 1);
}

describe('store keys in the keychain', () => {
  let vault: Vault;
  let dir: string;
  let cleanup: () => void;
  let dbFile: string;

  beforeAll(async () => {
    vault = await openKeychainVault();
  });
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('watchdog-keys-'));
    dbFile = path.join(dir, 'audit.db');
  });
  afterEach(async () => {
    await forgetKeys(vault, dbFile);
    cleanup();
  });

  it('creates the keys on first run and offers the recovery key until it has been shown; the next call loads the same keys', async () => {
    const first = await loadOrCreateKeys(vault, dbFile);
    expect(first.recoveryKey).toMatch(/^WDRK(-[0-9A-Z]{4}){9}$/);
    expect(first.databaseKey).toHaveLength(32);
    expect(first.newSigningKey).toBe(true);
    expect(await vault.get(accountFor('database-key', dbFile))).toBe(first.databaseKey.toString('base64'));
    expect(await vault.get(accountFor('signing-key', dbFile))).toBe(exportSigningKey(first.signingKey));

    // Not shown yet (setup has not run): offered again, then forgotten once shown.
    expect((await loadOrCreateKeys(vault, dbFile)).recoveryKey).toBe(first.recoveryKey);
    await recoveryKeyShown(vault, dbFile);
    expect(await vault.get(accountFor('pending-recovery-key', dbFile))).toBeNull();
    const second = await loadOrCreateKeys(vault, dbFile);
    expect(second.recoveryKey).toBeNull();
    expect(second.newSigningKey).toBe(false);
    expect(second.databaseKey.equals(first.databaseKey)).toBe(true);
    expect(second.signingKey.fingerprint).toBe(first.signingKey.fingerprint);
    // The loaded signing key signs what the first one's public key verifies.
    const fields = { origin: 'watchdog/S001/test', treeSize: 1, rootHash: Buffer.alloc(32, 7), time: '2026-01-05T09:00:00.000Z' };
    expect(checkpointText(fields)).toContain('watchdog/S001/test');
    const known = new Map([[first.signingKey.fingerprint, first.signingKey.publicKey]]);
    expect(checkCheckpoint(signCheckpoint(fields, second.signingKey), known)).toEqual({ ok: true });
  });

  it('keeps nothing of the recovery key once shown: the database key is derived from it, and checking it needs nothing else', async () => {
    const keys = await loadOrCreateKeys(vault, dbFile);
    const recoveryKey = keys.recoveryKey!;
    expect(await vault.get(accountFor('pending-recovery-key', dbFile))).toBe(recoveryKey);
    await recoveryKeyShown(vault, dbFile);
    expect(databaseKeyFrom(recoveryKey).equals(keys.databaseKey)).toBe(true);
    for (const secret of ['database-key', 'signing-key', 'latest-checkpoint'] as const) {
      const stored = (await vault.get(accountFor(secret, dbFile))) ?? '';
      expect(stored).not.toContain(recoveryKey.slice(5, 14));
    }
    expect(await checkRecoveryKey(vault, dbFile, recoveryKey)).toBe(true);
    expect(await checkRecoveryKey(vault, dbFile, recoveryKey.toLowerCase().replaceAll('-', ' '))).toBe(true);
    expect(await checkRecoveryKey(vault, dbFile, newRecoveryKey())).toBe(false);
    expect((await refusal(checkRecoveryKey(vault, dbFile, mistype(recoveryKey)))).message).toMatch(/mistyped/);
    expect((await refusal(checkRecoveryKey(vault, dbFile, 'hunter2'))).message).toMatch(/not a Watchdog recovery key/);
  });

  it('keeps two databases apart', async () => {
    const other = path.join(dir, 'other.db');
    try {
      const a = await loadOrCreateKeys(vault, dbFile);
      const b = await loadOrCreateKeys(vault, other);
      expect(a.databaseKey.equals(b.databaseKey)).toBe(false);
      expect(a.signingKey.fingerprint).not.toBe(b.signingKey.fingerprint);
      expect(await checkRecoveryKey(vault, other, a.recoveryKey!)).toBe(false);
      expect(await checkRecoveryKey(vault, other, b.recoveryKey!)).toBe(true);
    } finally {
      await forgetKeys(vault, other);
    }
  });

  it('end to end: the recovery key brings an encrypted database back after the keychain lost its keys', async () => {
    const created = await loadOrCreateKeys(vault, dbFile);
    const recoveryKey = created.recoveryKey!;
    let db = openDatabase(dbFile, { key: created.databaseKey });
    db.exec('CREATE TABLE vault_note (note TEXT NOT NULL)');
    db.prepare('INSERT INTO vault_note (note) VALUES (?)').run('the till was 20.00 short on Tuesday');
    db.close();
    expect(fileKind(dbFile)).toBe('encrypted');
    expect(fs.readFileSync(dbFile).includes('20.00 short')).toBe(false);

    await forgetKeys(vault, dbFile);
    expect(await vault.get(accountFor('database-key', dbFile))).toBeNull();

    // The keychain has no key for an existing encrypted file: refused, pointing to the recovery key.
    const noKey = await refusal(loadOrCreateKeys(vault, dbFile));
    expect(noKey.code).toBe('FORBIDDEN');
    expect(noKey.message).toMatch(/keychain holds no key for the database/);
    expect(noKey.message).toMatch(/administrator can open it with its recovery key/);
    expect(() => openDatabase(dbFile)).toThrow(/encrypted/);

    // A mistyped key and another database's key are refused, each with its own message, and nothing is stored.
    const typo = await refusal(recoverKeys(vault, dbFile, mistype(recoveryKey)));
    expect(typo.code).toBe('BAD_INPUT');
    expect(typo.message).toMatch(/mistyped/);
    const wrong = await refusal(recoverKeys(vault, dbFile, newRecoveryKey()));
    expect(wrong.code).toBe('FORBIDDEN');
    expect(wrong.message).toMatch(/well formed but it is not the key of .*another Watchdog database/);
    const notOurs = await refusal(recoverKeys(vault, dbFile, 'not-a-key'));
    expect(notOurs.message).toMatch(/not a Watchdog recovery key/);
    expect(await vault.get(accountFor('database-key', dbFile))).toBeNull();

    // The right key, typed sloppily: access is back; the signing key was lost too, so a new one.
    const recovered = await recoverKeys(vault, dbFile, recoveryKey.toLowerCase().replaceAll('-', '  ').replaceAll('0', 'o'));
    expect(recovered.databaseKey.equals(created.databaseKey)).toBe(true);
    expect(recovered.recoveryKey).toBeNull();
    expect(recovered.newSigningKey).toBe(true);
    expect(recovered.signingKey.fingerprint).not.toBe(created.signingKey.fingerprint);

    const loaded = await loadOrCreateKeys(vault, dbFile);
    expect(loaded.databaseKey.equals(created.databaseKey)).toBe(true);
    expect(loaded.signingKey.fingerprint).toBe(recovered.signingKey.fingerprint);
    expect(loaded.newSigningKey).toBe(false);

    db = openDatabase(dbFile, { key: loaded.databaseKey });
    expect(db.prepare('SELECT note FROM vault_note').pluck().all()).toEqual(['the till was 20.00 short on Tuesday']);
    db.close();
  });

  it('recovery keeps the signing key the vault still has', async () => {
    const created = await loadOrCreateKeys(vault, dbFile);
    openDatabase(dbFile, { key: created.databaseKey }).close();
    await vault.delete(accountFor('database-key', dbFile));
    const recovered = await recoverKeys(vault, dbFile, created.recoveryKey!);
    expect(recovered.newSigningKey).toBe(false);
    expect(recovered.signingKey.fingerprint).toBe(created.signingKey.fingerprint);
    // Recovering again with the stored key in place changes nothing.
    const again = await recoverKeys(vault, dbFile, created.recoveryKey!);
    expect(again.newSigningKey).toBe(false);
    expect(again.databaseKey.equals(created.databaseKey)).toBe(true);
  });

  it('recovery replaces a damaged or stale key when the recovery key opens the file', async () => {
    const created = await loadOrCreateKeys(vault, dbFile);
    openDatabase(dbFile, { key: created.databaseKey }).close();
    await vault.set(accountFor('database-key', dbFile), 'not base64 of 32 bytes');
    expect((await refusal(loadOrCreateKeys(vault, dbFile))).message).toMatch(/damaged.*recovery key/);
    expect(await checkRecoveryKey(vault, dbFile, created.recoveryKey!)).toBe(false);
    const recovered = await recoverKeys(vault, dbFile, created.recoveryKey!);
    expect(recovered.databaseKey.equals(created.databaseKey)).toBe(true);
    expect(recovered.newSigningKey).toBe(false);
    expect((await loadOrCreateKeys(vault, dbFile)).databaseKey.equals(created.databaseKey)).toBe(true);

    // A stale key (another database's, say, after a file was restored over this one) is replaced too.
    await vault.set(accountFor('database-key', dbFile), databaseKeyFrom(newRecoveryKey()).toString('base64'));
    expect((await recoverKeys(vault, dbFile, created.recoveryKey!)).databaseKey.equals(created.databaseKey)).toBe(true);
    expect(await checkRecoveryKey(vault, dbFile, created.recoveryKey!)).toBe(true);

    // An unreadable signing key stops a normal start, and recovery replaces it.
    await vault.set(accountFor('signing-key', dbFile), 'garbage');
    const damaged = await refusal(loadOrCreateKeys(vault, dbFile));
    expect(damaged.code).toBe('UNAVAILABLE');
    expect(damaged.message).toMatch(/signing key cannot be read.*recovery key/);
    const rotated = await recoverKeys(vault, dbFile, created.recoveryKey!);
    expect(rotated.newSigningKey).toBe(true);
    expect((await loadOrCreateKeys(vault, dbFile)).signingKey.fingerprint).toBe(rotated.signingKey.fingerprint);
  });

  it('before the database exists, a recovery key other than the stored one is refused', async () => {
    const created = await loadOrCreateKeys(vault, dbFile);
    const wrong = await refusal(recoverKeys(vault, dbFile, newRecoveryKey()));
    expect(wrong.code).toBe('FORBIDDEN');
    expect((await recoverKeys(vault, dbFile, created.recoveryKey!)).databaseKey.equals(created.databaseKey)).toBe(true);
  });

  it('replaces a signing key missing beside the database key, and says so', async () => {
    const created = await loadOrCreateKeys(vault, dbFile);
    await vault.delete(accountFor('signing-key', dbFile));
    const loaded = await loadOrCreateKeys(vault, dbFile);
    expect(loaded.newSigningKey).toBe(true);
    expect(loaded.recoveryKey).toBe(created.recoveryKey); // still not shown
    expect(loaded.signingKey.fingerprint).not.toBe(created.signingKey.fingerprint);
    expect(loaded.databaseKey.equals(created.databaseKey)).toBe(true);
  });

  it('treats an empty file as a first run, and a plain database from before encryption too (encrypted on its first keyed open)', async () => {
    fs.writeFileSync(dbFile, '');
    const fromEmpty = await loadOrCreateKeys(vault, dbFile);
    expect(fromEmpty.recoveryKey).not.toBeNull();
    await forgetKeys(vault, dbFile);
    fs.rmSync(dbFile);

    const plain = openDatabase(dbFile);
    plain.exec("CREATE TABLE legacy (x TEXT); INSERT INTO legacy VALUES ('kept')");
    plain.close();
    expect(fileKind(dbFile)).toBe('plain');
    const keys = await loadOrCreateKeys(vault, dbFile);
    expect(keys.recoveryKey).not.toBeNull();
    const db = openDatabase(dbFile, { key: keys.databaseKey });
    expect(db.prepare('SELECT x FROM legacy').pluck().get()).toBe('kept');
    db.close();
    expect(fileKind(dbFile)).toBe('encrypted');
  });

  it('forgetKeys removes every secret of the database, and only of that database', async () => {
    const other = path.join(dir, 'other.db');
    try {
      await loadOrCreateKeys(vault, dbFile);
      await loadOrCreateKeys(vault, other);
      await vault.set(accountFor('latest-checkpoint', dbFile), '{"treeSize":1}');
      await forgetKeys(vault, dbFile);
      for (const secret of ['database-key', 'signing-key', 'latest-checkpoint'] as const) {
        expect(await vault.get(accountFor(secret, dbFile))).toBeNull();
      }
      expect(await vault.get(accountFor('database-key', other))).not.toBeNull();
    } finally {
      await forgetKeys(vault, other);
    }
  });
});
