import { importSigningKey, type SigningKey } from '../../main/core/integrity/checkpoint';
/**
 * What the crash harness (harness.ts) and its writer child (writer-child.ts) share: the child's
 * configuration, the event_ids it makes, and the lines of its acknowledgement file.
 *
 * The child writes one line per fact with a synchronous write() to a regular file, so a line that is
 * there when the child is SIGKILLed was written before the kill. A last line without its newline was
 * cut by the kill and counts as not written. Lines:
 *
 *   B <n> <fresh ids> <repeated ids>   batch n is about to be submitted (its new ids; ids sent before)
 *   A <n> <accepted> <duplicates> <ids> batch n resolved: its commit is durable (written only after the resolve)
 *   R <n> <code>                        batch n was refused (an invalid batch, on purpose)
 *   E <message>                         the child saw something wrong (a valid batch refused, a wrong result)
 *   G / g <µs>                          a group commit (AuditLog.appendGroup) starts / ended
 *   C <mode> / c <µs>                   an explicit WAL checkpoint starts / ended
 *   O / o <µs>                          the store is being opened / is open
 *   K <where> <µs>                      the child armed its own SIGKILL, <µs> after this line
 *
 * Id lists are comma-separated, `-` when empty.
 */

export type KillMode =
  /** The parent SIGKILLs the child a random time after its first acknowledgement. */
  | 'timed'
  /** The child SIGKILLs itself a random number of µs into a group commit (insert, COMMIT, fsync, autocheckpoint). */
  | 'commit'
  /** The child SIGKILLs itself a random number of µs into an explicit WAL checkpoint. */
  | 'checkpoint'
  /** The child SIGKILLs itself while it opens the file left by the previous crash (WAL recovery, migrations, ANALYZE). */
  | 'open'
  /**
   * The file is plain and the child opens it with the key, which encrypts it in place (rekey through a
   * rollback journal): a thread SIGKILLs the child the moment page 1 on disk is encrypted while the
   * journal still exists, i.e. in the middle of writing the re-encrypted pages.
   */
  | 'encrypt'
  /** As 'encrypt', for a key change: the child opens the file with its key and re-keys it to `rotateToHex`. */
  | 'rotate';

export const CHECKPOINT_MODES = ['PASSIVE', 'FULL', 'RESTART', 'TRUNCATE'] as const;

/** A batch of an earlier run that was in flight when that run was killed; the child sends it again first. */
export interface RetryBatch {
  ids: string[];
  /** What the check after that crash found: all its events stored (true) or none (false). */
  stored: boolean;
}

export interface ChildConfig {
  file: string;
  keyHex: string;
  ackFile: string;
  /** Seeds the child's batches; with `iteration` it also makes its event_ids unique across runs on one file. */
  seed: number;
  iteration: number;
  /** null: the store's own setting (4,000 pages). */
  walAutocheckpoint: number | null;
  submitters: number;
  workers: number;
  kill: KillMode;
  /** For the self-kill modes: arm at the first commit or checkpoint this long after the first acknowledgement. */
  armAfterMs: number;
  /** For 'open': µs into the open. */
  openKillUs: number;
  retry: RetryBatch[];
  /** Mode 'rotate': the new key. */
  rotateToHex?: string;
  /** The child exits by itself after this long (a stray child never outlives the harness for long). */
  maxRunMs: number;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A valid UUID (version and variant nibbles 8) naming seed, run and counter, so content can be rebuilt from it. */
export function eventId(seed: number, iteration: number, counter: number): string {
  return `${hex(seed >>> 0, 8)}-${hex(iteration & 0xffff, 4)}-8000-8000-${hex(counter, 12)}`;
}

export function counterOf(id: string): number {
  return Number.parseInt(id.slice(-12), 16);
}

export function idList(ids: readonly string[]): string {
  return ids.length ? ids.join(',') : '-';
}

export function parseIdList(text: string | undefined): string[] {
  return !text || text === '-' ? [] : text.split(',');
}

/**
 * The device signing key of every crash-test store, fixed (an Ed25519 key from a constant seed) so that
 * reopening after a kill goes on with the same key, as the app does with the key from its keychain.
 */
export function crashSigningKey(): SigningKey {
  const seed = Buffer.alloc(32, 0x5c);
  return importSigningKey(Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]).toString('base64'));
}
