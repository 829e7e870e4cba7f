import type { Command } from 'commander';
import type { IntegrityReport } from '../../../shared/contract/integrity';
import { defaultDbPath } from '../../core';
import { verifyLogFile } from '../../core/integrity/verify/verify-log';
import { CliError, EXIT_FAILURE } from '../errors';
import { dbOption, userOption } from './options';
import { readAccess } from './read-access';

/**
 * `watchdog verify`: reads the file itself, read-only, with worker threads — so it works on a copy,
 * offline, on a machine that never saw the database (with `--recovery-key`, no user: nothing is
 * written). On the machine that wrote it, the keychain supplies the key and the latest checkpoint
 * recorded outside the file, and a user with audit:verify logs in first (recorded as audit.verify).
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Verify the chain, the Merkle tree and every signed checkpoint; exit 1 and name each INVALID range (needs audit:verify, or the recovery key)')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--recovery-key <key>', "open an encrypted copy with its recovery key (WDRK-…; or set WATCHDOG_RECOVERY_KEY) instead of this computer's keychain; no user needed")
    .option('--archive <dir>', 'also check the archive segments in this folder: every archived event recomputed and held to the log')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { db?: string; user?: string; recoveryKey?: string; archive?: string; json?: boolean }) => {
      const file = opts.db || defaultDbPath();
      const recoveryKey = opts.recoveryKey ?? (process.env.WATCHDOG_RECOVERY_KEY || undefined);
      const { key, expected } = await readAccess(file, { recoveryKey }, {
        command: 'verify',
        user: opts.user,
        permission: 'audit:verify',
        kind: 'verify',
        resource: 'cli.verify',
        query: { archive: opts.archive ?? null },
      });
      const progress = process.stderr.isTTY
        ? ({ checked, total }: { checked: number; total: number }) =>
            process.stderr.write(`\rVerifying: ${Math.round((checked / Math.max(1, total)) * 100)}% (${checked.toLocaleString('en-US')} events)`.padEnd(60))
        : undefined;
      const report = await verifyLogFile(file, { key, expected, onProgress: progress, archiveDir: opts.archive }).finally(() => {
        if (progress) process.stderr.write('\r'.padEnd(61) + '\r');
      });
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else printReport(report);
      if (!report.ok) throw new CliError('', EXIT_FAILURE);
    });
}

function printReport(report: IntegrityReport): void {
  const seconds = (report.durationMs / 1000).toFixed(1);
  for (const range of report.ranges) {
    const span = range.to >= range.from ? `events ${range.from.toLocaleString('en-US')}–${range.to.toLocaleString('en-US')}` : 'no events';
    if (range.ok) console.log(`  valid    ${span}: ${range.message}`);
    else console.log(`  INVALID  ${span} (${range.reason}${range.firstBadSeq === null ? '' : `, first bad event #${range.firstBadSeq}`}): ${range.message}`);
  }
  for (const c of report.checkpointResults.filter((r) => !r.ok)) console.log(`  INVALID  checkpoint #${c.id} (${c.problem}): ${c.message}`);
  if (report.archives?.events && !report.archives.checked) {
    console.log(`  note     ${report.archives.events.toLocaleString('en-US')} archived events were accounted for from the database alone; add --archive DIR to check the archive files too.`);
  }
  const line = `${report.summary} (${seconds} s)`;
  if (report.ok) console.log(`OK: ${line}. Root ${report.rootHash ?? '(empty log)'}`);
  else console.error(`INVALID: ${line}. First problem at event #${report.firstBadSeq} (${report.reason}): ${report.message}`);
}
