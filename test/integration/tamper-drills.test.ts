/**
 * Tampering drills (the integrity issue, #3): each one damages a real, encrypted, signed log the way
 * an attacker would and holds the verifier to the right verdict — not ok, the right reason, the right
 * first bad seq — while what comes before the damage is still reported valid.
 *
 * The attacker of drills 1–11 holds the database key (the worst case: the file's own encryption is
 * no obstacle) and edits the file through a raw SQLite connection with the append-only triggers
 * dropped. They do not hold the signing key. The last drills are the attacker without the database
 * key, who can only change bytes.
 *
 * Every report is produced twice, in process (AuditStore.verify) and from the file on read-only
 * connections (verifyLogFile), and the two must agree.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSigningKey, type Checkpoint } from '../../main/core/integrity/checkpoint';
import type { StoredCheckpoint } from '../../main/core/integrity/checkpoint-store';
import { TreeStore } from '../../main/core/integrity/tree-store';
import { CHUNK, GROUP_SLACK } from '../../main/core/integrity/verify/plan';
import { scanChunk } from '../../main/core/integrity/verify/scan';
import { verifyLogFile } from '../../main/core/integrity/verify/verify-log';
import { AuditStore } from '../../main/core/store';
import { applyKey } from '../../main/core/store/encryption';
import { sampleBatch, tempDir } from '../../main/core/store/test-helpers';
import {
  attack,
  buildLog,
  copyLog,
  DB_KEY,
  eventLeafPages,
  expectBroken,
  expectIntactAfter,
  expectIntactThrough,
  fastBatchMaker,
  flipByte,
  insertCheckpoint,
  outcomeOf,
  pageOwners,
  rewriteChainFrom,
  rootAt,
  swapRows,
  verifyBoth,
  verifyInProcess,
  type BuiltLog,
} from './tamper-helpers';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('watchdog-tamper-');
});
afterAll(() => tmp.cleanup());

let copies = 0;
/** A fresh copy of `source` to tamper with. */
const fresh = (source: string) => copyLog(source, path.join(tmp.dir, `drill-${++copies}.db`));

/** The largest checkpoint size below `seq`: the last event still vouched for when `seq` is damaged. */
const lastCheckpointBefore = (log: BuiltLog, seq: number) => Math.max(0, ...log.checkpoints.map((c) => c.treeSize).filter((s) => s < seq));

const hourBefore = (iso: string) => new Date(Date.parse(iso) - 3_600_000).toISOString();

/** What an error from a damaged file must look like: named, not a crash or a silent pass. */
const CLEAR_ERROR = /database disk image is malformed|database key does not open|not a Watchdog database|Verification could not read the file/;

describe('tampering drills: 1,001 encrypted events, a checkpoint every 100 (11 checkpoints)', () => {
  let base: string;
  let log: BuiltLog;
  /** The checkpoint at this tree size in the untouched log. */
  const at = (size: number) => log.checkpoints.find((c) => c.treeSize === size) as StoredCheckpoint;

  beforeAll(() => {
    base = path.join(tmp.dir, 'base.db');
    log = buildLog(base, { events: 1000, batch: 100, every: 100 });
  });

  it('starts from a log that verifies: sizes 1, 101, …, 1,001', async () => {
    expect(log.head).toBe(1001);
    expect(log.checkpoints.map((c) => c.treeSize)).toEqual([1, ...Array.from({ length: 10 }, (_, i) => 101 + 100 * i)]);
    expect(fs.existsSync(`${base}-wal`)).toBe(false);
    const report = await verifyBoth(fresh(base));
    expect(report).toMatchObject({ ok: true, firstBadSeq: null, reason: null, summary: 'checkpoints 11/11 valid, events 1,001/1,001 valid' });
  });

  describe('1. an edited field → hash_mismatch at that event', () => {
    it.each([
      ['amount', 450, 'UPDATE events SET amount_minor = amount_minor + 100000 WHERE seq = ?'],
      ['details', 555, "UPDATE events SET details = json_set(details, '$.note', 'edited') WHERE seq = ?"],
      ['user_id', 777, "UPDATE events SET user_id = 'u-999' WHERE seq = ?"],
    ])('%s of event #%i', async (_field, seq, sql) => {
      const file = fresh(base);
      attack(file, (db) => expect(db.prepare(sql).run(seq).changes).toBe(1));
      const report = await verifyBoth(file);
      expectBroken(report, 'hash_mismatch', seq);
      const validTo = lastCheckpointBefore(log, seq);
      expectIntactThrough(report, validTo);
      expect(report.events.valid).toBe(validTo);
      // Every checkpoint that covers the edit no longer holds.
      for (const c of report.checkpointResults.filter((c) => c.treeSize >= seq)) expect(c).toMatchObject({ ok: false, problem: 'checkpoint_mismatch' });
    });
  });

  it('2. a deleted row → missing_seq at that seq', async () => {
    const file = fresh(base);
    attack(file, (db) => db.prepare('DELETE FROM events WHERE seq = 333').run());
    const report = await verifyBoth(file);
    expectBroken(report, 'missing_seq', 333);
    expectIntactThrough(report, 301);
  });

  describe('3. two rows swapped (every column but seq) → reordered at the first of them', () => {
    it.each([
      [620, 621],
      [250, 880],
    ])('#%i and #%i', async (a, b) => {
      const file = fresh(base);
      attack(file, (db) => swapRows(db, a, b));
      const report = await verifyBoth(file);
      expectBroken(report, 'reordered', a);
      expectIntactThrough(report, lastCheckpointBefore(log, a));
    });
  });

  describe('4. the tail cut off, though a checkpoint had signed it → truncated_after_checkpoint at the new head + 1', () => {
    it.each([50, 250])('the last %i events', async (k) => {
      const file = fresh(base);
      const head = log.head - k;
      attack(file, (db) => db.prepare('DELETE FROM events WHERE seq > ?').run(head));
      const report = await verifyBoth(file);
      expectBroken(report, 'truncated_after_checkpoint', head + 1);
      expect(report.ranges.find((r) => r.reason === 'truncated_after_checkpoint')).toMatchObject({ from: head + 1, to: 1001, checkpointId: at(1001).id });
      expect(report.events.total).toBe(head);
      // Everything that is left verifies, up to the new head.
      expectIntactThrough(report, head);
      for (const c of report.checkpointResults.filter((c) => c.treeSize > head)) expect(c).toMatchObject({ ok: false, problem: 'truncated_after_checkpoint' });
    });
  });

  describe('5. a checkpoint signature replaced → bad_signature for that checkpoint and its range', () => {
    it.each([
      ['random bytes', 501, () => randomBytes(64)],
      ["another checkpoint's signature", 801, () => at(701).signature],
      ["random bytes, on the key's own first checkpoint", 1, () => randomBytes(64)],
    ])('%s, on the checkpoint at tree size %i', async (_how, size, signature) => {
      const file = fresh(base);
      attack(file, (db) => expect(db.prepare('UPDATE checkpoints SET signature = ? WHERE tree_size = ?').run(signature(), size).changes).toBe(1));
      const report = await verifyBoth(file);
      const from = lastCheckpointBefore(log, size) + 1;
      expectBroken(report, 'bad_signature', from);
      expect(report.ranges.find((r) => r.from === from)).toMatchObject({ to: size, ok: false, reason: 'bad_signature', firstBadSeq: null, checkpointId: at(size).id });
      expect(report.checkpointResults.find((c) => c.id === at(size).id)).toMatchObject({ ok: false, problem: 'bad_signature' });
      expect(report.checkpoints).toEqual({ total: 11, valid: 10 });
      expectIntactThrough(report, from - 1);
      expectIntactAfter(report, size);
    });
  });

  describe('6. a checkpoint signed by a key the log never introduced → unknown_key', () => {
    it('a fresh key signing the real head', async () => {
      const file = fresh(base);
      const forger = newSigningKey();
      const forged = attack(file, (db) =>
        insertCheckpoint(db, { origin: at(1001).origin, treeSize: 1001, rootHash: rootAt(db, 1001), time: new Date().toISOString() }, forger),
      );
      const report = await verifyBoth(file);
      expectBroken(report, 'unknown_key', 902);
      expect(report.checkpointResults.find((c) => c.id === forged.id)).toMatchObject({ ok: false, problem: 'unknown_key', keyFingerprint: forger.fingerprint });
      expect(report.keys.map((k) => k.fingerprint)).toEqual([log.signer.fingerprint]);
      expectIntactThrough(report, 901);
    });

    it('a real key of the log, used for events from before the log introduced it', async () => {
      const file = fresh(base);
      const second = newSigningKey();
      const store = AuditStore.open(file, { key: DB_KEY, signer: { key: log.signer, store: 'S001' } });
      store.rotateKey(second); // key event #1002, vouched for by the first key
      store.append(sampleBatch(1000, 99)); // #1101, signed by the second key
      expect(store.log.checkpoints.latest()).toMatchObject({ treeSize: 1101, keyFingerprint: second.fingerprint });
      store.close();
      // Whoever holds the second key signs a checkpoint over events older than the key.
      const forged = attack(file, (db) =>
        insertCheckpoint(db, { origin: at(901).origin, treeSize: 901, rootHash: rootAt(db, 901), time: new Date().toISOString() }, second),
      );
      const report = await verifyBoth(file);
      expectBroken(report, 'unknown_key', 802);
      expect(report.checkpointResults.find((c) => c.id === forged.id)).toMatchObject({ ok: false, problem: 'unknown_key' });
      expect(report.keys).toEqual([
        { fingerprint: log.signer.fingerprint, introducedAt: 1 },
        { fingerprint: second.fingerprint, introducedAt: 1002 },
      ]);
      expectIntactThrough(report, 801);
      expectIntactAfter(report, 901);
    });
  });

  describe('7. the file rolled back to an older copy → rolled_back, given the checkpoint the vault recorded', () => {
    it('an older copy put back in place of the file', async () => {
      const file = fresh(base);
      const older = path.join(tmp.dir, 'older-copy.db');
      // The copy is taken with the store closed: its WAL is folded into the file.
      copyLog(file, older);
      const store = AuditStore.open(file, { key: DB_KEY, signer: { key: log.signer, store: 'S001' } });
      for (let i = 1000; i < 1500; i += 100) store.append(sampleBatch(i, 100));
      const vault = store.log.checkpoints.latest() as Checkpoint;
      store.close();
      expect(vault.treeSize).toBe(1501);
      copyLog(older, file);

      const report = await verifyBoth(file, vault);
      expectBroken(report, 'rolled_back', 1002);
      expect(report.ranges.find((r) => r.reason === 'rolled_back')).toMatchObject({ from: 1002, to: 1501, checkpointId: null });
      expectIntactThrough(report, 1001);
      expect(report.checkpoints).toEqual({ total: 11, valid: 11 });
      // Why the vault keeps a checkpoint: the older copy is, on its own, a perfectly valid log.
      expect(verifyInProcess(file).ok).toBe(true);
    });

    it('a truncation hidden by deleting the checkpoints that covered the tail: only the vault sees it', async () => {
      const file = fresh(base);
      attack(file, (db) => {
        db.prepare('DELETE FROM events WHERE seq > 951').run();
        db.prepare('DELETE FROM checkpoints WHERE tree_size > 951').run();
      });
      expect(verifyInProcess(file).ok).toBe(true);
      const report = await verifyBoth(file, at(1001));
      expectBroken(report, 'rolled_back', 952);
      expectIntactThrough(report, 951);
    });

    // See the report: when the file holds at least as many events as the vault's checkpoint but not
    // that log (an older copy put back, then written on), combine.ts rollback() gives the failing
    // range from = expected.treeSize + 1 > to = expected.treeSize, and a first bad seq after every
    // event that differs from what the vault recorded.
    it('an older copy put back and then written on past the size the vault recorded', async () => {
      const file = fresh(base);
      const older = path.join(tmp.dir, 'older-copy-2.db');
      copyLog(file, older);
      let store = AuditStore.open(file, { key: DB_KEY, signer: { key: log.signer, store: 'S001' } });
      for (let i = 1000; i < 1500; i += 100) store.append(sampleBatch(i, 100));
      const vault = store.log.checkpoints.latest() as Checkpoint;
      store.close();
      copyLog(older, file);
      // The app goes on with the file it finds: 600 other events, signed as they come.
      store = AuditStore.open(file, { key: DB_KEY, signer: { key: log.signer, store: 'S001' } });
      for (let i = 5000; i < 5600; i += 100) store.append(sampleBatch(i, 100));
      store.close();

      const report = await verifyBoth(file, vault);
      expect(report).toMatchObject({ ok: false, reason: 'rolled_back' });
      const range = report.ranges.find((r) => r.reason === 'rolled_back');
      // Some event in 1..1,501 is not what the vault recorded: the failing range must hold it.
      expect(range?.to).toBe(1501);
      expect(range?.from).toBeLessThanOrEqual(1501);
      expect(report.firstBadSeq).toBeLessThanOrEqual(1501);
    });
  });

  it('8. a full rewrite after one edit (chain and Merkle nodes recomputed) → checkpoint_mismatch, the range before it valid', async () => {
    const file = fresh(base);
    attack(file, (db) => {
      db.prepare('UPDATE events SET amount_minor = 1 WHERE seq = 450').run();
      rewriteChainFrom(db, 450);
    });
    // The forgery is complete as far as the file goes: the chain verifies from #1 to the head, and
    // the stored Merkle nodes agree with it (the writer can go on appending to it)...
    const raw = new Database(file, { readonly: true });
    try {
      applyKey(raw, DB_KEY);
      expect(scanChunk(raw, 1, 1001)).toMatchObject({ checked: 1001, problem: null });
      const root = new TreeStore(raw).frontier(1001).root();
      expect(root).toEqual(rootAt(raw, 1001));
      expect(root).not.toEqual(at(1001).rootHash);
    } finally {
      raw.close();
    }
    // ...but the signed checkpoints from #501 on no longer match it.
    const report = await verifyBoth(file);
    expectBroken(report, 'checkpoint_mismatch', 402);
    expect(report.ranges.find((r) => r.from === 402)).toMatchObject({ to: 501, firstBadSeq: null, checkpointId: at(501).id });
    expect(report.ranges.some((r) => ['hash_mismatch', 'prev_hash_mismatch', 'missing_seq', 'reordered'].includes(r.reason ?? ''))).toBe(false);
    expectIntactThrough(report, 401);
    expect(report.events.valid).toBe(401);
    for (const c of report.checkpointResults.filter((c) => c.treeSize >= 450)) expect(c).toMatchObject({ ok: false, problem: 'checkpoint_mismatch' });

    // Nor does the honest app launder it by signing the forged tree later: the old checkpoints still disagree.
    const store = AuditStore.open(file, { key: DB_KEY, signer: { key: log.signer, store: 'S001' } });
    store.append(sampleBatch(1000, 100));
    const later = store.log.checkpoints.latest();
    store.close();
    const again = await verifyBoth(file);
    expectBroken(again, 'checkpoint_mismatch', 402);
    expect(again.checkpointResults.find((c) => c.id === later?.id)).toMatchObject({ treeSize: 1101, ok: true });
  });

  describe('10. checkpoints that go backwards (signed correctly, with the real key) → inconsistent_checkpoints', () => {
    it('a smaller tree later in id order', async () => {
      const file = fresh(base);
      const back = attack(file, (db) =>
        insertCheckpoint(db, { origin: at(1001).origin, treeSize: 500, rootHash: rootAt(db, 500), time: new Date().toISOString() }, log.signer),
      );
      const report = await verifyBoth(file);
      expectBroken(report, 'inconsistent_checkpoints', 402);
      expect(report.ranges.find((r) => r.from === 402)).toMatchObject({ to: 500, checkpointId: back.id });
      expect(report.checkpointResults.find((c) => c.id === back.id)).toMatchObject({ ok: false, problem: 'inconsistent_checkpoints' });
      expect(report.checkpoints).toEqual({ total: 12, valid: 11 });
      expectIntactThrough(report, 401);
      expectIntactAfter(report, 500);
    });

    it('a later checkpoint with an earlier time', async () => {
      const file = fresh(base);
      const back = attack(file, (db) =>
        insertCheckpoint(db, { origin: at(1001).origin, treeSize: 1001, rootHash: at(1001).rootHash, time: hourBefore(at(1001).time) }, log.signer),
      );
      const report = await verifyBoth(file);
      expectBroken(report, 'inconsistent_checkpoints', 902);
      expect(report.checkpointResults.find((c) => c.id === back.id)).toMatchObject({ ok: false, problem: 'inconsistent_checkpoints' });
      expectIntactThrough(report, 901);
    });
  });

  // A checkpoint whose signature does not verify proves nothing, so it cannot show that events were
  // removed. combine.ts truncation() takes the largest tree size of ALL checkpoints, valid or not.
  it('a checkpoint row that does not verify, claiming more events than the log holds, is a bad signature, not a truncation', async () => {
    const file = fresh(base);
    const bogus = attack(file, (db) => {
      const stored = insertCheckpoint(db, { origin: at(1001).origin, treeSize: 5000, rootHash: randomBytes(32), time: new Date().toISOString() }, log.signer);
      db.prepare('UPDATE checkpoints SET signature = ? WHERE id = ?').run(randomBytes(64), stored.id);
      return stored;
    });
    const report = await verifyBoth(file);
    expect(report.checkpointResults.find((c) => c.id === bogus.id)).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect(report).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(report.ranges.some((r) => r.reason === 'truncated_after_checkpoint')).toBe(false);
  });
});

describe(`9. checkpoints removed, events kept → missing_checkpoint (every 100 events, slack ${GROUP_SLACK.toLocaleString('en-US')})`, () => {
  // 24,001 events, one checkpoint per 1,000-event batch (the interval of 100 is crossed once per
  // commit): sizes 1, 1,001, …, 24,001. An unsigned stretch may be at most every + GROUP_SLACK =
  // 20,100 events long; removing the checkpoints between 2,001 and 23,001 leaves one of 21,000.
  let base: string;
  let log: BuiltLog;
  beforeAll(() => {
    base = path.join(tmp.dir, 'base-24k.db');
    log = buildLog(base, { events: 24_000, batch: 1000, every: 100 });
  });

  it('builds 25 checkpoints over 24,001 events', () => {
    expect(log.head).toBe(24_001);
    expect(log.checkpoints.map((c) => c.treeSize)).toEqual([1, ...Array.from({ length: 24 }, (_, i) => 1001 + 1000 * i)]);
  });

  it('between two checkpoints that remain', async () => {
    const file = fresh(base);
    attack(file, (db) => expect(db.prepare('DELETE FROM checkpoints WHERE tree_size > 2001 AND tree_size < 23001').run().changes).toBe(20));
    const report = await verifyBoth(file);
    expectBroken(report, 'missing_checkpoint', 2002);
    expect(report.ranges.find((r) => r.from === 2002)).toMatchObject({ to: 23_001, ok: false, reason: 'missing_checkpoint' });
    expectIntactThrough(report, 2001);
    expectIntactAfter(report, 23_001);
  });

  it('after the last checkpoint that remains (the unsigned tail)', async () => {
    const file = fresh(base);
    attack(file, (db) => db.prepare('DELETE FROM checkpoints WHERE tree_size > 2001').run());
    const report = await verifyBoth(file);
    expectBroken(report, 'missing_checkpoint', 2002);
    expect(report.ranges.find((r) => r.from === 2002)).toMatchObject({ to: 24_001, checkpointId: null });
    expectIntactThrough(report, 2001);
  });

  // See the report: combine.ts only measures gaps between two remaining checkpoints (`i > 0`), so the
  // first range is exempt however long it is. The exemption is meant for events from before the log
  // was signed at all; here the key was introduced at #1 (and signed there), so 22,000 events without
  // a checkpoint after it are the same missing checkpoints as between two that remain.
  it('before the first checkpoint that remains (the key was introduced, and signed, at #1)', async () => {
    const file = fresh(base);
    attack(file, (db) => expect(db.prepare('DELETE FROM checkpoints WHERE tree_size < 22001').run().changes).toBe(22));
    const report = await verifyBoth(file);
    expect(report).toMatchObject({ ok: false, reason: 'missing_checkpoint' });
    expect(report.firstBadSeq).toBeLessThanOrEqual(1001);
    expectIntactAfter(report, 22_001);
  });

  it('is not flagged while the stretch stays within every + slack (a group commit may run that long)', async () => {
    const file = fresh(base);
    attack(file, (db) => db.prepare('DELETE FROM checkpoints WHERE tree_size > 2001 AND tree_size < 22001').run());
    expect(await verifyBoth(file)).toMatchObject({ ok: true, checkpoints: { total: 6, valid: 6 } });
  });
});

describe(`11. the worker-thread verifier: 150,001 events, chunks of ${CHUNK.toLocaleString('en-US')}`, () => {
  let base: string;
  let log: BuiltLog;
  beforeAll(() => {
    base = path.join(tmp.dir, 'base-150k.db');
    log = buildLog(base, { events: 150_000, batch: 1000, every: 100, make: fastBatchMaker() });
  }, 120_000);

  it('has three chunks, and a checkpoint every 1,000 events', () => {
    expect(log.head).toBe(150_001);
    expect(Math.ceil(log.head / CHUNK)).toBe(3);
    expect(log.checkpoints).toHaveLength(151);
  });

  it('an edit in the second chunk: hash_mismatch, as in process', async () => {
    const seq = 100_000;
    expect(seq > CHUNK && seq <= 2 * CHUNK).toBe(true);
    const file = fresh(base);
    attack(file, (db) => db.prepare('UPDATE events SET amount_minor = 0 WHERE seq = ?').run(seq));
    const report = await verifyBoth(file);
    expectBroken(report, 'hash_mismatch', seq);
    expectIntactThrough(report, 99_001);
  }, 60_000);

  it(`a row deleted exactly at the chunk boundary (#${CHUNK + 1}): missing_seq, as in process`, async () => {
    const file = fresh(base);
    attack(file, (db) => db.prepare('DELETE FROM events WHERE seq = ?').run(CHUNK + 1));
    const report = await verifyBoth(file);
    expectBroken(report, 'missing_seq', CHUNK + 1);
    expectIntactThrough(report, 65_001);
  }, 60_000);

  it('without the key: a flipped byte in a page of the second chunk fails the workers with a clear error', async () => {
    const file = fresh(base);
    const leaves = eventLeafPages(file);
    const page = leaves[Math.floor((leaves.length * 100_000) / log.head)] as number;
    flipByte(file, (page - 1) * 8192 + 4000);
    const outcome = await outcomeOf(() => verifyLogFile(file, { key: DB_KEY, workers: 2 }));
    expect(outcome).toEqual({ error: expect.stringMatching(/^Verification could not read the file: database disk image is malformed/) });
  }, 60_000);
});

describe('the attacker without the key', () => {
  let base: string;
  let log: BuiltLog;
  let original: { headHash: string | null; rootHash: string | null };
  beforeAll(() => {
    base = path.join(tmp.dir, 'base-nokey.db');
    log = buildLog(base, { events: 1000, batch: 100, every: 100 });
    const report = verifyInProcess(fresh(base));
    original = { headHash: report.headHash, rootHash: report.rootHash };
  });

  /**
   * A changed byte is either an error that says what is wrong, or a change the log does not see: a
   * page the verifier never reads (an index) or a header byte the cipher ignores — then the log that
   * verifies is exactly the original. Never a pass over different contents.
   */
  function expectErrorOrUntouched(outcome: { report: { ok: boolean; headHash: string | null; rootHash: string | null } } | { error: string }, where: string) {
    if ('error' in outcome) expect(outcome.error, where).toMatch(CLEAR_ERROR);
    else if (outcome.report.ok) expect({ headHash: outcome.report.headHash, rootHash: outcome.report.rootHash }, where).toEqual(original);
  }

  it('a flipped byte in a page of the file: an error when the page holds the log, never a pass over other contents', async () => {
    const owners = pageOwners(base);
    const pages = fs.statSync(base).size / 8192;
    expect(pages).toBeGreaterThan(50);
    // Every page of the log's own tables (events: every third), and the first page of every other table and index.
    const logTables = new Set(['sqlite_schema', 'events', 'checkpoints', 'integrity_meta']);
    const seen = new Map<string, number>();
    const chosen: number[] = [];
    for (let page = 1; page <= pages; page++) {
      const owner = owners.get(page) ?? '(free)';
      const nth = seen.get(owner) ?? 0;
      seen.set(owner, nth + 1);
      if (nth === 0 || (logTables.has(owner) && (owner !== 'events' || nth % 3 === 0))) chosen.push(page);
    }
    const errors = { inProcess: 0, fromFile: 0 };
    for (const page of chosen) {
      const file = fresh(base);
      flipByte(file, (page - 1) * 8192 + 4000);
      const fromFile = await outcomeOf(() => verifyLogFile(file, { key: DB_KEY, workers: 2 }));
      const inProcess = await outcomeOf(() => verifyInProcess(file));
      const where = `page ${page} (${owners.get(page)})`;
      expectErrorOrUntouched(fromFile, `${where}, verifyLogFile`);
      expectErrorOrUntouched(inProcess, `${where}, AuditStore`);
      if (logTables.has(owners.get(page) ?? '')) {
        expect('error' in fromFile, `${where}, verifyLogFile`).toBe(true);
        expect('error' in inProcess, `${where}, AuditStore`).toBe(true);
      }
      if ('error' in fromFile) errors.fromFile += 1;
      if ('error' in inProcess) errors.inProcess += 1;
      fs.rmSync(file);
    }
    expect(chosen.length).toBeGreaterThan(25);
    expect(errors.fromFile).toBeGreaterThan(15);
    expect(errors.inProcess).toBeGreaterThan(15);
  }, 60_000);

  it.each([0, 20, 100, 4000, 8191])('a flipped byte at offset %i of the first page', async (offset) => {
    const file = fresh(base);
    flipByte(file, offset);
    expectErrorOrUntouched(await outcomeOf(() => verifyInProcess(file)), 'AuditStore');
    expectErrorOrUntouched(await outcomeOf(() => verifyLogFile(file, { key: DB_KEY, workers: 2 })), 'verifyLogFile');
  });

  it('the first page scrambled: the key no longer opens the file, and says so', async () => {
    const file = fresh(base);
    flipByte(file, 0, 0xff);
    expect(await outcomeOf(() => verifyInProcess(file))).toEqual({ error: expect.stringMatching(/database key does not open .*wrong key, or the file is not a Watchdog database/) });
  });

  /**
   * A crash leaves the last commits in the WAL. A byte changed there makes SQLite's recovery stop at
   * that frame (it cannot tell damage from a torn write), so the file silently loses that commit and
   * every later one: to the file alone that is an older, valid log. The vault's checkpoint is what
   * shows the loss.
   */
  it.each([
    ['the last frame (the last commit)', 'last', 1101],
    ['the first frame (every commit in the WAL)', 'first', 1001],
  ] as const)('a flipped byte in %s of the WAL → rolled_back, given the vault checkpoint', async (_what, frame, survivingHead) => {
    const live = fresh(base);
    const store = AuditStore.open(live, { key: DB_KEY, signer: { key: log.signer, store: 'S001' } });
    store.append(sampleBatch(1000, 100));
    store.append(sampleBatch(1100, 100));
    const vault = store.log.checkpoints.latest() as Checkpoint;
    // What a crash at this moment leaves on disk: the file and its WAL.
    const crashed = copyLog(live, path.join(tmp.dir, `crashed-${frame}.db`));
    store.close();
    expect(vault.treeSize).toBe(1201);
    const walSize = fs.statSync(`${crashed}-wal`).size;
    const frameSize = 24 + 8192;
    const frames = (walSize - 32) / frameSize;
    expect(Number.isInteger(frames)).toBe(true);
    flipByte(`${crashed}-wal`, 32 + (frame === 'last' ? frames - 1 : 0) * frameSize + 24 + 4000);

    const report = await verifyBoth(crashed, vault);
    expect(report.events.total).toBe(survivingHead);
    expectBroken(report, 'rolled_back', survivingHead + 1);
    expectIntactThrough(report, survivingHead);
  });
});
