/**
 * `npx tsx test/bench/import-bench.ts`: CSV file import at 1,000,000 rows (IMPORT_ROWS to change) on
 * this machine. Generates a till export, imports it into a fresh encrypted, signed store through the
 * core (as `watchdog import` does), then times each thread's share of the work on its own. Not part of
 * `npm test`: the figures are for people to read (docs/ingest.md, "File imports"), nothing here asserts.
 *
 * The measuring runs in a child process bundled the way scripts/build.mjs bundles the app (esbuild,
 * CommonJS, the ingest worker as its own file) and started with plain node: under tsx, the loader
 * and its TypeScript compiling (in the worker too) add about 130 MB of resident memory the app does
 * not have.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { EventInputSchema } from '../../shared/events';
import { openCore } from '../../main/core';
import { loginAs } from '../../main/core/accounts/test-logins';
import { importEvents, MappingSchema } from '../../main/core/imports';
import { readCsv, type CsvRecord } from '../../main/core/imports/csv-source';
import { RowMapper } from '../../main/core/imports/map-row';
import { openRows } from '../../main/core/imports/source';
import { RowStreams } from '../../main/core/ingest/prepare-rows';
import { newSigningKey } from '../../main/core/integrity/checkpoint';
import { AuditStore } from '../../main/core/store';
import type { PackedBatch } from '../../main/core/store/prepared';
import { TEST_DB_KEY } from '../../main/core/terminals/test-api';

const ROWS = Number(process.env.IMPORT_ROWS ?? 1_000_000);
const TYPES = ['Sale', 'Sale', 'Sale', 'Sale', 'Refund', 'Void', 'No Sale', 'Discount', 'Drawer Open'];
const NOTES = ['', '', '', '', 'Manager override', 'Customer said "wrong size", refunded', 'Loyalty coupon'];

const MAPPING = MappingSchema.parse({
  fields: {
    ts: { column: 'Timestamp' }, store_id: { column: 'Store' }, terminal_id: { column: 'Register' }, user_id: { column: 'Cashier' },
    action: { column: 'Type' }, resource_type: { value: 'receipt' }, resource_id: { column: 'Receipt' }, amount: { column: 'Amount' },
    currency: { column: 'Currency' },
  },
  details: ['Items', 'Note'],
});

/** A till export: 10 stores, 4 registers each, a row every ~3 s over a month, quoted notes now and then. */
async function generate(file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  const start = Date.UTC(2026, 0, 1);
  let text = 'Timestamp,Store,Register,Cashier,Type,Receipt,Amount,Currency,Items,Note\n';
  for (let i = 0; i < ROWS; i++) {
    const ts = new Date(start + i * 2_700).toISOString().replace('T', ' ').slice(0, 19);
    const store = `S${String(1 + (i % 10)).padStart(3, '0')}`;
    const type = TYPES[(i * 7) % TYPES.length] as string;
    const note = NOTES[(i * 13) % NOTES.length] as string;
    const priced = type !== 'No Sale' && type !== 'Drawer Open';
    const amount = priced ? `${type === 'Refund' || type === 'Discount' ? '-' : ''}${((i % 9000) / 100 + 1).toFixed(2)}` : '';
    text += `${ts},${store},R${1 + (i % 4)},c${100 + (i % 57)},${type},${priced ? 100000 + i : ''},${amount},${priced ? 'USD' : ''},${priced ? 1 + (i % 6) : ''},${note.includes(',') ? `"${note.replaceAll('"', '""')}"` : note}\n`;
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      text = '';
    }
  }
  out.end(text);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Peak resident memory while `work` runs: sampled every 100 ms, and the kernel's high-water mark. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  let ticks = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    // IMPORT_BENCH_TRACE=1: where the memory is, every 2 s, on stderr.
    if (process.env.IMPORT_BENCH_TRACE && ++ticks % 20 === 0) console.error(`rss ${mib(m.rss)} heap ${mib(m.heapUsed)}/${mib(m.heapTotal)} external ${mib(m.external)} MB`);
  }, 100);
  try {
    const value = await work();
    return { value, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

function openBenchStore(dbFile: string) {
  return AuditStore.open(dbFile, { key: TEST_DB_KEY, signer: { key: newSigningKey(), store: 'S001' } });
}

/**
 * A core on a new store. `keepCache`: the page cache stays at the store's 256 MiB during the import
 * (AuditLog.bulk switched off), to show what the import's own smaller cache changes.
 */
async function openBenchCore(dbFile: string, keepCache: boolean) {
  const store = openBenchStore(dbFile);
  if (keepCache) store.log.bulk = () => {};
  const core = openCore({ dbPath: dbFile, host: 'cli', store, onInternalError: () => {} });
  return { core, ctx: await loginAs(core, 'admin') };
}

/** The whole import, as `watchdog import` runs it, into a new store. */
async function fullImport(dir: string, file: string, keepCache: boolean) {
  const { core, ctx } = await openBenchCore(path.join(dir, `import-${keepCache ? 'cache' : 'bulk'}.db`), keepCache);
  try {
    const { value: result, peakMb } = await withPeakRss(() => importEvents({ core, ctx }, file, { mapping: MAPPING, errorReport: path.join(dir, 'errors.csv') }));
    return { result: { ...result, errors: result.errors.slice(0, 3) }, peakMb, keepCache };
  } finally {
    await core.close();
  }
}

/** The file's records as the import reads them (the reading thread's share), in batches of 1,000. */
async function readRecords(file: string, limit = Infinity): Promise<{ batches: CsvRecord[][]; columns: readonly string[] }> {
  const source = readCsv(file, fs.statSync(file).size);
  const batches: CsvRecord[][] = [];
  let batch: CsvRecord[] = [];
  for await (const chunk of source.records()) {
    for (const record of chunk) {
      batch.push(record);
      if (batch.length === 1000) {
        batches.push(batch);
        batch = [];
      }
    }
    if (batches.length * 1000 >= limit) break;
  }
  if (batch.length && batches.length * 1000 < limit) batches.push(batch);
  return { batches, columns: source.columns ?? [] };
}

/**
 * Each thread's share alone, one thread at a time: reading and parsing (the import's thread), mapping,
 * validation, ids and canonical form (an ingest worker's, RowStreams as the worker runs it), the
 * contract's schema alone for scale, and the single writer appending the worker's packed batches two to
 * a commit (the import's thread again, in a new store, with the import's page cache).
 */
async function stagesAlone(dir: string, file: string) {
  let started = performance.now();
  let rows = 0;
  for await (const chunk of readCsv(file, fs.statSync(file).size).records()) rows += chunk.length;
  const parseRate = rows / ((performance.now() - started) / 1000);

  const { batches, columns } = await readRecords(file, STAGE_ROWS);
  const streams = new RowStreams();
  const packed: PackedBatch[] = [];
  started = performance.now();
  batches.forEach((records, index) => {
    const outcome = streams.prepare({ stream: 1, index, mapping: index === 0 ? MAPPING : undefined, columns, rows: records });
    if (outcome.ok) packed.push(outcome.batch);
  });
  const prepared = packed.reduce((n, b) => n + b.count, 0);
  const workerRate = batches.reduce((n, b) => n + b.length, 0) / ((performance.now() - started) / 1000);

  // For scale: the contract's schema alone, on valid events (the first 100,000), which each row passes once.
  const sample: unknown[] = [];
  const mapper = new RowMapper(MAPPING);
  for await (const chunk of openRows(file).chunks()) {
    for (const raw of chunk) {
      const mapped = mapper.map(raw);
      if (mapped.ok) sample.push(mapped.event);
    }
    if (sample.length >= 100_000) break;
  }
  started = performance.now();
  for (const event of sample) EventInputSchema.safeParse(event);
  const schemaRate = sample.length / ((performance.now() - started) / 1000);

  const store = openBenchStore(path.join(dir, 'writer-alone.db'));
  try {
    store.log.bulk(true);
    started = performance.now();
    let stored = 0;
    for (let i = 0; i < packed.length; i += 2) {
      for (const outcome of store.log.appendGroup(packed.slice(i, i + 2))) if (!(outcome instanceof Error)) stored += outcome.accepted;
    }
    const writerRate = stored / ((performance.now() - started) / 1000);
    return { rows, prepared, parseRate, workerRate, schemaRate, writerRate };
  } finally {
    store.close();
  }
}

/**
 * The store through core.ingest the way terminals feed it: the first rows mapped beforehand into JSON
 * batches of 1,000, sent four at a time (workers parse and validate them, the writer commits).
 */
async function storeAlone(dir: string, file: string) {
  const mapper = new RowMapper(MAPPING);
  const bodies: string[] = [];
  const batch: unknown[] = [];
  for await (const chunk of openRows(file).chunks()) {
    for (const raw of chunk) {
      const mapped = mapper.map(raw);
      if (mapped.ok) batch.push(mapped.event);
      if (batch.length === 1000) bodies.push(JSON.stringify(batch.splice(0)));
    }
    if (bodies.length * 1000 >= STAGE_ROWS) break;
  }
  const { core, ctx } = await openBenchCore(path.join(dir, 'store-alone.db'), false);
  try {
    await core.ingest(ctx, bodies.shift()); // workers started before the clock, as in a running app
    const started = performance.now();
    let next = 0;
    let stored = 0;
    const sender = async () => {
      while (next < bodies.length) {
        const { accepted } = await core.ingest(ctx, bodies[next++]);
        stored += accepted;
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    return { rows: stored, rate: stored / ((performance.now() - started) / 1000) };
  } finally {
    await core.close();
  }
}

const STAGE_ROWS = Math.min(ROWS, 200_000);

interface ChildReport {
  baselineMb: number;
  full: Awaited<ReturnType<typeof fullImport>>;
  stages?: Awaited<ReturnType<typeof stagesAlone>>;
  store?: Awaited<ReturnType<typeof storeAlone>>;
}

/** In the bundled child: one full import (peak memory is per process), then optionally the stages; one JSON line. */
async function child(file: string, dir: string, cache: string, stagesToo: boolean) {
  const baselineMb = process.memoryUsage().rss / 2 ** 20;
  const full = await fullImport(dir, file, cache === 'keep');
  const report: ChildReport = { baselineMb, full };
  if (stagesToo) {
    report.stages = await stagesAlone(dir, file);
    report.store = await storeAlone(dir, file);
  }
  console.log(JSON.stringify(report));
}

/** The repository (only in the parent: the bundled child lives in a temp folder). */
const repoRoot = () => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** This file and the ingest worker, bundled as the app is (scripts/build.mjs): CommonJS, dependencies from node_modules. */
async function bundle(dir: string): Promise<string> {
  const root = repoRoot();
  const common: BuildOptions = {
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: root, outdir: dir,
    outExtension: { '.js': '.cjs' }, define: { 'import.meta.url': '__importMetaUrl' }, inject: [path.join(root, 'scripts/cjs-import-meta.js')],
  };
  await Promise.all([
    build({ ...common, packages: 'external', entryPoints: { 'import-bench': path.join(root, 'test/bench/import-bench.ts') } }),
    build({ ...common, entryPoints: { 'prepare-worker': path.join(root, 'main/core/ingest/prepare-worker.ts') } }),
  ]);
  return path.join(dir, 'import-bench.cjs');
}

function runChild(script: string, args: string[]): ChildReport {
  const run = spawnSync(process.execPath, [script, '--child', ...args], {
    encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(repoRoot(), 'node_modules') }, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`the measuring process failed (exit ${run.status})`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as ChildReport;
}

const rate = (n: number) => `${Math.round(n).toLocaleString('en-US').padStart(9)} rows/s`;

function printImport(title: string, m: ChildReport) {
  const r = m.full.result;
  console.log(`\n${title}:`);
  console.log(`  ${r.outcome}: ${r.rowsStored.toLocaleString('en-US')} stored, ${r.rowsRejected} rejected, ${r.duplicates} duplicates`);
  console.log(`  ${rate(r.rowsRead / (r.elapsedMs / 1000))}   ${(r.elapsedMs / 1000).toFixed(1)} s   peak RSS ${m.full.peakMb.toFixed(0)} MB (sampled every 100 ms; ${m.baselineMb.toFixed(0)} MB before the store opened)`);
}

async function main() {
  if (process.argv[2] === '--child') return child(process.argv[3] as string, process.argv[4] as string, process.argv[5] as string, process.argv[6] === 'stages');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-import-bench-'));
  try {
    const file = path.join(dir, 'till-export.csv');
    const started = performance.now();
    await generate(file);
    const mb = fs.statSync(file).size / 2 ** 20;
    console.log(`Generated ${ROWS.toLocaleString('en-US')} rows (${mb.toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s; ${os.availableParallelism()} cores, load ${os.loadavg()[0]?.toFixed(1)}.`);
    const script = await bundle(dir);
    const main = runChild(script, [file, dir, 'bulk', 'stages']);
    printImport('Full import (core.ingest, encrypted signed store, the import\'s 32 MiB page cache; bundled, plain node)', main);
    const keptCache = runChild(script, [file, dir, 'keep', 'import-only']);
    printImport('The same import with the store\'s 256 MiB page cache left as it is', keptCache);
    const { stages, store } = main as Required<ChildReport>;
    console.log(`\nEach thread's share alone (one thread; the first ${STAGE_ROWS.toLocaleString('en-US')} rows):`);
    console.log(`  ${rate(stages.parseRate)}   read + parse (papaparse, streamed, all rows): the import's thread`);
    console.log(`  ${rate(stages.workerRate)}   map + validate (EventInputSchema) + derive ids + canonical form + pack: the ingest worker`);
    console.log(`  ${rate(stages.schemaRate)}   of which EventInputSchema.safeParse alone, for scale`);
    console.log(`  ${rate(stages.writerRate)}   the single writer alone: ${stages.prepared.toLocaleString('en-US')} packed events, two batches a commit (chain, Merkle tree, SQLite, fsync)`);
    console.log(`  ${rate(1 / Math.max(1 / stages.parseRate + 1 / stages.writerRate, 1 / stages.workerRate))}   bound on two cores: the slower of reading + writing (one thread) and the worker`);
    console.log(`  ${rate(store.rate)}   for comparison, the store through core.ingest as terminals feed it (${store.rows.toLocaleString('en-US')} events in JSON batches)`);
    console.log(`\nLoad average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
