import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import { MAX_BATCH } from '../../../shared/events';
import { operatorContext } from '../../core';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../errors';
import { count } from '../format';
import { withSession, type CliSession } from '../session';
import { dbOption } from './options';

/** One event and where it came from in the file, so errors can name the line. */
interface Sourced {
  line: number;
  event: unknown;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(`Append the events in a JSON array or JSON Lines file, ${MAX_BATCH} per atomic batch`)
    .argument('<file>', 'a .json file holding an array of events, or a .jsonl file with one event per line')
    .addOption(dbOption())
    .action(async (file: string, opts: { db?: string }) => {
      if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`, EXIT_FAILURE);
      await withSession(opts.db, async (session) => {
        let accepted = 0;
        let duplicates = 0;
        let batch: Sourced[] = [];
        const flush = async () => {
          const result = await appendBatch(session, batch, accepted);
          accepted += result.accepted;
          duplicates += result.duplicates;
          batch = [];
        };
        for await (const item of readEvents(file)) {
          batch.push(item);
          if (batch.length === MAX_BATCH) await flush();
        }
        if (batch.length) await flush();
        console.log(`${count(accepted)} events appended, ${count(duplicates)} already present (not stored twice).`);
      });
    });
}

async function appendBatch(session: CliSession, batch: Sourced[], acceptedSoFar: number) {
  const result = await session.core.router.invoke(operatorContext('cli'), 'events.ingest', { events: batch.map((b) => b.event) });
  if (result.ok) {
    const value = result.value as { accepted: number; duplicates: string[] };
    return { accepted: value.accepted, duplicates: value.duplicates.length };
  }
  const reasons = (result.error.fields ?? []).slice(0, 10).map((f) => {
    const line = f.index !== undefined ? batch[f.index]?.line : undefined;
    return `  line ${line ?? '?'}: ${f.path}: ${f.message}`;
  });
  const kept = acceptedSoFar ? ` The ${count(acceptedSoFar)} events of earlier batches were appended.` : '';
  throw new CliError(
    `Batch starting at line ${batch[0]?.line} was rejected; none of its events were stored.${kept}\n${reasons.join('\n') || '  ' + result.error.message}`,
    result.error.code === 'BAD_INPUT' ? EXIT_USAGE : EXIT_FAILURE,
  );
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
