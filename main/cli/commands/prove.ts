import fs from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { defaultDbPath } from '../../core';
import { AppError } from '../../core/api/errors';
import { checkProof, proveArchivedEvent, proveEvent, type ProofRef } from '../../core/integrity/proofs';
import { defaultArchiveDir } from '../../core/retention/archive';
import { AuditStore } from '../../core/store';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../errors';
import { dbOption, userOption } from './options';
import { readAccess } from './read-access';

interface ProveOptions {
  db?: string;
  user?: string;
  event: string;
  key?: Buffer;
  recoveryKey?: string;
  archive?: string;
  out?: string;
}

/** `watchdog prove` makes an inclusion proof from the database; `watchdog verify-proof` checks one with no database. */
export function registerProve(program: Command): void {
  program
    .command('prove')
    .description('Print a self-contained proof that one event is in the signed log (check it with verify-proof; needs audit:export, or the key)')
    .addOption(dbOption())
    .addOption(userOption())
    .requiredOption('--event <id>', 'the event: its event_id, or #seq (e.g. #1234)')
    .addOption(new Option('--key <hex>', 'the 32-byte database key, as 64 hex digits (encrypted databases; no user needed)').argParser(hexKey))
    .addOption(new Option('--recovery-key <key>', 'the recovery key, WDRK-… (encrypted databases; or set WATCHDOG_RECOVERY_KEY; no user needed)').conflicts('key'))
    .option('--archive <dir>', 'where to look for an event retention archived (default: archives/ beside the database)')
    .option('--out <file>', 'write the proof to this file instead of printing it')
    .action(async (opts: ProveOptions) => {
      const ref = eventRef(opts.event);
      const file = opts.db || defaultDbPath();
      // The environment variable the other commands read too; an explicit --key wins over it; without
      // either, this computer's keychain and a user with audit:export (as for `verify`).
      const recoveryKey = opts.recoveryKey ?? (opts.key ? undefined : process.env.WATCHDOG_RECOVERY_KEY || undefined);
      const { key } = await readAccess(file, { key: opts.key, recoveryKey }, {
        command: 'prove',
        user: opts.user,
        permission: 'audit:export',
        kind: 'export',
        resource: 'cli.prove',
        query: { event: opts.event, archive: opts.archive ?? null },
      });
      const store = openReadOnly(file, key);
      try {
        const doc = await proveFromDatabaseOrArchive(store, ref, opts.archive ?? defaultArchiveDir(file));
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (opts.out === undefined) {
          process.stdout.write(text);
        } else {
          fs.writeFileSync(opts.out, text);
          console.log(`Wrote the proof that event ${doc.event.event_id} (#${doc.event.seq}) is in checkpoint ${doc.treeSize} to ${opts.out}.`);
        }
      } finally {
        store.close();
      }
    });

  program
    .command('verify-proof')
    .description('Check a proof made by `watchdog prove`, with no database; exit 1 if it does not hold')
    .argument('<file>', 'the proof document (JSON)')
    .option('--trusted-key <fingerprint>', 'accept only checkpoints signed by this key (SHA-256 fingerprint, 64 hex digits); repeatable', collectFingerprint)
    .action((file: string, opts: { trustedKey?: string[] }) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, EXIT_FAILURE);
      }
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (error) {
        console.error(`INVALID (bad_format): ${file} is not JSON (${(error as Error).message}).`);
        throw new CliError('', EXIT_FAILURE);
      }
      const result = checkProof(doc, opts.trustedKey ? { trustedKeys: opts.trustedKey } : {});
      if (!result.ok) {
        console.error(`INVALID (${result.reason}): ${result.message}`);
        throw new CliError('', EXIT_FAILURE);
      }
      console.log(`VALID: ${result.message}`);
      if (!opts.trustedKey) {
        const fingerprint = (doc as { checkpoint: { keyFingerprint: string } }).checkpoint.keyFingerprint;
        console.error(
          `Note: no --trusted-key was given, so this shows the proof is intact and signed by key ${fingerprint}; ` +
            'it does not show whose key that is. Compare it with the fingerprint you trust, or pass it as --trusted-key.',
        );
      }
    });
}

/** The database first; an event it no longer holds may have been archived (slower: its segment is read). */
async function proveFromDatabaseOrArchive(store: AuditStore, ref: ProofRef, archiveDir: string) {
  try {
    return proveEvent(store.db, ref);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND' || !/^No event/.test(error.message)) throw error;
    return proveArchivedEvent(store.db, archiveDir, ref);
  }
}

function eventRef(text: string): ProofRef {
  if (!text.startsWith('#')) return { eventId: text };
  if (!/^#[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text.slice(1)))) {
    throw new CliError(`--event ${text}: after # comes a seq, a whole number ≥ 1.`, EXIT_USAGE);
  }
  return { seq: Number(text.slice(1)) };
}

function hexKey(value: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(value)) throw new InvalidArgumentError('must be 64 hex digits (32 bytes)');
  return Buffer.from(value, 'hex');
}

function collectFingerprint(value: string, previous: string[] | undefined): string[] {
  if (!/^[0-9a-fA-F]{64}$/.test(value)) throw new InvalidArgumentError('must be a key fingerprint: 64 hex digits (SHA-256 of the public key)');
  return [...(previous ?? []), value.toLowerCase()];
}

/** Read-only and exactly as it is: no migration, no new file, no checkpoint written. */
function openReadOnly(file: string, key: Buffer | undefined): AuditStore {
  try {
    return AuditStore.open(file, { readonly: true, create: false, migrate: false, key });
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === 'FORBIDDEN' && key === undefined) {
        throw new CliError(`${error.message} Give its key with --key HEX or --recovery-key WDRK-….`, EXIT_FAILURE);
      }
      throw error;
    }
    throw new CliError(`Cannot read ${file} as a Watchdog log: ${(error as Error).message}. A database from before signed checkpoints must be opened by Watchdog once first.`, EXIT_FAILURE);
  }
}
