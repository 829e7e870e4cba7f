/**
 * `npm run bench`: the audit store's figures at 1,000,000 events on this machine, as a table and as
 * JSON in bench-results/. `npm run bench -- lstm [series] [days]` runs the global LSTM's bench instead. Targets come from the foundation issue; nothing here is a test assertion
 * (shared machines are noisy), the figures are for people to read and compare.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventInputSchema, type EventInput, type NormalizedEvent } from '../../shared/events';
import type { EventFilter } from '../../shared/filter';
import { generateDemo } from '../../main/core/demo';
import { IngestPipeline } from '../../main/core/ingest/pipeline';
import { AuditStore } from '../../main/core/store';
import { prepareEvents, type PreparedBatch } from '../../main/core/store/prepared';
import { newSigningKey } from '../../main/core/integrity/checkpoint';
import { inclusionProof } from '../../main/core/integrity/merkle-proofs';
import { TreeStore } from '../../main/core/integrity/tree-store';
import { verifyLogFile } from '../../main/core/integrity/verify/verify-log';
import { percentile, printTable, timeMs, type BenchRow } from './stats';

async function timeAsyncMs(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
/** Batches per commit for the store-alone run: what the pipeline's writer typically finds queued. */
const GROUP = 8;

/** The demo as the JSON bodies of 1,000-event batches, the way terminals would send them. */
function demoBodies(total: number): string[] {
  const bodies: string[] = [];
  let pending: EventInput[] = [];
  let sent = 0;
  // 5 stores over 3 years of realistic activity is a little over a million events.
  for (const chunk of generateDemo({ days: 1095, stores: 5, seed: 7, end: new Date('2026-01-01T00:00:00Z'), salesDays: 1095 })) {
    if (chunk.kind !== 'events') continue;
    for (const event of chunk.events) {
      pending.push(event);
      if (pending.length === 1000 || sent + pending.length === total) {
        bodies.push(JSON.stringify(pending));
        sent += pending.length;
        pending = [];
        if (sent === total) return bodies;
      }
    }
  }
  throw new Error(`the demo produced only ${sent + pending.length} events`);
}

/** Wall clock from the first batch sent to the last one durable, with `clients` sending at once. */
async function pipelineIngest(store: AuditStore, bodies: string[], clients: number) {
  let commits = 0;
  const pipeline = new IngestPipeline(store.log, { onCommitted: () => void (commits += 1) });
  // A running host's workers are warm: start them (and, from source, compile them) before the clock.
  const warmup = bodies.shift() as string;
  await pipeline.submit(warmup);
  commits = 0;
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  const client = async () => {
    while (next < bodies.length) {
      const result = await pipeline.submit(bodies[next++]);
      accepted += result.accepted;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const ms = performance.now() - started;
  await pipeline.close();
  bodies.unshift(warmup);
  return { rate: accepted / (ms / 1000), commits, accepted };
}

async function main() {
  // `npm run bench -- lstm`: the global LSTM's bench (test/bench/lstm-bench.ts) instead of the store's.
  if (process.argv[2] === 'lstm') {
    const { lstmBench } = await import('./lstm-bench');
    return lstmBench(Number(process.argv[3] ?? 1000), Number(process.argv[4] ?? 730));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-bench-'));
  const rows: BenchRow[] = [];
  const row = (name: string, value: number, unit: string, target: string, pass: boolean | null) => rows.push({ name, value, unit, target, pass });
  try {
    console.log(`Generating ${TOTAL.toLocaleString('en-US')} demo events (not timed)...`);
    const bodies = demoBodies(TOTAL);

    console.log('Ingest pipeline: JSON batches of 1,000 from 16 senders; workers parse, validate and canonicalise; the writer chains and group-commits (synchronous=FULL)...');
    // As the app runs: encrypted, and signing a checkpoint every 10,000 events in the writer's commits.
    const benchKey = randomBytes(32);
    const store = AuditStore.open(path.join(dir, 'bench.db'), { key: benchKey, signer: { key: newSigningKey() } });
    const piped = await pipelineIngest(store, bodies, 16);
    row('ingest pipeline, end to end (parse + validate + chain + Merkle tree + indexes + fsync, encrypted)', Math.round(piped.rate), 'events/s', '>= 50,000', piped.rate >= 50_000);
    row('  events per group commit (mean)', Math.round(piped.accepted / piped.commits), 'events', '', null);

    console.log('The same events by the store alone, into a plain and an encrypted database in turn: batches validated and canonicalised first (timed apart), then appended as the writer does, 8 batches per commit...');
    const single = AuditStore.open(path.join(dir, 'writer.db'));
    const encrypted = AuditStore.open(path.join(dir, 'writer-encrypted.db'), { key: randomBytes(32) });
    let validateMs = 0;
    let prepareMs = 0;
    let appendMs = 0;
    let encryptedMs = 0;
    const firstRaw: EventInput[] = [];
    for (let b = 0; b < bodies.length; b += GROUP) {
      const group: PreparedBatch[] = [];
      for (const body of bodies.slice(b, b + GROUP)) {
        const batch = JSON.parse(body) as EventInput[];
        if (firstRaw.length < 2000) firstRaw.push(...batch.slice(0, 2000 - firstRaw.length));
        let normalized: NormalizedEvent[] = [];
        validateMs += timeMs(() => {
          normalized = batch.map((e) => EventInputSchema.parse(e));
        });
        prepareMs += timeMs(() => group.push(prepareEvents(normalized)));
      }
      // Alternating group by group, so both databases see the same moments of a noisy machine.
      appendMs += timeMs(() => single.log.appendGroup(group));
      encryptedMs += timeMs(() => encrypted.log.appendGroup(group));
    }
    single.close();
    encrypted.close();
    const plainRate = TOTAL / (appendMs / 1000);
    const encryptedRate = TOTAL / (encryptedMs / 1000);
    const encryptionCost = Math.round((1 - encryptedRate / plainRate) * 1000) / 10;
    row('batched append with the chain, store writer alone (indexes + fsync)', Math.round(plainRate), 'events/s', '', null);
    row('  the same, encrypted at rest (AEGIS-256)', Math.round(encryptedRate), 'events/s', '', null);
    row('  throughput lost to encryption', encryptionCost, '%', '<= 25 %', encryptionCost <= 25);
    row('schema validation alone, one thread', Math.round(TOTAL / (validateMs / 1000)), 'events/s', '', null);
    row('canonical form alone, one thread', Math.round(TOTAL / (prepareMs / 1000)), 'events/s', '', null);

    console.log('Durable single-event commits...');
    const singles = firstRaw.map((e, i) => EventInputSchema.parse({ ...e, event_id: crypto.randomUUID(), ts: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() }));
    const commit = singles.map((e) => timeMs(() => store.append([e])));
    row('single-event durable commit p50', percentile(commit, 50), 'ms', '', null);
    row('single-event durable commit p99', percentile(commit, 99), 'ms', '<= 10 ms', percentile(commit, 99) <= 10);

    console.log('Filtered pages and histograms at 1M events...');
    const facets = store.events.facets();
    const pick = <T,>(list: T[], i: number): T => list[(i * 7919) % list.length] as T;
    const filters = (i: number): EventFilter => {
      switch (i % 6) {
        case 0: return { user: pick(facets.users, i) };
        case 1: return { action: pick(facets.actions, i) };
        case 2: return { store: pick(facets.stores, i), action: 'pos.refund' };
        case 3: return { terminal: pick(facets.terminals, i) };
        case 4: return { user: pick(facets.users, i), status: 'failure' };
        default: return { from: '2025-06-01T00:00:00Z', to: '2025-06-08T00:00:00Z', store: pick(facets.stores, i) };
      }
    };
    const pages: number[] = [];
    for (let i = 0; i < 300; i++) {
      const filter = filters(i);
      const first = store.events.page(filter, null, 100);
      pages.push(timeMs(() => store.events.page(filter, null, 100)));
      // and a page deep inside the result, through the keyset cursor
      if (first.nextCursor) pages.push(timeMs(() => store.events.page(filter, first.nextCursor, 100)));
    }
    const text = Array.from({ length: 10 }, () => timeMs(() => store.events.page({ text: 'no_receipt' }, null, 100)));
    row('filtered 100-row page p50', percentile(pages, 50), 'ms', '', null);
    row('filtered 100-row page p95', percentile(pages, 95), 'ms', '<= 20 ms', percentile(pages, 95) <= 20);

    row('free-text page (a scan until full-text search)', percentile(text, 50), 'ms', '', null);
    const fullHist = Array.from({ length: 10 }, () => timeMs(() => store.events.histogram({}, 120)));
    const userHist = Array.from({ length: 10 }, (_, i) => timeMs(() => store.events.histogram({ user: pick(facets.users, i) }, 120)));
    row('histogram, all 1M events, p50', percentile(fullHist, 50), 'ms', '<= 200 ms', percentile(fullHist, 50) <= 200);
    row('histogram, all 1M events, max', Math.max(...fullHist), 'ms', '', null);
    row('histogram, one user, p50', percentile(userHist, 50), 'ms', '', null);

    console.log('Inclusion proofs at 1M events...');
    store.log.checkpoint('demand');
    const tree = new TreeStore(store.db);
    const size = store.log.treeSize;
    const proofs = Array.from({ length: 1000 }, (_, i) => timeMs(() => inclusionProof((i * 7919 * 127) % size, size, tree)));
    row('inclusion proof for one event, p50', percentile(proofs, 50), 'ms', '', null);
    row('inclusion proof for one event, p99', percentile(proofs, 99), 'ms', '<= 5 ms', percentile(proofs, 99) <= 5);

    console.log('Verifying: chain, Merkle tree and checkpoints, by worker threads on the file, then in one thread...');
    let report = await verifyLogFile(path.join(dir, 'bench.db'), { key: benchKey });
    const workersMs = await timeAsyncMs(async () => {
      report = await verifyLogFile(path.join(dir, 'bench.db'), { key: benchKey });
    });
    row(`verify (chain + tree + ${report.checkpoints.total} checkpoints), ${os.availableParallelism()} worker threads`, Math.round(report.events.total / (workersMs / 1000)), 'events/s', '>= 500,000', report.ok && report.events.total / (workersMs / 1000) >= 500_000);
    const oneThreadMs = timeMs(() => {
      report = store.verify();
    });
    row('  the same in one thread', Math.round(report.events.total / (oneThreadMs / 1000)), 'events/s', '', report.ok);
    const fileMb = fs.statSync(path.join(dir, 'bench.db')).size / 1e6;
    row('database size at 1M events', Math.round(fileMb), 'MB', '', null);
    store.close();

    printTable(rows);
    const out = path.resolve('bench-results');
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, `store-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), events: TOTAL, cpus: os.cpus().length, node: process.version, rows }, null, 2));
    console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
