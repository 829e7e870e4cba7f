/**
 * `npm run bench`: the audit store's figures at 1,000,000 events on this machine, as a table and as
 * JSON in bench-results/. Targets come from the foundation issue; nothing here is a test assertion
 * (shared machines are noisy), the figures are for people to read and compare.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventInputSchema, type EventInput, type NormalizedEvent } from '../../shared/events';
import type { EventFilter } from '../../shared/filter';
import { generateDemo } from '../../main/core/demo';
import { AuditStore } from '../../main/core/store';
import { percentile, printTable, timeMs, type BenchRow } from './stats';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);

/** Demo batches of 1,000, one at a time, as events would arrive: only one batch is ever live. */
function* demoBatches(total: number): Generator<EventInput[]> {
  let sent = 0;
  // 5 stores over 3 years of realistic activity is a little over a million events.
  for (const chunk of generateDemo({ days: 1095, stores: 5, seed: 7, end: new Date('2026-01-01T00:00:00Z'), salesDays: 1095 })) {
    if (chunk.kind !== 'events') continue;
    const batch = chunk.events.slice(0, total - sent);
    sent += batch.length;
    yield batch;
    if (sent >= total) return;
  }
  throw new Error(`the demo produced only ${sent} events`);
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-bench-'));
  const rows: BenchRow[] = [];
  const row = (name: string, value: number, unit: string, target: string, pass: boolean | null) => rows.push({ name, value, unit, target, pass });
  try {
    const store = AuditStore.open(path.join(dir, 'bench.db'));
    console.log(`Appending ${TOTAL.toLocaleString('en-US')} demo events in batches of 1,000 (chain and all indexes on, synchronous=FULL)...`);
    // Generation is not timed; validation and append are timed separately, batch by batch.
    let validateMs = 0;
    let appendMs = 0;
    const firstRaw: EventInput[] = [];
    for (const batch of demoBatches(TOTAL)) {
      if (firstRaw.length < 2000) firstRaw.push(...batch.slice(0, 2000 - firstRaw.length));
      let normalized: NormalizedEvent[] = [];
      validateMs += timeMs(() => {
        normalized = batch.map((e) => EventInputSchema.parse(e));
      });
      appendMs += timeMs(() => store.append(normalized));
    }
    const validateRate = TOTAL / (validateMs / 1000);
    const appendRate = TOTAL / (appendMs / 1000);
    row('batched append (store: chain + indexes + fsync)', Math.round(appendRate), 'events/s', '>= 50,000', appendRate >= 50_000);
    row('schema validation alone (router layer)', Math.round(validateRate), 'events/s', '', null);
    row('validated end to end (validate + append)', Math.round(TOTAL / ((validateMs + appendMs) / 1000)), 'events/s', '', null);

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

    console.log('Verifying the chain...');
    let report = store.verify();
    const verifyMs = timeMs(() => {
      report = store.verify();
    });
    row('verify (walk and rehash the chain)', Math.round(report.checked / (verifyMs / 1000)), 'events/s', '', report.ok);
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

main();
