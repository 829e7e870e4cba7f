import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { AppError } from '../../core/api/errors';
import path from 'node:path';
import { IMPORT_KINDS, type ImportKind } from '../../../shared/contract/import-channels';
import { accountEvent } from '../../core/accounts/audit-events';
import { IMPORT_FORMATS, type ImportFormat, type ImportPreview, type ImportProgress, type Mapping } from '../../core/imports';
import { IMPORT_ADAPTERS, type KindResult } from '../../core/imports/import-kinds';
import { importRecord } from '../../core/imports/import-record';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../errors';
import { count, table } from '../format';
import { withSession } from '../session';
import { dbOption, intOption, userOption } from './options';

interface ImportCliOptions {
  kind: ImportKind;
  format?: ImportFormat;
  mapping?: string;
  errors?: string;
  preview?: boolean;
  rows: number;
  db?: string;
  user?: string;
}

/** Reasons printed at the end; the error report has every one. */
const SHOWN_ERRORS = 10;

/**
 * `watchdog import FILE`: events from a CSV, JSON or JSON Lines file, through a column mapping, into
 * the log (docs/ingest.md, "File imports"). Bad rows are reported and skipped; exit 2 when any was.
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import events, or sales or stock history, from a CSV, JSON or JSON Lines file through a column mapping; bad rows are reported and skipped (needs audit:append)')
    .argument('<file>', 'a .csv file with a header row, a .json array of objects or a .jsonl file of objects')
    .addOption(new Option('--kind <kind>', 'what the file holds: events for the log, daily sales or stock on hand').choices(IMPORT_KINDS).default('events'))
    .addOption(new Option('--format <format>', 'the file format (default: from the file name)').choices(IMPORT_FORMATS))
    .option('--mapping <file>', 'a mapping JSON file (default: the mapping --preview guesses)')
    .option('--errors <file>', 'write the reasons for every rejected row here, as CSV row,field,reason (default: a temp file)')
    .option('--preview', 'show the columns, the first rows and the guessed mapping; import nothing (no login needed)')
    .option('--rows <n>', 'rows to show with --preview', intOption, 10)
    .addOption(dbOption())
    .addOption(userOption())
    .action(async (file: string, opts: ImportCliOptions) => {
      if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`, EXIT_FAILURE);
      const adapter = IMPORT_ADAPTERS[opts.kind];
      if (opts.preview) {
        printPreview(await usage(adapter.preview(file, { format: opts.format, rows: opts.rows })));
        return;
      }
      // Checked before anyone logs in, against the CSV's header too: a mapping that cannot work is a
      // usage error and opens nothing.
      const preview = await usage(adapter.preview(file, { format: opts.format }));
      const columns = preview.format === 'csv' ? preview.columns : null;
      const mapping = opts.mapping ? readMapping(opts.mapping, (json) => adapter.parse(json, columns)) : guessedMapping(file, opts.kind, preview);
      await withSession(
        opts.db,
        async (session) => {
          session.authorize('audit:append', 'cli.import');
          const controller = new AbortController();
          const cancel = () => controller.abort();
          process.once('SIGINT', cancel);
          const progress = progressLine();
          try {
            const ctx = session.context();
            const result = await usage(
              adapter.run({ core: session.core }, ctx, file, {
                format: opts.format, mapping, errorReport: opts.errors, signal: controller.signal, onProgress: progress.show, keepErrors: SHOWN_ERRORS,
              }),
            );
            progress.clear();
            const { store } = session.core;
            store.append([accountEvent(store.storeId, ctx.actor, importRecord(opts.kind, path.basename(file), preview.format, null, result), new Date())]);
            report(opts.kind, result);
          } finally {
            process.removeListener('SIGINT', cancel);
            progress.clear();
          }
        },
        { command: 'import', user: opts.user },
      );
    });
}

function readMapping(file: string, parse: (json: unknown) => Mapping): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read the mapping ${file}: ${(error as Error).message}`, EXIT_USAGE);
  }
  try {
    return parse(json);
  } catch (error) {
    if (error instanceof AppError) throw new CliError(`${file}: ${problemList(error)}`, EXIT_USAGE);
    throw error;
  }
}

function guessedMapping(file: string, kind: ImportKind, preview: ImportPreview): Mapping {
  if (!preview.mappingProblems.length) {
    const used = Object.entries(preview.mapping.fields).map(([field, source]) => ('column' in source ? `${field} ← ${source.column}` : `${field} = ${JSON.stringify(source.value)}`));
    console.error(`Mapping guessed from the column names (see --preview): ${used.join(', ')}; details ← ${preview.mapping.details.join(', ') || 'nothing'}.`);
    return preview.mapping;
  }
  const problems = preview.mappingProblems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
  throw new CliError(
    `The mapping guessed from the column names is incomplete:\n${problems}\n` +
      `Run watchdog import ${file}${kind === 'events' ? '' : ` --kind ${kind}`} --preview, save the mapping it prints to a file, complete it, and pass it with --mapping FILE.`,
    EXIT_USAGE,
  );
}

/** The core's refusals of the file or the mapping are usage errors (exit 2), with every problem listed. */
async function usage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw new CliError(problemList(error), error.code === 'BAD_INPUT' ? EXIT_USAGE : EXIT_FAILURE);
    throw error;
  }
}

function problemList(error: AppError): string {
  if (!error.fields?.length) return error.message;
  return `${error.message.replace(/:.*$/s, ':')}\n${error.fields.map((f) => `  ${f.path}: ${f.message}`).join('\n')}`;
}

function printPreview(preview: ImportPreview): void {
  const kind = preview.format === 'csv' ? `CSV, delimiter ${JSON.stringify(preview.delimiter ?? ',')}` : preview.format === 'json' ? 'JSON array' : 'JSON Lines';
  console.log(`${kind}, ${count(preview.totalBytes)} bytes. Columns: ${preview.columns.join(', ')}`);
  const rowHeader = preview.format === 'csv' ? 'row' : preview.format === 'jsonl' ? 'line' : 'item';
  const clip = (cell: string) => (cell.length > 24 ? `${cell.slice(0, 23)}…` : cell).replace(/\s+/g, ' ');
  console.log(`\n${table([rowHeader, ...preview.columns], preview.rows.map((r) => [String(r.row), ...(r.problem ? [`(${r.problem})`] : r.cells.map(clip))]))}`);
  console.log('\nGuessed mapping (save it to a file, edit it, and pass it back with --mapping FILE):');
  console.log(mappingJson(preview.mapping));
  console.log('Times written without an offset are read in "timeZone" ("UTC", or an offset such as "+01:00").');
  if (preview.mappingProblems.length) {
    console.log(`\nTo complete before importing:\n${preview.mappingProblems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
}

/** JSON.parse-able, one field per line: easy to read and to edit by hand. */
function mappingJson(mapping: Mapping): string {
  const inline = (value: object) => Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ');
  const fields = Object.entries(mapping.fields).map(([field, source]) => `    ${JSON.stringify(field)}: { ${inline(source)} }`);
  return [
    '{',
    `  "version": ${mapping.version},`,
    `  "fields": {\n${fields.join(',\n')}\n  },`,
    `  "details": [${mapping.details.map((c) => JSON.stringify(c)).join(', ')}],`,
    `  "timeZone": ${JSON.stringify(mapping.timeZone)}`,
    '}',
  ].join('\n');
}

function report(kind: ImportKind, result: KindResult): void {
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  if (result.history) {
    const h = result.history;
    console.log(
      `${count(result.rowsRead)} rows read in ${seconds} s: ${count(result.rowsStored)} imported, ${count(result.rowsRejected)} rejected; ` +
        `${count(h.days)} store × SKU × day ${kind === 'sales' ? 'sales totals' : 'stock counts'} written (${h.stores} stores, ${h.skus} SKUs, ${h.from ?? '–'} to ${h.to ?? '–'}).`,
    );
  } else {
    console.log(
      `${count(result.rowsRead)} rows read in ${seconds} s: ${count(result.rowsStored)} events stored, ` +
        `${count(result.duplicates)} already present (not stored twice), ${count(result.rowsRejected)} rejected.`,
    );
  }
  if (result.errorCount) {
    const shown = result.errors.map((e) => `  row ${e.row}: ${e.field}: ${e.reason}`);
    const more = result.errorCount > shown.length ? `\n  … and ${count(result.errorCount - shown.length)} more` : '';
    console.error(`Rejected rows (fix them and import the same file again; rows already stored are not stored twice):\n${shown.join('\n')}${more}`);
  }
  if (result.errorReport) console.error(`Every reason: ${result.errorReport}`);
  if (result.outcome === 'cancelled') {
    throw new CliError(
      kind === 'events'
        ? `Cancelled. The ${count(result.rowsStored)} events stored so far stay; importing the same file again adds only the rest.`
        : 'Cancelled. Nothing from this file was written: history is written once the whole file has been read.',
      EXIT_FAILURE,
    );
  }
  if (result.failure) {
    throw new CliError(`The import stopped: ${result.failure.message}`, result.failure.code === 'BAD_INPUT' ? EXIT_USAGE : EXIT_FAILURE);
  }
  if (result.rowsRejected) throw new CliError('', EXIT_USAGE);
}

/** "import: 42% 120,000 rows (118,000 new, 0 known, 2 rejected)" on one updating line when stderr is a terminal. */
function progressLine(stream: NodeJS.WriteStream = process.stderr): { show(p: ImportProgress): void; clear(): void } {
  let shown = false;
  return {
    show(p) {
      if (!stream.isTTY) return;
      const pct = p.totalBytes ? Math.min(100, Math.round((p.bytesRead / p.totalBytes) * 100)) : 100;
      stream.write(`\rimport: ${pct}% ${count(p.rowsRead)} rows (${count(p.rowsStored)} new, ${count(p.duplicates)} known, ${count(p.rowsRejected)} rejected)`.padEnd(70));
      shown = true;
    },
    clear() {
      if (!shown) return;
      stream.write('\r'.padEnd(71) + '\r');
      shown = false;
    },
  };
}
