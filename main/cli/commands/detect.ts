import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { readCsvMatrix } from '../../core/detect/csv-matrix';
import { detectOutliers } from '../../core/detect/detect-outliers';
import { DEFAULT_SEED } from '../../core/detect/isolation-forest';
import { modelInfo } from '../../core/detect/model-format';
import { fileProblemsAsUsage } from '../errors';
import { intOption } from './options';

interface DetectCliOptions {
  csv: string;
  excludeColumn: string[];
  seed: number;
  json?: boolean;
}

/** Scores written to stdout at a time: one string per 10,000 rather than one per score. */
const LINES_PER_WRITE = 10_000;

/**
 * `watchdog detect --csv FILE`: an isolation forest (docs/detection.md) trained on every row of a
 * numeric CSV, and every row's score, one per line in the file's order — to compare with other
 * implementations. It reads only the file: no database, no login.
 */
export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('Score every row of a numeric CSV with an isolation forest (100 trees on 256-row samples): one score per line, in row order; near 1 is anomalous (no database or login needed)')
    .requiredOption('--csv <file>', 'a CSV file with a header row; every column not excluded must hold a number in every row')
    .option('--exclude-column <name>', 'leave this column out of the features, such as a label (repeat for more)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--seed <n>', 'seed for the subsamples and splits: the same seed gives the same scores', seedOption, DEFAULT_SEED)
    .option('--json', 'print {"model": {…what was trained, on what, with which features…}, "scores": […]} instead')
    .action(async (opts: DetectCliOptions) => {
      const matrix = await fileProblemsAsUsage(readCsvMatrix(opts.csv, { exclude: opts.excludeColumn }));
      const { model, scores } = await detectOutliers(matrix, {
        seed: opts.seed,
        features: matrix.features,
        trainedOn: { source: path.basename(opts.csv), sha256: await fileSha256(opts.csv) },
      });
      if (opts.json) await print([`${JSON.stringify({ model: modelInfo(model), scores: Array.from(scores) })}\n`]);
      else await print(scoreLines(scores));
    });
}

function* scoreLines(scores: Float64Array): Generator<string> {
  for (let from = 0; from < scores.length; from += LINES_PER_WRITE) {
    let text = '';
    // The shortest text that reads back as the same double: other implementations compare exactly.
    for (let i = from; i < Math.min(scores.length, from + LINES_PER_WRITE); i++) text += `${scores[i]}\n`;
    yield text;
  }
}

/**
 * Writes to stdout, waiting whenever the pipe is full. A reader that goes away early (`| head`) just
 * ends the output; the listener stays, so writes still queued when it goes fail quietly too.
 */
async function print(blocks: Iterable<string>, out: NodeJS.WriteStream = process.stdout): Promise<void> {
  const state: { failure: NodeJS.ErrnoException | null } = { failure: null };
  out.on('error', (error: NodeJS.ErrnoException) => (state.failure ??= error));
  for (const block of blocks) {
    if (state.failure) break;
    if (!out.write(block)) await drainedOrFailed(out);
  }
  if (state.failure && state.failure.code !== 'EPIPE') throw state.failure;
}

function drainedOrFailed(out: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('error', done);
  });
}

function seedOption(value: string): number {
  const seed = intOption(value);
  if (seed < 0 || !Number.isSafeInteger(seed)) throw new InvalidArgumentError(`must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  return seed;
}


async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
