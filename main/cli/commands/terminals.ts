import fs from 'node:fs';
import type { Command } from 'commander';
import { simulateTerminals, type Latency } from '../../core/terminals/simulator';
import { CliError, EXIT_USAGE } from '../errors';
import { count, table } from '../format';
import { withSession } from '../session';
import { dbOption, intOption, userOption } from './options';

/**
 * `watchdog terminals add|list|revoke`: register the tills that may send events (terminals:manage);
 * a new terminal's key is printed once. `watchdog simulate` drives an ingest API like real tills.
 */
export function registerTerminals(program: Command): void {
  const terminals = program.command('terminals').description('Register, list and revoke the POS terminals that may send events (needs terminals:manage)');

  terminals
    .command('add')
    .description('Register a terminal and print its key (shown once: put it in the till’s configuration)')
    .argument('<name>', 'a name people recognise, e.g. "Till 3"')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--store <id>', 'the store the terminal belongs to (its events must carry this store_id)')
    .option('--keys-out <file>', 'also append the key to this file, one per line (for `watchdog simulate --keys`)')
    .option('--count <n>', 'register N terminals at once, named "<name> 1" … "<name> N"', intOption)
    .action(async (name: string, opts: { db?: string; user?: string; store?: string; keysOut?: string; count?: number }) => {
      if (opts.count !== undefined && (opts.count < 1 || opts.count > 500)) throw new CliError('--count must be from 1 to 500.', EXIT_USAGE);
      await withSession(
        opts.db,
        async (session) => {
          session.authorize('terminals:manage', 'cli.terminals');
          const names = opts.count === undefined ? [name] : Array.from({ length: opts.count }, (_, i) => `${name} ${i + 1}`);
          for (const each of names) {
            const { terminal, key } = session.core.terminals.add(session.actor, each, opts.store ?? null);
            if (opts.keysOut) fs.appendFileSync(opts.keysOut, `${key}\n`, { mode: 0o600 });
            console.error(`Registered ${terminal.name} (${terminal.id}). Its key, shown only now:`);
            console.log(key);
          }
        },
        { command: 'terminals add', user: opts.user },
      );
    });

  terminals
    .command('list')
    .description('The registered terminals: when each was last seen and how far its clock is off')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; user?: string; json?: boolean }) => {
      await withSession(
        opts.db,
        async (session) => {
          session.authorize('terminals:manage', 'cli.terminals');
          const list = session.core.terminals.list();
          if (opts.json) return void console.log(JSON.stringify(list, null, 2));
          if (!list.length) return void console.log('No terminals are registered. Add one with `watchdog terminals add NAME`.');
          console.log(
            table(
              ['id', 'name', 'store', 'registered', 'last seen', 'clock', 'state'],
              list.map((t) => [t.id, t.name, t.storeId ?? 'any', t.createdAt.slice(0, 16), t.lastSeenAt?.slice(0, 19) ?? 'never', t.clockSkewMs === null ? '' : clockOffset(t.clockSkewMs), t.revokedAt ? `revoked ${t.revokedAt.slice(0, 10)}` : 'active']),
            ),
          );
        },
        { command: 'terminals list', user: opts.user },
      );
    });

  terminals
    .command('revoke')
    .description('Stop a terminal’s key at once (its events stay in the log)')
    .argument('<terminal>', 'the terminal’s id or name')
    .addOption(dbOption())
    .addOption(userOption())
    .action(async (which: string, opts: { db?: string; user?: string }) => {
      await withSession(
        opts.db,
        async (session) => {
          session.authorize('terminals:manage', 'cli.terminals');
          const found = session.core.terminals.list().find((t) => t.id === which || t.name.toLowerCase() === which.toLowerCase());
          if (!found) throw new CliError(`There is no terminal "${which}". \`watchdog terminals list\` shows them.`, EXIT_USAGE);
          const revoked = session.core.terminals.revoke(session.actor, found.id);
          console.log(`${revoked.name} (${revoked.id}) is revoked: its key is refused from now on.`);
        },
        { command: 'terminals revoke', user: opts.user },
      );
    });

  program
    .command('simulate')
    .description('Drive an ingest API like real tills: signed batches at a steady rate; prints how many events were acknowledged')
    .requiredOption('--url <url>', 'the ingest API, e.g. http://127.0.0.1:8787')
    .requiredOption('--keys <file>', 'terminal keys, one per line (`watchdog terminals add … --keys-out FILE`)')
    .option('--terminals <n>', 'simulated terminals', intOption, 10)
    .option('--rate <events>', 'events per second across all terminals', intOption, 1_000)
    .option('--seconds <s>', 'how long to send', intOption, 10)
    .option('--batch <events>', 'events per request (1–1,000)', intOption, 50)
    .option('--store <id>', 'the store_id the events carry (terminals registered to a store must send theirs)', 'S001')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { url: string; keys: string; terminals: number; rate: number; seconds: number; batch: number; store: string; json?: boolean }) => {
      if (opts.terminals < 1 || opts.rate < 1 || opts.seconds < 1 || opts.batch < 1 || opts.batch > 1_000) {
        throw new CliError('--terminals, --rate and --seconds must be at least 1, and --batch from 1 to 1,000.', EXIT_USAGE);
      }
      const keys = fs.readFileSync(opts.keys, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      const result = await simulateTerminals({
        ...opts,
        keys,
        onProgress: opts.json ? undefined : (acked, ms) => process.stderr.write(`\r${count(acked)} events acknowledged after ${(ms / 1000).toFixed(0)} s`),
      });
      if (!opts.json) process.stderr.write('\n');
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else {
        const seconds = result.elapsedMs / 1000;
        console.log(`${count(result.acknowledged)} events acknowledged in ${seconds.toFixed(1)} s (${count(Math.round(result.acknowledged / seconds))} events/s) by ${opts.terminals} terminals.`);
        console.log(`Requests: ${count(result.requests)}; throttled (429, retried): ${count(result.throttled)}; failed: ${count(result.failed)}.`);
        const latency = (l: Latency) => `p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms`;
        console.log(`Acknowledgement: ${latency(result.latencyMs)}; after the first second's warm-up: ${latency(result.steadyLatencyMs)}.`);
        for (const failure of result.failures) console.log(`  ${failure}`);
      }
      if (result.failed) process.exitCode = 1;
    });
}

/** The terminal's clock against ours: "+1.2 s" ahead, "-0.4 s" behind, "0.0 s" within 50 ms. */
function clockOffset(ms: number): string {
  const seconds = (ms / 1000).toFixed(1);
  return seconds === '0.0' || seconds === '-0.0' ? '0.0 s' : `${ms > 0 ? '+' : ''}${seconds} s`;
}
