import { AppError } from '../../core/api/errors';
import type { Checkpoint } from '../../core/integrity/checkpoint';
import { fileKind } from '../../core/store/encryption';
import { databaseKeyFrom } from '../../core/vault/recovery-key';
import { latestRecorded } from '../../core/vault/open-store';
import { decodeDatabaseKey } from '../../core/vault/store-keys';
import { accountFor, openKeychainVault } from '../../core/vault/vault';

/**
 * The key that opens `file` for reading, without creating anything: from the recovery key when one is
 * given (a copy on another computer), else from this computer's keychain, which also supplies the
 * latest checkpoint it recorded (so a verifier can tell an older copy). A plain file needs no key.
 */
export async function databaseKeyFor(file: string, recoveryKey: string | undefined): Promise<{ key?: Buffer; expected: Checkpoint | null }> {
  if (recoveryKey) return { key: databaseKeyFrom(recoveryKey), expected: null };
  const kind = fileKind(file);
  if (kind === 'missing') throw new AppError('NOT_FOUND', `No database at ${file}.`);
  let vault;
  try {
    vault = await openKeychainVault();
  } catch (error) {
    if (kind === 'plain') return { expected: null };
    throw new AppError('FORBIDDEN', `${(error as Error).message} To verify a copy on another computer, pass --recovery-key.`);
  }
  const stored = await vault.get(accountFor('database-key', file));
  const expected = await latestRecorded(vault, file);
  if (kind === 'plain') return { expected };
  if (!stored) throw new AppError('FORBIDDEN', `This computer's keychain has no key for ${file}. Pass its recovery key with --recovery-key.`);
  return { key: decodeDatabaseKey(stored), expected };
}

