import { AppError } from '../api/errors';
import type { Checkpoint } from '../integrity/checkpoint';
import { checkpointFromJson, checkpointToJson, type CheckpointJson } from '../integrity/checkpoint-store';
import { AuditStore } from '../store';
import { databaseKeyFrom } from './recovery-key';
import { loadOrCreateKeys, recoverKeys, type StoreKeys } from './store-keys';
import { accountFor, type Vault } from './vault';

export interface SecureOpenOptions {
  dbPath: string;
  create?: boolean;
  /** The keychain; null only together with a recovery key (a copy opened on another machine, read-only use). */
  vault: Vault | null;
  /** Opens with the recovery key instead of the keychain's key (and, with a vault, stores it there). */
  recoveryKey?: string;
  /** Part of the checkpoint origin. */
  storeName?: string;
  onVaultError?: (error: unknown) => void;
}

export interface SecureStore {
  store: AuditStore;
  /** Set on first run only: to be shown once, never stored. */
  recoveryKey: string | null;
  /** The latest checkpoint the vault had recorded before this open (rollback detection for the verifier). */
  expected: Checkpoint | null;
}

/**
 * The audit store as the hosts open it: encrypted with the key from the keychain, signing checkpoints
 * with the device key, and refusing a file that is older than the last checkpoint this computer saw
 * (the vault keeps the latest one outside the file, so putting back an old copy is caught here).
 */
export async function openSecureStore(options: SecureOpenOptions): Promise<SecureStore> {
  const { vault, dbPath } = options;
  if (!vault && !options.recoveryKey) throw new AppError('UNAVAILABLE', 'Opening the database needs the system keychain or its recovery key.');
  const keys: Partial<StoreKeys> & { databaseKey: Buffer } = options.recoveryKey
    ? vault
      ? await recoverKeys(vault, dbPath, options.recoveryKey)
      : { databaseKey: databaseKeyFrom(options.recoveryKey) }
    : await loadOrCreateKeys(vault as Vault, dbPath);
  const expected = vault ? await latestRecorded(vault, dbPath) : null;
  const store = AuditStore.open(dbPath, { key: keys.databaseKey, create: options.create });
  try {
    if (expected) checkNotRolledBack(store, expected);
    if (keys.signingKey && vault) {
      const account = accountFor('latest-checkpoint', dbPath);
      const record = (c: Checkpoint) => vault.set(account, JSON.stringify(checkpointToJson(c))).catch(options.onVaultError ?? (() => undefined));
      store.useSigner({ key: keys.signingKey, store: options.storeName, onCheckpoint: (c) => void record(c) });
      const latest = store.log.checkpoints.latest();
      if (latest && latest.treeSize !== expected?.treeSize) await record(latest);
    }
  } catch (error) {
    store.close();
    throw error;
  }
  return { store, recoveryKey: keys.recoveryKey ?? null, expected };
}

/** The latest checkpoint this computer recorded for the file, outside it; null if none (or unreadable). */
export async function latestRecorded(vault: Vault, dbPath: string): Promise<Checkpoint | null> {
  const text = await vault.get(accountFor('latest-checkpoint', dbPath));
  if (!text) return null;
  try {
    return checkpointFromJson(JSON.parse(text) as CheckpointJson);
  } catch {
    return null;
  }
}

/** The file must still hold the checkpoint the vault recorded, with the same root. */
export function checkNotRolledBack(store: AuditStore, expected: Checkpoint): void {
  const match = store.db
    .prepare('SELECT 1 FROM checkpoints WHERE tree_size = ? AND root_hash = ?')
    .get(expected.treeSize, expected.rootHash);
  if (match && store.log.chainHead.seq >= expected.treeSize) return;
  const has = store.log.chainHead.seq.toLocaleString('en-US');
  throw new AppError(
    'CONFLICT',
    `This database file is older than the one this computer last saw: it had ${expected.treeSize.toLocaleString('en-US')} events ` +
      `(checkpoint of ${expected.time}); this file has ${has} and not that checkpoint. It may have been replaced by an older copy. ` +
      'Nothing was changed. Keep this file as evidence and run `watchdog verify` on it.',
  );
}
