import type { Permission } from '../../../shared/permissions';
import { AppError } from '../../core/api/errors';
import type { Checkpoint } from '../../core/integrity/checkpoint';
import { fileKind } from '../../core/store/encryption';
import { credentialsFor } from '../credentials';
import { openCliCore, withLogin } from '../session';
import { databaseKeyFor } from './database-key';

/** What a read-only command needs and records when a user runs it. */
export interface ReadAccess {
  /** The command, for the one-line reason when there are no credentials. */
  command: string;
  user?: string;
  permission: Permission;
  /** How the look is recorded: audit.view, audit.export or audit.verify. */
  kind: 'view' | 'export' | 'verify';
  /** The work, as the log names it (resource_id and details.channel), e.g. `cli.verify`. */
  resource: string;
  /** What was asked, recorded with the look. */
  query: Record<string, unknown>;
}

export interface ReadKey {
  key?: Buffer;
  /** The latest checkpoint this computer recorded for the file (rollback detection); null for a copy. */
  expected: Checkpoint | null;
}

/**
 * The key that opens `file` read-only for `verify`, `prove` and `events --include-archives`, and who
 * may. Whoever gives the database key (its recovery key, or --key) holds the file's contents already,
 * and a plain file is readable without Watchdog, so those runs need no user and write nothing: the
 * file stays byte for byte as it was (a copy examined on another computer). Otherwise the keychain's
 * key opens it, and a user must log in through a normal session first: the role is checked (a
 * refusal is recorded) and the look is recorded, before the file is read.
 */
export async function readAccess(file: string, given: { key?: Buffer; recoveryKey?: string }, access: ReadAccess): Promise<ReadKey> {
  if (given.key) return { key: given.key, expected: null };
  if (given.recoveryKey) return databaseKeyFor(file, given.recoveryKey);
  const kind = fileKind(file);
  if (kind === 'missing') throw new AppError('NOT_FOUND', `No database at ${file}.`);
  if (kind === 'plain') return databaseKeyFor(file, undefined);
  // This computer's keychain must hold the file's key: if not, say so before anyone logs in to it.
  await databaseKeyFor(file, undefined);
  const credentials = await credentialsFor(access.command, access.user);
  const core = await openCliCore(file, false);
  try {
    await withLogin(core, credentials, async (session) => {
      session.authorize(access.permission, access.resource);
      session.recordLook(access.kind, access.resource, access.query);
    });
  } finally {
    // Closing signs what the session wrote, so the checkpoint read next covers it.
    await core.close();
  }
  return databaseKeyFor(file, undefined);
}
