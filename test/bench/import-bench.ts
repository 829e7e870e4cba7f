/**
 * `npx tsx test/bench/import-bench.ts`: CSV file import at 1,000,000 rows (IMPORT_ROWS to change) on
 * this machine. Generates a till export, imports it into a fresh encrypted, signed store through the
 * core (as `watchdog import` does), then times the stages without a store. Not part of `npm test`:
 * the figures are for people to read (docs/ingest.md, "File imports"), nothing here asserts.
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
import { RowMapper } from '../../main/core/imports/map-row';
import { openRows } from '../../main/core/imports/source';
import { newSigningKey } from '../../main/core/integrity/checkpoint';
import { AuditStore } from '../../main/core/store';
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

async function openBenchCore(dbFile: string, cacheMb: number | null) {
  const store = AuditStore.open(dbFile, { key: TEST_DB_KEY, signer: { key: newSigningKey(), store: 'S001' } });
  if (cacheMb !== null) store.db.pragma(`cache_size = -${cacheMb * 1024}`);
  const core = openCore({ dbPath: dbFile, host: 'cli', store, onInternalError: () => {} });
  return { core, ctx: await loginAs(core, 'admin'), cacheKb: -Number(store.db.pragma('cache_size', { simple: true })) };
}

/** The whole import, as `watchdog import` runs it, into a new store (page cache as the store sets it, or `cacheMb`). */
async function fullImport(dir: string, file: string, cacheMb: number | null) {
  const { core, ctx, cacheKb } = await openBenchCore(path.join(dir, `import-${cacheMb ?? 'default'}.db`), cacheMb);
  try {
    const { value: result, peakMb } = await withPeakRss(() => importEvents({ core, ctx }, file, { mapping: MAPPING, errorReport: path.join(dir, 'errors.csv') }));
    return { result: { ...result, errors: result.errors.slice(0, 3) }, peakMb, cacheMb: cacheKb / 1024 };
  } finally {
    await core.close();
  }
}

/** The stages without a store: reading (papaparse) alone, then reading + mapping + validation + ids. */
async function stagesAlone(file: string) {
  let started = performance.now();
  let rows = 0;
  for await (const chunk of openRows(file).chunks()) rows += chunk.length;
  const parseMs = performance.now() - started;
  const mapper = new RowMapper(MAPPING);
  started = performance.now();
  let valid = 0;
  for await (const chunk of openRows(file).chunks()) for (const raw of chunk) if (mapper.map(raw).ok) valid += 1;
  const mapMs = performance.now() - started;
  // For scale: the contract's schema alone, on valid events (the first 100,000), which each row passes once.
  const sample: unknown[] = [];
  const again = new RowMapper(MAPPING);
  for await (const chunk of openRows(file).chunks()) {
    for (const raw of chunk) {
      const mapped = again.map(raw);
      if (mapped.ok) sample.push(mapped.event);
    }
    if (sample.length >= 100_000) break;
  }
  started = performance.now();
  for (const event of sample) EventInputSchema.safeParse(event);
  const schemaRate = sample.length / ((performance.now() - started) / 1000);
  return { rows, valid, parseRate: rows / (parseMs / 1000), mapRate: rows / (mapMs / 1000), schemaRate };
}

/**
 * The store alone: the first rows mapped beforehand into the JSON batches the import sends, then
 * timed through core.ingest with the import's four batches in flight. The writer shares the main
 * thread with the import's own work, so the import's rate is about 1 / (1/stages + 1/store).
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
    if (bodies.length * 1000 >= STORE_ALONE_ROWS) break;
  }
  const { core, ctx } = await openBenchCore(path.join(dir, 'store-alone.db'), null);
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

const STORE_ALONE_ROWS = Math.min(ROWS, 200_000);

interface ChildReport {
  baselineMb: number;
  full: Awaited<ReturnType<typeof fullImport>>;
  stages?: Awaited<ReturnType<typeof stagesAlone>>;
  store?: Awaited<ReturnType<typeof storeAlone>>;
}

/** In the bundled child: one full import (peak memory is per process), then optionally the stages; one JSON line. */
async function child(file: string, dir: string, cache: string, stagesToo: boolean) {
  const baselineMb = process.memoryUsage().rss / 2 ** 20;
  const full = await fullImport(dir, file, cache === 'default' ? null : Number(cache));
  const report: ChildReport = { baselineMb, full };
  if (stagesToo) {
    report.stages = await stagesAlone(file);
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
  console.log(`\n${title} (SQLite page cache ${m.full.cacheMb.toFixed(0)} MiB):`);
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
    const main = runChild(script, [file, dir, 'default', 'stages']);
    printImport('Full import (core.ingest, encrypted signed store; bundled, plain node)', main);
    const smallCache = runChild(script, [file, dir, '64', 'import-only']);
    printImport('The same import with the store\'s page cache limited', smallCache);
    const { stages, store } = main as Required<ChildReport>;
    console.log('\nStages alone (one thread):');
    console.log(`  ${rate(stages.parseRate)}   read + parse (papaparse, streamed; no store)`);
    console.log(`  ${rate(stages.mapRate)}   read + parse + map + validate (EventInputSchema) + derive ids (no store)`);
    console.log(`  ${rate(stages.schemaRate)}   of which EventInputSchema.safeParse alone, for scale`);
    console.log(`  ${rate(store.rate)}   store alone: ${store.rows.toLocaleString('en-US')} prepared events through core.ingest (workers + single writer)`);
    console.log(`  ${rate(1 / (1 / stages.mapRate + 1 / store.rate))}   expected import rate if both share the main thread: 1 / (1/stages + 1/store)`);
    console.log(`\nLoad average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
