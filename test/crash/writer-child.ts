/**
 * The process the crash harness kills. It opens the (encrypted) store, runs a busy ingest through the
 * real IngestPipeline — several concurrent submitters, batches of 1..500 events, some with event_ids
 * sent before or repeated within the batch, now and then an invalid one — and appends a line to its
 * acknowledgement file for every batch, the `A` line only after the batch's promise resolved (that is,
 * after its group commit is durable). See protocol.ts for the lines.
 *
 * Run as `node --import tsx test/crash/writer-child.ts <config.json>`; it never stops by itself before
 * `maxRunMs`: the harness SIGKILLs it, or it SIGKILLs itself at a chosen point (mode commit,
 * checkpoint, open) from a helper thread that spins for the chosen µs while the writer is busy.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { EventInput } from '../../shared/events';
import { AppError } from '../../main/core/api/errors';
import { Rng } from '../../main/core/demo/rng';
import { IngestPipeline } from '../../main/core/ingest/pipeline';
import { AuditStore } from '../../main/core/store';
import { sampleEvent } from '../../main/core/store/test-helpers';
import { CHECKPOINT_MODES, counterOf, crashSigningKey, eventId, idList, type ChildConfig } from './protocol';

const configFile = process.argv[2];
if (!configFile) throw new Error('usage: writer-child.ts <config.json>');
const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as ChildConfig;
const rng = new Rng(config.seed, [config.iteration, 2]);

const ackFd = fs.openSync(config.ackFile, 'a');
/** One write() per line to a regular file: once it returned, the line survives a SIGKILL. */
function line(text: string): void {
  const buffer = Buffer.from(`${text.replace(/\n/g, ' ')}\n`);
  let done = 0;
  while (done < buffer.length) done += fs.writeSync(ackFd, buffer, done);
}

const micros = (since: bigint) => Number((process.hrtime.bigint() - since) / 1000n);

// The parent holds our stdin: when it goes away, so do we. And never run for ever.
process.stdin.on('end', () => process.exit(4));
process.stdin.resume();
setTimeout(() => {
  line(`E the child ran ${config.maxRunMs} ms without being killed`);
  process.exit(5);
}, config.maxRunMs);
process.on('uncaughtException', (error) => {
  line(`E uncaught: ${error.stack ?? error.message}`);
  process.exit(2);
});

// --- The self-kill: a thread that waits, spins the given µs, then SIGKILLs the whole process. ---
const KILLER = `
const { parentPort, workerData } = require('node:worker_threads');
const cell = new Int32Array(workerData);
parentPort.postMessage('ready');
Atomics.wait(cell, 0, 0);
const until = process.hrtime.bigint() + BigInt(Atomics.load(cell, 1)) * 1000n;
while (process.hrtime.bigint() < until);
process.kill(process.pid, 'SIGKILL');
`;
const cell = new Int32Array(new SharedArrayBuffer(8));
const killer = new Worker(KILLER, { eval: true, workerData: cell.buffer });
killer.unref();
const killerReady = new Promise<void>((resolve) => killer.once('message', () => resolve()));

/** Modes 'encrypt' and 'rotate': kill as soon as page 1 on disk changed while the rollback journal exists. */
const WATCHER = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const copy = workerData + '.rekey-tmp';
parentPort.postMessage('ready');
// Re-encryption writes a copy, then renames it over the file: kill while the copy is being written.
for (;;) {
  let size = 0;
  try { size = fs.statSync(copy).size; } catch {}
  if (size > 0) process.kill(process.pid, 'SIGKILL');
}
`;

async function watchPageOne(): Promise<void> {
  const watcher = new Worker(WATCHER, { eval: true, workerData: config.file });
  watcher.unref();
  await new Promise((resolve) => watcher.once('message', resolve));
  line(`K ${config.kill} 0`);
}

function armKill(where: string, us: number): void {
  line(`K ${where} ${us}`);
  Atomics.store(cell, 1, us);
  Atomics.store(cell, 0, 1);
  Atomics.notify(cell, 0);
}

/** 'commit' or 'checkpoint' once armAfterMs has passed since the first acknowledgement. */
let armAt = Number.POSITIVE_INFINITY;
let armed = false;
function dueToArm(kind: 'commit' | 'checkpoint'): boolean {
  if (armed || config.kill !== kind || Date.now() < armAt) return false;
  armed = true;
  return true;
}

// --- Batches ---
interface Batch {
  n: number;
  body: unknown;
  fresh: string[];
  repeats: string[];
  all: string[];
  invalid: boolean;
  expected: { accepted: number; duplicates: number };
}

let counter = 0;
let batchNo = 0;
/** Ids acknowledged by this run, to send again (a terminal's retry); bounded. */
const sent: string[] = [];

const eventFor = (id: string): EventInput => sampleEvent(counterOf(id), { event_id: id });

function newBatch(): Batch {
  const repeats = sent.length && rng.chance(0.15) ? [...new Set(Array.from({ length: rng.int(1, 20) }, () => rng.pick(sent)))] : [];
  const inBatch = rng.chance(0.1) ? rng.int(1, 3) : 0;
  const freshCount = Math.max(1, Math.min(rng.int(1, 500), 500 - repeats.length - inBatch));
  const fresh = Array.from({ length: freshCount }, () => eventId(config.seed, config.iteration, counter++));
  const events = [...fresh, ...repeats].map(eventFor);
  for (let k = 0; k < inBatch; k++) events.push({ ...(events[rng.int(0, freshCount - 1)] as EventInput) });
  rng.shuffle(events);
  const invalid = rng.chance(0.03);
  if (invalid) {
    const at = events.findIndex((e) => fresh.includes(e.event_id));
    events[at] = { ...(events[at] as EventInput), ts: 'yesterday' };
  }
  return {
    n: ++batchNo,
    body: rng.chance(0.5) ? JSON.stringify(events) : events,
    fresh,
    repeats,
    all: [...fresh, ...repeats],
    invalid,
    expected: { accepted: freshCount, duplicates: repeats.length + inBatch },
  };
}

function retryBatch(ids: string[], stored: boolean): Batch {
  const events = ids.map(eventFor);
  return {
    n: ++batchNo,
    body: JSON.stringify(events),
    fresh: ids,
    repeats: [],
    all: ids,
    invalid: false,
    expected: stored ? { accepted: 0, duplicates: ids.length } : { accepted: ids.length, duplicates: 0 },
  };
}

let acknowledgedOnce = false;
function firstAcknowledgement(): void {
  if (acknowledgedOnce) return;
  acknowledgedOnce = true;
  armAt = Date.now() + config.armAfterMs;
  process.stdout.write('ready\n');
}

async function send(pipeline: IngestPipeline, batch: Batch): Promise<void> {
  line(`B ${batch.n} ${idList(batch.fresh)} ${idList(batch.repeats)}`);
  let result;
  try {
    result = await pipeline.submit(batch.body);
  } catch (error) {
    line(`R ${batch.n} ${error instanceof AppError ? error.code : 'ERROR'}`);
    if (!batch.invalid) line(`E valid batch ${batch.n} was refused: ${(error as Error).message}`);
    return;
  }
  // The commit is durable: only now is the batch acknowledged.
  line(`A ${batch.n} ${result.accepted} ${result.duplicates.length} ${idList(batch.all)}`);
  if (batch.invalid) line(`E invalid batch ${batch.n} was acknowledged`);
  if (result.accepted !== batch.expected.accepted || result.duplicates.length !== batch.expected.duplicates) {
    line(
      `E batch ${batch.n}: accepted ${result.accepted} with ${result.duplicates.length} duplicates, ` +
        `expected ${batch.expected.accepted} with ${batch.expected.duplicates}`,
    );
  }
  firstAcknowledgement();
  for (const id of batch.fresh) sent.push(id);
  if (sent.length > 5000) sent.splice(0, sent.length - 5000);
}

async function main(): Promise<void> {
  await killerReady;
  const key = Buffer.from(config.keyHex, 'hex');
  // The plain file is encrypted inside the open.
  if (config.kill === 'encrypt') await watchPageOne();
  line('O');
  if (config.kill === 'open') armKill('open', config.openKillUs);
  const opening = process.hrtime.bigint();
  // Signed as the app signs: a crash must also leave the Merkle tree and the checkpoints consistent.
  const store = AuditStore.open(config.file, { key, signer: { key: crashSigningKey() } });
  line(`o ${micros(opening)}`);
  if (config.walAutocheckpoint !== null) store.db.pragma(`wal_autocheckpoint = ${config.walAutocheckpoint}`);
  if (config.kill === 'rotate' && config.rotateToHex) {
    // A key change runs on the closed file: an encrypted copy, renamed over it.
    store.close();
    await watchPageOne();
    AuditStore.rekeyFile(config.file, key, Buffer.from(config.rotateToHex, 'hex'));
    line('E the key change finished before the kill');
    process.exit(6);
  }

  // Markers around each group commit, and the self-kill for mode 'commit'. The real appendGroup runs.
  const log = store.log;
  const appendGroup = log.appendGroup.bind(log);
  let commitUs = 3000;
  log.appendGroup = (batches, receivedAt) => {
    if (dueToArm('commit')) armKill('commit', rng.int(0, Math.round(commitUs * 1.2)));
    line('G');
    const started = process.hrtime.bigint();
    try {
      return appendGroup(batches, receivedAt);
    } finally {
      const us = micros(started);
      commitUs = 0.7 * commitUs + 0.3 * us;
      line(`g ${us}`);
    }
  };

  if (config.kill === 'checkpoint') {
    // Between commits (the writer is synchronous, so never inside one), as a host's maintenance would.
    let checkpointUs = 2000;
    const checkpoint = (): void => {
      const mode = rng.pick(CHECKPOINT_MODES);
      if (dueToArm('checkpoint')) armKill('checkpoint', rng.int(0, Math.round(checkpointUs * 1.2)));
      line(`C ${mode}`);
      const started = process.hrtime.bigint();
      store.db.pragma(`wal_checkpoint(${mode})`);
      const us = micros(started);
      checkpointUs = 0.7 * checkpointUs + 0.3 * us;
      line(`c ${us}`);
      setTimeout(checkpoint, rng.int(20, 150));
    };
    setTimeout(checkpoint, rng.int(20, 150));
  }

  const pipeline = new IngestPipeline(log, { workers: config.workers });
  // Batches in flight at the last crash come back first, as a terminal would resend them.
  for (const retry of config.retry) void send(pipeline, retryBatch(retry.ids, retry.stored));
  const submitter = async (): Promise<void> => {
    for (;;) await send(pipeline, newBatch());
  };
  await Promise.all(Array.from({ length: config.submitters }, submitter));
}

main().catch((error: unknown) => {
  line(`E ${(error as Error).stack ?? String(error)}`);
  process.exit(3);
});
