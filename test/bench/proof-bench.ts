/**
 * `npx tsx test/bench/proof-bench.ts`: how long an inclusion proof takes at 1,000,000 events (target
 * ≤ 5 ms). Builds a signed store the way the writer fills one (prepared batches, 8 per commit), then
 * proves 1,000 random events on the writer's warm connection and again on a fresh read-only one, as
 * `watchdog prove` opens it. Figures to read, not assertions: shared machines are noisy.
 * PROOF_BENCH_EVENTS=100000 for a quicker run; PROOF_BENCH_DB=/tmp/proofs.db keeps the built store there,
 * and a later run with the same path proves against it without building it again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventInputSchema } from '../../shared/events';
import { newSigningKey } from '../../main/core/integrity/checkpoint';
import { checkProof, proveEvent, type InclusionProofDoc } from '../../main/core/integrity/proofs';
import { AuditStore } from '../../main/core/store';
import { prepareEvents, type PreparedBatch } from '../../main/core/store/prepared';
import { sampleEvent } from '../../main/core/store/test-helpers';
import { percentile, printTable, timeMs, type BenchRow } from './stats';

const TOTAL = Number(process.env.PROOF_BENCH_EVENTS ?? 1_000_000);
const BATCH = 1000;
const GROUP = 8;
const PROOFS = 1000;

/** Deterministic random seqs in [1, size]. */
function randomSeqs(count: number, size: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 1 + Math.floor((s / 2 ** 32) * size);
  });
}

/** Wall-clock and CPU milliseconds per proof: on a busy machine the CPU time shows the work itself. */
function timeProofs(store: AuditStore, seqs: number[]): { prove: number[]; cpu: number[]; check: number[]; doc: InclusionProofDoc } {
  const ids = seqs.map((seq) => store.db.prepare('SELECT event_id FROM events WHERE seq = ?').pluck().get(seq) as string);
  const prove: number[] = [];
  const cpu: number[] = [];
  const check: number[] = [];
  let doc: InclusionProofDoc | null = null;
  for (const eventId of ids) {
    const before = process.cpuUsage();
    prove.push(timeMs(() => void (doc = proveEvent(store.db, { eventId }))));
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    const d = doc as unknown as InclusionProofDoc;
    check.push(timeMs(() => {
      if (!checkProof(d).ok) throw new Error(`proof of ${eventId} does not check`);
    }));
  }
  return { prove, cpu, check, doc: doc as unknown as InclusionProofDoc };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-proof-bench-'));
  const kept = process.env.PROOF_BENCH_DB;
  const file = kept ? path.resolve(kept) : path.join(dir, 'proofs.db');
  const reuse = kept !== undefined && fs.existsSync(file);
  const rows: BenchRow[] = [];
  const row = (name: string, value: number, unit: string, target = '', pass: boolean | null = null) => rows.push({ name, value, unit, target, pass });
  try {
    console.log(reuse ? `Proving against the store kept at ${file}...` : `Building a signed store of ${TOTAL.toLocaleString('en-US')} events (prepared batches of ${BATCH}, ${GROUP} per commit)...`);
    const key = newSigningKey();
    const store = AuditStore.open(file, { signer: { key, store: 'S001' } });
    const receivedAt = new Date();
    const started = performance.now();
    for (let from = 0; from < (reuse ? 0 : TOTAL); from += BATCH * GROUP) {
      const group: PreparedBatch[] = [];
      for (let b = from; b < Math.min(TOTAL, from + BATCH * GROUP); b += BATCH) {
        const n = Math.min(BATCH, TOTAL - b);
        group.push(prepareEvents(Array.from({ length: n }, (_, k) => EventInputSchema.parse(sampleEvent(b + k)))));
      }
      for (const outcome of store.log.appendGroup(group, receivedAt)) if (outcome instanceof Error) throw outcome;
      if ((from / (BATCH * GROUP)) % 25 === 0) process.stdout.write(`\r  ${(from + BATCH * GROUP).toLocaleString('en-US')} events`);
    }
    const checkpoint = store.log.checkpoint('demand');
    const size = checkpoint?.treeSize ?? 0;
    process.stdout.write('\n');
    if (!reuse) row('build (validate + prepare + append + tree + checkpoints)', Math.round((performance.now() - started) / 1000), 's');
    row('tree size proved against', size, 'events');
    row('checkpoints', store.log.checkpoints.list().length, '');

    console.log(`Proving ${PROOFS} random events on the writer's connection (warm page cache)...`);
    timeProofs(store, randomSeqs(50, size, 1)); // warm-up: JIT, statement paths
    const warm = timeProofs(store, randomSeqs(PROOFS, size, 2));
    row('proveEvent p50, warm connection', percentile(warm.prove, 50), 'ms');
    row('proveEvent p99, warm connection', percentile(warm.prove, 99), 'ms', '<= 5 ms', percentile(warm.prove, 99) <= 5);
    row('  CPU time per proof p50', percentile(warm.cpu, 50), 'ms');
    row('  CPU time per proof p99', percentile(warm.cpu, 99), 'ms');
    row('checkProof p50', percentile(warm.check, 50), 'ms');
    row('checkProof p99', percentile(warm.check, 99), 'ms');
    row('audit path length', warm.doc.proof.length, 'hashes');
    row('proof document size', Buffer.byteLength(JSON.stringify(warm.doc, null, 2)), 'bytes');
    store.close();

    console.log(`Proving ${PROOFS} other random events on a fresh read-only connection, as \`watchdog prove\` opens the file...`);
    const reader = AuditStore.open(file, { readonly: true, create: false, migrate: false });
    const first = timeMs(() => void proveEvent(reader.db, { seq: randomSeqs(1, size, 3)[0] as number }));
    const cold = timeProofs(reader, randomSeqs(PROOFS, size, 4));
    row('first proof on a fresh connection', first, 'ms');
    row('proveEvent p50, fresh read-only connection', percentile(cold.prove, 50), 'ms');
    row('proveEvent p99, fresh read-only connection', percentile(cold.prove, 99), 'ms', '<= 5 ms', percentile(cold.prove, 99) <= 5);
    row('proveEvent max, fresh read-only connection', Math.max(...cold.prove), 'ms');
    row('  CPU time per proof p50', percentile(cold.cpu, 50), 'ms');
    row('  CPU time per proof p99', percentile(cold.cpu, 99), 'ms');
    reader.close();

    const oneShot = Array.from({ length: 20 }, (_, i) =>
      timeMs(() => {
        const s = AuditStore.open(file, { readonly: true, create: false, migrate: false });
        try {
          proveEvent(s.db, { seq: randomSeqs(20, size, 5)[i] as number });
        } finally {
          s.close();
        }
      }),
    );
    row('open read-only + prove + close, p50 (the CLI without Node start-up)', percentile(oneShot, 50), 'ms');
    printTable(rows);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
