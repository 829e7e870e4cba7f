import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventInput } from '../../shared/events';
import { AppError } from '../../main/core/api/errors';
import { IngestPipeline } from '../../main/core/ingest/pipeline';
import { AuditStore } from '../../main/core/store';
import type { AppendResult } from '../../main/core/store/audit-log';
import { prepareEvents } from '../../main/core/store/prepared';
import { normalized, sampleBatch, sampleEvent, tempDir } from '../../main/core/store/test-helpers';
import { writeError } from '../../main/core/store/write-errors';
import { verifyLogSync } from '../../main/core/integrity/verify/verify-log';
import { checkAfterCrash } from './check';
import { CRASH_KEY as KEY } from './harness';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore | null;
let pipeline: IngestPipeline | null;
beforeEach(() => {
  tmp = tempDir('watchdog-disk-');
  store = null;
  pipeline = null;
});
afterEach(async () => {
  await pipeline?.close();
  store?.close();
  tmp.cleanup();
});

function openStore(name = 'audit.db'): { store: AuditStore; file: string } {
  const file = path.join(tmp.dir, name);
  store = AuditStore.open(file, { key: KEY });
  return { store, file };
}

/** How many of these event_ids are in the file. */
function storedCount(s: AuditStore, ids: readonly string[]): number {
  const one = s.db.prepare('SELECT count(*) FROM events WHERE event_id = ?').pluck();
  return ids.reduce((n, id) => n + (one.get(id) as number), 0);
}

/** From here on the file may grow by only `pages` pages: SQLite then answers SQLITE_FULL, as on a full disk. */
function leaveRoom(s: AuditStore, pages: number): number {
  const unlimited = s.db.pragma('max_page_count', { simple: true }) as number;
  const now = s.db.pragma('page_count', { simple: true }) as number;
  expect(s.db.pragma(`max_page_count = ${now + pages}`, { simple: true })).toBe(now + pages);
  return unlimited;
}

const ids = (events: readonly { event_id: string }[]) => events.map((e) => e.event_id);
const inputs = (from: number, count: number): EventInput[] => Array.from({ length: count }, (_, k) => sampleEvent(from + k));

function runChild(args: string[], options: { uid?: number; gid?: number; fileSizeBlocks?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const node = [process.execPath, '--import', 'tsx', ...args];
  // `ulimit -f` (RLIMIT_FSIZE): a write past the limit fails with EFBIG, as a write to a full disk fails.
  const [command, argv] = options.fileSizeBlocks
    ? ['bash', ['-c', `ulimit -f ${options.fileSizeBlocks} && exec "$@"`, 'bash', ...node]]
    : [node[0] as string, node.slice(1)];
  const child = spawn(command as string, argv as string[], { cwd: REPO, uid: options.uid, gid: options.gid, env: { ...process.env, HOME: tmp.dir } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a full disk', () => {
  it('the append that does not fit throws "The disk is full", stores nothing of its batch, and fits once there is room', () => {
    const { store: s, file } = openStore();
    const earlier: string[] = [];
    let from = 0;
    const first = sampleBatch(from, 300);
    s.append(first);
    earlier.push(...ids(first));
    from += 300;
    const unlimited = leaveRoom(s, 60);

    let failing: ReturnType<typeof sampleBatch> | null = null;
    let error: unknown = null;
    let head = { ...s.log.chainHead };
    for (let attempt = 0; attempt < 100 && !failing; attempt++) {
      const batch = sampleBatch(from, 100);
      head = { ...s.log.chainHead };
      try {
        s.append(batch);
        earlier.push(...ids(batch));
        from += 100;
      } catch (caught) {
        failing = batch;
        error = caught;
      }
    }
    expect(failing, 'the file never filled up').not.toBeNull();
    expect(earlier.length).toBeGreaterThan(300);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^The disk is full: .*nothing of this batch was stored/) });
    expect((error as Error).message).toContain(file);

    // Nothing of the batch; the head (on disk and in memory) and the earlier batches as they were.
    expect(storedCount(s, ids(failing!))).toBe(0);
    expect(s.events.summary().events).toBe(earlier.length);
    expect(s.log.chainHead.seq).toBe(head.seq);
    expect(s.log.chainHead.hash.equals(head.hash)).toBe(true);
    expect(storedCount(s, earlier)).toBe(earlier.length);
    expect(verifyLogSync(s.db)).toMatchObject({ ok: true, events: { total: earlier.length } });

    s.db.pragma(`max_page_count = ${unlimited}`);
    expect(s.append(failing!)).toMatchObject({ accepted: 100, duplicates: [], firstSeq: earlier.length + 1, lastSeq: earlier.length + 100 });
    expect(verifyLogSync(s.db)).toMatchObject({ ok: true, events: { total: earlier.length + 100 } });
    s.close();
    store = null;
    expect(checkAfterCrash(file, KEY, [...earlier, ...ids(failing!)]).problems).toEqual([]);
  });

  it('in a group commit, every batch is stored whole or not at all, and the log goes on after', () => {
    const { store: s, file } = openStore();
    s.append(sampleBatch(0, 200));
    const unlimited = leaveRoom(s, 24);
    const stored: string[] = ids(sampleBatch(0, 200));
    let from = 200;
    let failures = 0;
    for (let round = 0; round < 40 && failures === 0; round++) {
      const batches = [sampleBatch(from, 150), sampleBatch(from + 150, 150), sampleBatch(from + 300, 150)];
      from += 450;
      let outcomes: (AppendResult | Error)[];
      try {
        outcomes = s.log.appendGroup(batches.map(prepareEvents));
      } catch (error) {
        // The whole transaction went: no batch of the group may be there.
        expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^The disk is full/) });
        outcomes = batches.map(() => error as Error);
      }
      outcomes.forEach((outcome, i) => {
        const batch = ids(batches[i]!);
        if (outcome instanceof Error) {
          failures += 1;
          expect(outcome).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^The disk is full/) });
          expect(storedCount(s, batch)).toBe(0);
        } else {
          expect(storedCount(s, batch)).toBe(150);
          stored.push(...batch);
        }
      });
      expect(s.events.summary().events).toBe(stored.length);
      expect(s.log.chainHead.seq).toBe(stored.length);
    }
    expect(failures).toBeGreaterThan(0);
    s.db.pragma(`max_page_count = ${unlimited}`);
    const next = sampleBatch(from, 10);
    expect(s.append(next)).toMatchObject({ accepted: 10, firstSeq: stored.length + 1 });
    s.close();
    store = null;
    expect(checkAfterCrash(file, KEY, [...stored, ...ids(next)]).problems).toEqual([]);
  });

  it('through the ingest pipeline: refused batches say the disk is full, keep nothing, and go in once there is room', async () => {
    const { store: s, file } = openStore();
    pipeline = new IngestPipeline(s.log, { workers: 1 });
    await pipeline.submit(inputs(0, 200));
    const unlimited = leaveRoom(s, 20);
    const acknowledged: string[] = ids(inputs(0, 200));
    const refused: EventInput[][] = [];
    let from = 200;
    for (let round = 0; round < 40 && refused.length === 0; round++) {
      const batches = Array.from({ length: 6 }, (_, b) => inputs(from + b * 120, 120));
      from += 720;
      const settled = await Promise.allSettled(batches.map((batch) => pipeline!.submit(batch)));
      settled.forEach((outcome, i) => {
        const batch = batches[i]!;
        if (outcome.status === 'fulfilled') {
          acknowledged.push(...ids(batch));
          return;
        }
        refused.push(batch);
        expect(outcome.reason).toBeInstanceOf(AppError);
        expect(outcome.reason).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('The disk is full') });
        expect(storedCount(s, ids(batch))).toBe(0);
      });
    }
    expect(refused.length).toBeGreaterThan(0);
    expect(storedCount(s, acknowledged)).toBe(acknowledged.length);
    expect(verifyLogSync(s.db)).toMatchObject({ ok: true, events: { total: acknowledged.length } });

    s.db.pragma(`max_page_count = ${unlimited}`);
    for (const batch of refused) {
      await expect(pipeline.submit(batch)).resolves.toMatchObject({ accepted: batch.length, duplicates: [] });
      acknowledged.push(...ids(batch));
    }
    const closing = pipeline;
    pipeline = null;
    await closing.close();
    s.close();
    store = null;
    expect(checkAfterCrash(file, KEY, acknowledged).problems).toEqual([]);
  });
});

describe('a read-only file', () => {
  function seed(): { file: string; stored: string[] } {
    const { store: s, file } = openStore();
    const batch = sampleBatch(0, 120);
    s.append(batch);
    s.close();
    store = null;
    return { file, stored: ids(batch) };
  }

  it('opened read-only, an append throws a clear error and stores nothing', () => {
    const { file, stored } = seed();
    const s = AuditStore.open(file, { key: KEY, readonly: true });
    store = s;
    const head = { ...s.log.chainHead };
    const batch = sampleBatch(500, 20);
    expect(() => s.append(batch)).toThrow(AppError);
    expect(() => s.append(batch)).toThrow(/^The audit log at .* is read-only here .*nothing of this batch was stored/);
    expect(s.log.chainHead).toEqual(head);
    expect(s.events.summary().events).toBe(120);
    s.close();
    store = null;
    expect(checkAfterCrash(file, KEY, stored, { refused: ids(batch) }).problems).toEqual([]);
  });

  it('when the writer\'s connection stops allowing writes (query_only), the append fails the same way', () => {
    const { store: s, file } = openStore();
    const first = sampleBatch(0, 50);
    s.append(first);
    s.db.pragma('query_only = ON');
    const batch = sampleBatch(50, 50);
    expect(() => s.append(batch)).toThrow(/read-only here .*nothing of this batch was stored/);
    s.db.pragma('query_only = OFF');
    expect(s.append(batch)).toMatchObject({ accepted: 50, firstSeq: 51 });
    s.close();
    store = null;
    expect(checkAfterCrash(file, KEY, [...ids(first), ...ids(batch)]).problems).toEqual([]);
  });

  const root = process.getuid?.() === 0;
  /** The file (mode 0444) as a user who may not write it: root would write through chmod. */
  async function asUnprivilegedUser(file: string) {
    fs.chmodSync(tmp.dir, 0o777);
    fs.chmodSync(file, 0o444);
    const { code, stdout, stderr } = await runChild([path.join(HERE, 'readonly-child.ts'), file, KEY.toString('hex'), '900'], { uid: 65534, gid: 65534 });
    expect(code, stderr).toBe(0);
    return JSON.parse(stdout) as Record<'writable' | 'readonlyOpen' | 'append', { ok: boolean; name?: string; code?: string; message?: string }> & { events: number | null };
  }

  it.skipIf(!root)('a file its user may not write: the start is refused, an append through a read-only open stores nothing', { timeout: 60_000 }, async () => {
    const { file, stored } = seed();
    const digest = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const seen = await asUnprivilegedUser(file);
    expect(seen.writable).toMatchObject({ ok: false, name: 'AppError', code: 'UNAVAILABLE', message: expect.stringContaining(file) });
    expect(seen.readonlyOpen).toEqual({ ok: true });
    expect(seen.append).toMatchObject({ ok: false, name: 'AppError', code: 'UNAVAILABLE', message: expect.stringMatching(/read-only here .*nothing of this batch was stored/) });
    expect(seen.events).toBe(120);
    expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(digest);
    fs.chmodSync(file, 0o644);
    expect(checkAfterCrash(file, KEY, stored, { refused: ids(sampleBatch(900, 10)) }).problems).toEqual([]);
  });

  // (It used to say "Cannot use <file> as a Watchdog database: attempt to write a readonly database".)
  it.skipIf(!root)('a file its user may not write: the refused start says the file is read-only', { timeout: 60_000 }, async () => {
    const { file } = seed();
    const seen = await asUnprivilegedUser(file);
    expect(seen.writable.message).not.toMatch(/as a Watchdog database/);
    expect(seen.writable.message).toMatch(/read-only/);
  });
});

describe('a group whose commit fails', () => {
  it('rejects every batch of the group and acknowledges none (COMMIT refused in process)', async () => {
    const { store: s, file } = openStore();
    // A deferred foreign key that only COMMIT checks: while `armed`, every insert into events breaks it.
    s.db.exec(`
      CREATE TEMP TABLE commit_gate (armed INTEGER NOT NULL);
      INSERT INTO commit_gate VALUES (0);
      CREATE TEMP TABLE gate_parent (id INTEGER PRIMARY KEY);
      CREATE TEMP TABLE gate_child (parent INTEGER REFERENCES gate_parent (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TEMP TRIGGER gate AFTER INSERT ON main.events WHEN (SELECT armed FROM commit_gate) = 1
        BEGIN INSERT INTO gate_child VALUES (42); END;`);
    const arm = (on: boolean) => s.db.prepare('UPDATE commit_gate SET armed = ?').run(on ? 1 : 0);
    const log = s.log;
    const appendGroup = log.appendGroup.bind(log);
    const calls: { size: number; threw: boolean }[] = [];
    const hold = new Int32Array(new SharedArrayBuffer(4));
    log.appendGroup = (batches, receivedAt) => {
      // The first group is held so that every other batch queues behind it and goes in the second group,
      // whose COMMIT then fails.
      if (calls.length === 0) Atomics.wait(hold, 0, 0, 400);
      if (calls.length === 1) arm(true);
      try {
        const outcomes = appendGroup(batches, receivedAt);
        calls.push({ size: batches.length, threw: false });
        return outcomes;
      } catch (error) {
        calls.push({ size: batches.length, threw: true });
        throw error;
      } finally {
        arm(false);
      }
    };
    pipeline = new IngestPipeline(log, { workers: 2 });
    const batches = Array.from({ length: 10 }, (_, b) => inputs(b * 200, 200));
    const settled = await Promise.allSettled(batches.map((batch) => pipeline!.submit(batch)));

    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[1]).toMatchObject({ threw: true });
    expect(calls[1]!.size).toBeGreaterThanOrEqual(2);
    const failedBatches = calls.filter((c) => c.threw).reduce((n, c) => n + c.size, 0);
    const rejected = settled.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(failedBatches);
    for (const r of rejected) {
      expect(r.reason).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^The batch could not be stored, nothing of it was kept/) });
    }
    const acknowledged: string[] = [];
    settled.forEach((outcome, i) => {
      const batch = ids(batches[i]!);
      if (outcome.status === 'fulfilled') acknowledged.push(...batch);
      expect(storedCount(s, batch)).toBe(outcome.status === 'fulfilled' ? 200 : 0);
    });
    expect(acknowledged.length).toBe(200 * (10 - failedBatches));
    expect(s.log.chainHead.seq).toBe(acknowledged.length);
    // The in-memory head did not move for the failed group: the next batch chains on.
    await expect(pipeline.submit(inputs(5000, 5))).resolves.toMatchObject({ accepted: 5, firstSeq: acknowledged.length + 1 });
    acknowledged.push(...ids(inputs(5000, 5)));
    const closing = pipeline;
    pipeline = null;
    await closing.close();
    s.close();
    store = null;
    const refusedIds = settled.flatMap((o, i) => (o.status === 'rejected' ? ids(batches[i]!) : []));
    expect(checkAfterCrash(file, KEY, acknowledged, { refused: refusedIds }).problems).toEqual([]);
  });

  it('rejects every batch of the group and acknowledges none (the WAL cannot grow at COMMIT: RLIMIT_FSIZE)', { timeout: 90_000 }, async () => {
    const file = path.join(tmp.dir, 'fsize.db');
    // 3 MiB: room for the schema and a few thousand events in the WAL, then the write at COMMIT fails.
    const { code, stdout, stderr } = await runChild([path.join(HERE, 'commit-fail-child.ts'), file, KEY.toString('hex')], { fileSizeBlocks: 3072 });
    expect(code, stderr).toBe(0);
    const seen = JSON.parse(stdout) as {
      acknowledged: string[][];
      refused: { ids: string[]; code: string; message: string }[];
      groups: { size: number; failed: boolean }[];
    };
    const failedGroups = seen.groups.filter((g) => g.failed);
    expect(failedGroups.length).toBeGreaterThan(0);
    expect(Math.max(...failedGroups.map((g) => g.size))).toBeGreaterThanOrEqual(2);
    expect(seen.refused).toHaveLength(failedGroups.reduce((n, g) => n + g.size, 0));
    expect(seen.acknowledged).toHaveLength(seen.groups.filter((g) => !g.failed).reduce((n, g) => n + g.size, 0));
    for (const r of seen.refused) {
      expect(r.code).toBe('UNAVAILABLE');
      expect(r.message).toMatch(/^The batch could not be stored, nothing of it was kept: The (disk is full|disk reported an error)/);
    }
    const refusedIds = seen.refused.flatMap((r) => r.ids);
    const check = checkAfterCrash(file, KEY, seen.acknowledged.flat(), { refused: refusedIds });
    expect(check.problems).toEqual([]);
    expect(check.events).toBe(seen.acknowledged.flat().length);

    // Nothing of the refused batches was kept: sent again with room on the disk, all of it goes in.
    const s = AuditStore.open(file, { key: KEY });
    store = s;
    const again = normalized(seen.refused[0]!.ids.map((id, k) => sampleEvent(k, { event_id: id })));
    expect(s.append(again)).toMatchObject({ accepted: again.length, duplicates: [], firstSeq: check.events + 1 });
    expect(verifyLogSync(s.db)).toMatchObject({ ok: true, events: { total: check.events + again.length } });
  });
});

describe('writeError: SQLite write failures as a store manager reads them', () => {
  const sqlite = (code: string, message: string) => Object.assign(new Error(message), { name: 'SqliteError', code });

  it.each([
    ['SQLITE_FULL', /^The disk is full: the audit log at \/data\/audit\.db could not grow, so nothing of this batch was stored/],
    ['SQLITE_READONLY', /^The audit log at \/data\/audit\.db is read-only here/],
    ['SQLITE_READONLY_DIRECTORY', /^The audit log at \/data\/audit\.db is read-only here/],
    ['SQLITE_READONLY_DBMOVED', /^The audit log file at \/data\/audit\.db was moved or deleted while Watchdog had it open/],
    ['SQLITE_IOERR', /^The disk reported an error while writing the audit log at \/data\/audit\.db, so the batch was not acknowledged/],
    ['SQLITE_IOERR_FSYNC', /send the batch again; events already stored are recognised by their event_id/],
    ['SQLITE_IOERR_WRITE', /^The disk reported an error/],
  ])('%s', (code, message) => {
    const mapped = writeError(sqlite(code, 'raw'), '/data/audit.db');
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(message) });
    expect((mapped as Error).message).toContain(`(${code})`);
  });

  it('leaves every other error as it was', () => {
    const unique = sqlite('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed');
    const plain = new Error('boom');
    const app = new AppError('BAD_INPUT', 'no');
    expect(writeError(unique, 'f')).toBe(unique);
    expect(writeError(plain, 'f')).toBe(plain);
    expect(writeError(app, 'f')).toBe(app);
    expect(writeError('text', 'f')).toBe('text');
    expect(writeError(null, 'f')).toBe(null);
  });
});
