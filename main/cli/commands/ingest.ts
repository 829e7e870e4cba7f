import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import { MAX_BATCH } from '../../../shared/events';
import { AppError } from '../../core/api/errors';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../errors';
import { count } from '../format';
import { withSession, type CliSession } from '../session';
import { dbOption, userOption } from './options';

/** One event and where it came from in the file, so errors can name the line. */
interface Sourced {
  line: number;
  event: unknown;
}

/** Batches in flight at once: enough for the workers and the writer to overlap, little memory. */
const IN_FLIGHT = 8;

interface Rejected {
  firstLine: number;
  events: number;
  reasons: string[];
  usage: boolean;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(`Append the events in a JSON array or JSON Lines file, ${MAX_BATCH} per atomic batch (needs audit:append)`)
    .argument('<file>', 'a .json file holding an array of events, or a .jsonl file with one event per line')
    .addOption(dbOption())
    .addOption(userOption())
    .action(async (file: string, opts: { db?: string; user?: string }) => {
      if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`, EXIT_FAILURE);
      await withSession(opts.db, async (session) => {
        // core.ingest checks audit:append on every batch; checked once first, so a refusal is one event and one line.
        session.authorize('audit:append', 'events.ingest');
        const totals = { accepted: 0, duplicates: 0, read: 0 };
        const rejected: Rejected[] = [];
        const running = new Set<Promise<void>>();
        const progress = lineProgress();
        const send = (batch: Sourced[]) => {
          const job = appendBatch(session, batch, totals, rejected).finally(() => {
            running.delete(job);
            progress(totals.accepted + totals.duplicates);
          });
          running.add(job);
        };
        let batch: Sourced[] = [];
        for await (const item of readEvents(file)) {
          batch.push(item);
          totals.read += 1;
          if (batch.length === MAX_BATCH) {
            send(batch);
            batch = [];
            if (running.size >= IN_FLIGHT) await Promise.race(running);
          }
        }
        if (batch.length) send(batch);
        await Promise.all(running);
        progress(null);
        console.log(`${count(totals.accepted)} events appended, ${count(totals.duplicates)} already present (not stored twice).`);
        if (rejected.length) throw rejectionError(rejected, totals.accepted);
      }, { command: 'ingest', user: opts.user });
    });
}

async function appendBatch(session: CliSession, batch: Sourced[], totals: { accepted: number; duplicates: number }, rejected: Rejected[]) {
  try {
    const result = await session.core.ingest(session.context(), batch.map((b) => b.event));
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates.length;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const reasons = (error.fields ?? []).map((f) => `line ${(f.index !== undefined ? batch[f.index]?.line : undefined) ?? '?'}: ${f.path}: ${f.message}`);
    rejected.push({ firstLine: batch[0]?.line ?? 0, events: batch.length, reasons: reasons.length ? reasons : [error.message], usage: error.code === 'BAD_INPUT' });
  }
}

/** Every batch that was refused, in file order, with the lines to fix; the good batches are already stored. */
function rejectionError(rejected: Rejected[], accepted: number): CliError {
  rejected.sort((a, b) => a.firstLine - b.firstLine);
  const lost = rejected.reduce((n, r) => n + r.events, 0);
  const detail = rejected.flatMap((r) => [`  batch from line ${r.firstLine}:`, ...r.reasons.slice(0, 10).map((t) => `    ${t}`)]);
  const kept = accepted ? ` The ${count(accepted)} events of the other batches were appended; fix these lines and run the same file again (nothing is stored twice).` : '';
  return new CliError(
    `${count(rejected.length)} batch(es) holding ${count(lost)} events were rejected; none of their events were stored.${kept}\n${detail.join('\n')}`,
    rejected.every((r) => r.usage) ? EXIT_USAGE : EXIT_FAILURE,
  );
}

/** "ingest: 120,000 events" on one updating line when stderr is a terminal; silent in pipes and logs. */
function lineProgress(stream: NodeJS.WriteStream = process.stderr): (done: number | null) => void {
  let last = 0;
  return (done) => {
    if (!stream.isTTY) return;
    if (done === null) {
      stream.write('\r'.padEnd(41) + '\r');
      return;
    }
    if (performance.now() - last < 200) return;
    last = performance.now();
    stream.write(`\ringest: ${count(done)} events`.padEnd(40));
  };
}

/** A JSON array (read whole) or JSON Lines (streamed), told apart by the first non-blank character. */
async function* readEvents(file: string): AsyncGenerator<Sourced> {
  const head = fs.readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 1024).trimStart();
  if (head.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, EXIT_USAGE);
    }
    if (!Array.isArray(parsed)) throw new CliError(`${file} must hold a JSON array of events.`, EXIT_USAGE);
    let index = 0;
    for (const event of parsed) yield { line: ++index, event };
    return;
  }
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (!text.trim()) continue;
    try {
      yield { line, event: JSON.parse(text) };
    } catch (error) {
      throw new CliError(`${file} line ${line} is not valid JSON: ${(error as Error).message}`, EXIT_USAGE);
    }
  }
}
