/**
 * Archive drills (retention, issue 3): a signed, encrypted log whose expired events were moved into
 * a compressed, signed segment, damaged the way an attacker would — the segment, its manifest, the
 * tombstones the database keeps in the events' place — and held to the right verdict, both from the
 * file on worker threads and in process (they must agree), without and with the archive folder.
 *
 * Events are sampleEvent's: seq s is event s − 2 of a cycle of five actions (pos.sale, pos.void,
 * pos.refund, auth.login, cash.drawer_open). By June every event but auth.login (a security event,
 * kept 365 days) has expired, so of seqs 2–1,001, those with s % 5 = 0 stay in the database.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSigningKey } from '../../main/core/integrity/checkpoint';
import { CHUNK } from '../../main/core/integrity/verify/plan';
import { manifestFileName, manifestText, parseManifest, signManifest, type SignedManifest } from '../../main/core/retention/manifest';
import { chainHash } from '../../main/core/store/canonical';
import { tempDir } from '../../main/core/store/test-helpers';
import { archiveWith, attackWithoutForeignKeys, buildArchivedLog, copyArchivedLog, JUNE, readLines, rewriteSegment, verifyArchived, type ArchivedLog } from './archive-helpers';
import { attack, buildLog, copyLog, expectBroken, expectIntactThrough, fastBatchMaker, type BuiltLog } from './tamper-helpers';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('watchdog-archive-drills-');
});
afterAll(() => tmp.cleanup());

/** The one segment of the drills' base log. */
const SEGMENT = 'segment-2-1001.jsonl.br';

let copies = 0;
const fresh = (from: { file: string; dir: string }) => copyArchivedLog(from, path.join(tmp.dir, `d${++copies}.db`), path.join(tmp.dir, `d${copies}-archives`));

describe('archive drills: 1,001 encrypted events, a checkpoint every 100, 800 of them archived', () => {
  let base: ArchivedLog;
  beforeAll(async () => {
    base = await buildArchivedLog(path.join(tmp.dir, 'base.db'), path.join(tmp.dir, 'base-archives'), { events: 1000, batch: 100, every: 100 });
  });

  it('starts from a log that verifies without its archive and with it', async () => {
    expect(base.archived).toMatchObject({ events: 800, segments: [{ file: 'segment-2-1001.jsonl.br', firstSeq: 2, lastSeq: 1001, count: 800 }] });
    const log = fresh(base);
    expect(await verifyArchived(log.file)).toMatchObject({
      ok: true,
      summary: 'checkpoints 11/11 valid, events 1,001/1,001 valid (800 in 1 archive, not checked)',
      archives: { segments: 1, events: 800, checked: false },
    });
    expect(await verifyArchived(log.file, log.dir)).toMatchObject({
      ok: true,
      summary: 'checkpoints 11/11 valid, events 1,001/1,001 valid (800 in 1 archive, checked)',
      archives: { segments: 1, events: 800, checked: true },
    });
  });

  describe('1. an archived event edited in the segment, compressed again → archive_mismatch at that event', () => {
    it.each([
      ['its amount', false],
      ['its amount, with the line’s own hash recomputed', true],
    ])('%s', async (_what, rehash) => {
      const log = fresh(base);
      rewriteSegment(path.join(log.dir, SEGMENT), (lines) =>
        lines.map((l) => {
          if (l.seq !== 502) return l;
          const edited = { ...l, amount_minor: (l.amount_minor ?? 0) + 100_000 };
          return rehash ? { ...edited, hash: chainHash(edited, Buffer.from(l.prev_hash, 'hex')).toString('hex') } : edited;
        }),
      );
      // The database alone still accounts for every event: only the archive can show the edit.
      expect((await verifyArchived(log.file)).ok).toBe(true);
      const report = await verifyArchived(log.file, log.dir);
      expectBroken(report, 'archive_mismatch', 502);
      expect(report.message).toMatch(/event #502 in it is not the event the log recorded \(1 event differs\)/);
      expect(report.events.valid).toBe(1000);
      expect(report.checkpointResults.every((c) => c.ok)).toBe(true);
    });
  });

  describe('2. a segment or its manifest deleted → archive_missing', () => {
    it('the segment file: its 800 events cannot be checked', async () => {
      const log = fresh(base);
      fs.rmSync(path.join(log.dir, SEGMENT));
      const report = await verifyArchived(log.file, log.dir);
      expectBroken(report, 'archive_missing', 2);
      expect(report.ranges.find((r) => r.reason === 'archive_missing')).toMatchObject({ from: 2, to: 1001, firstBadSeq: null });
      expect(report.message).toMatch(/Archive segment #1 \(segment-2-1001\.jsonl\.br, events 2–1,001\) is missing/);
      expect(report.events.valid).toBe(201);
      expect(report.summary).toBe('checkpoints 11/11 valid, events 201/1,001 valid (800 in 1 archive, checked)');
    });

    it('the manifest beside it', async () => {
      const log = fresh(base);
      fs.rmSync(path.join(log.dir, manifestFileName('segment-2-1001.jsonl.br')));
      expectBroken(await verifyArchived(log.file, log.dir), 'archive_missing', 2);
    });
  });

  describe('3. a tombstone altered → checkpoint_mismatch', () => {
    it('between two archived events: the checkpoints that cover it no longer hold', async () => {
      const log = fresh(base);
      attack(log.file, (db) => db.prepare('UPDATE archived_events SET hash = ? WHERE seq = 552').run(randomBytes(32)));
      const report = await verifyArchived(log.file);
      expectBroken(report, 'checkpoint_mismatch', 502);
      expectIntactThrough(report, 501);
      for (const c of report.checkpointResults.filter((c) => c.treeSize >= 552)) expect(c).toMatchObject({ ok: false, problem: 'checkpoint_mismatch' });
      // With the archive, the segment's event no longer matches its tombstone either.
      const checked = await verifyArchived(log.file, log.dir);
      expectBroken(checked, 'checkpoint_mismatch', 502);
      expect(checked.ranges.find((r) => r.reason === 'archive_mismatch')).toMatchObject({ firstBadSeq: 552 });
    });

    it('before an event the database kept: named at the tombstone', async () => {
      const log = fresh(base);
      attack(log.file, (db) => db.prepare('UPDATE archived_events SET hash = ? WHERE seq = 554').run(randomBytes(32)));
      const report = await verifyArchived(log.file);
      expectBroken(report, 'checkpoint_mismatch', 554);
      expect(report.message).toMatch(/Archived event #554: the hash the database keeps in its place no longer links to event #555/);
      expectIntactThrough(report, 501);
    });
  });

  describe('4. a forged manifest signature → archive_mismatch, without the archive as with it', () => {
    it.each([
      ['random bytes in place of the signature', () => ({ signature: randomBytes(64) })],
      ['the manifest re-signed by a key the log never introduced', (m: SignedManifest) => {
        const { signature: _s, keyFingerprint: _k, ...fields } = m;
        const forged = signManifest(fields, newSigningKey());
        const { signature, ...text } = forged;
        return { signature: Buffer.from(signature, 'base64'), manifest: manifestText(text), key_fingerprint: forged.keyFingerprint };
      }],
    ])('%s', async (_what, forge) => {
      const log = fresh(base);
      const manifest = JSON.parse(fs.readFileSync(path.join(log.dir, manifestFileName('segment-2-1001.jsonl.br')), 'utf8')) as SignedManifest;
      const columns = forge(manifest);
      attack(log.file, (db) => {
        for (const [column, value] of Object.entries(columns)) db.prepare(`UPDATE archive_segments SET ${column} = ? WHERE id = 1`).run(value);
      });
      for (const dir of [undefined, log.dir]) {
        const report = await verifyArchived(log.file, dir);
        expectBroken(report, 'archive_mismatch', 2);
        expect(report.message).toMatch(/manifest is not signed by a key this log introduced/);
        expect(report.events.valid).toBe(201);
      }
    });

    it('the signature in the manifest file beside the segment', async () => {
      const log = fresh(base);
      const file = path.join(log.dir, manifestFileName('segment-2-1001.jsonl.br'));
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as SignedManifest;
      fs.writeFileSync(file, JSON.stringify({ ...manifest, signature: randomBytes(64).toString('base64') }));
      const report = await verifyArchived(log.file, log.dir);
      expectBroken(report, 'archive_mismatch', 2);
      expect(report.message).toMatch(/manifest file differs from the log’s record/);
    });
  });

  describe('5. events removed and passed off as archived → archive_mismatch', () => {
    it.each([
      ['in the segment that holds its neighbours', 1, 2],
      ['in a segment that does not exist', 7, 555],
    ])('%s', async (_what, segment, firstBad) => {
      const log = fresh(base);
      attackWithoutForeignKeys(log.file, (db) => {
        const hash = db.prepare('SELECT hash FROM events WHERE seq = 555').pluck().get() as Buffer;
        db.prepare('DELETE FROM events WHERE seq = 555').run();
        db.prepare('INSERT INTO archived_events (seq, hash, segment_id) VALUES (555, ?, ?)').run(hash, segment);
      });
      // The chain and the tree still hold (the tombstone carries the real hash): the segments do not.
      const report = await verifyArchived(log.file);
      expectBroken(report, 'archive_mismatch', firstBad);
      expect(report.checkpointResults.every((c) => c.ok)).toBe(true);
    });
  });

  it('6. an archived event put back into the table → archive_mismatch at its seq', async () => {
    const log = fresh(base);
    const line = readLines(path.join(log.dir, SEGMENT)).find((l) => l.seq === 502);
    attack(log.file, (db) => {
      const { prev_hash, hash, ...row } = line as NonNullable<typeof line>;
      const columns = Object.keys(row);
      db.prepare(`INSERT INTO events (${columns.join(', ')}, prev_hash, hash) VALUES (${columns.map((c) => `@${c}`).join(', ')}, unhex(@p), unhex(@h))`).run({ ...row, p: prev_hash, h: hash });
    });
    const report = await verifyArchived(log.file);
    expectBroken(report, 'archive_mismatch', 502);
    expect(report.message).toMatch(/Event #502 is in the database although it was archived/);
  });
});

describe('7. a crash between writing a segment and committing it', () => {
  let pre: BuiltLog & { file: string };
  beforeAll(() => {
    const file = path.join(tmp.dir, 'pre.db');
    pre = { ...buildLog(file, { events: 1000, batch: 100, every: 100 }), file };
  });

  it('leaves a log that verifies, and the next run archives it as if nothing had happened', async () => {
    // The files a run wrote before it was cut short: made by archiving a copy of the same log.
    const done = { file: copyLog(pre.file, path.join(tmp.dir, 'done.db')), dir: path.join(tmp.dir, 'done-archives') };
    await archiveWith(done.file, done.dir, pre.signer, JUNE);
    const crashed = fresh(done);
    copyLog(pre.file, crashed.file);
    const partial = fs.readdirSync(crashed.dir).length;
    fs.writeFileSync(path.join(crashed.dir, `.partial-${deviceOf(crashed.dir)}.jsonl.br`), 'half a segment');
    expect(partial).toBe(2);

    expect(await verifyArchived(crashed.file, crashed.dir)).toMatchObject({
      ok: true,
      summary: 'checkpoints 11/11 valid, events 1,001/1,001 valid',
      archives: { segments: 0, events: 0, checked: true },
    });
    const rerun = await archiveWith(crashed.file, crashed.dir, pre.signer, JUNE);
    expect(rerun).toMatchObject({ events: 800, segments: [{ file: 'segment-2-1001.jsonl.br' }] });
    expect(fs.readdirSync(crashed.dir).sort()).toEqual(['segment-2-1001.jsonl.br', 'segment-2-1001.jsonl.br.manifest.json']);
    expect(readLines(path.join(crashed.dir, 'segment-2-1001.jsonl.br'))).toEqual(readLines(path.join(done.dir, 'segment-2-1001.jsonl.br')));
    expect(await verifyArchived(crashed.file, crashed.dir)).toMatchObject({ ok: true, archives: { segments: 1, events: 800, checked: true } });
  });

  it('stopped while writing: nothing is committed and no file is left', async () => {
    const log = { file: copyLog(pre.file, path.join(tmp.dir, 'stopped.db')), dir: path.join(tmp.dir, 'stopped-archives') };
    // Stopped once the segment's first page is written: the signal reads as aborted from its second look on.
    let looks = 0;
    const stopped = { get aborted() { looks += 1; return looks > 1; } } as AbortSignal;
    await expect(archiveWith(log.file, log.dir, pre.signer, JUNE, stopped)).rejects.toThrow(/stopped; nothing of this segment was committed/);
    expect(fs.readdirSync(log.dir)).toEqual([]);
    expect(await verifyArchived(log.file, log.dir)).toMatchObject({ ok: true, archives: { segments: 0, events: 0 } });
  });
});

describe(`8. the worker-thread verifier across chunks of ${CHUNK.toLocaleString('en-US')}: 150,001 events, 120,000 archived`, () => {
  let big: ArchivedLog;
  beforeAll(async () => {
    big = await buildArchivedLog(path.join(tmp.dir, 'big.db'), path.join(tmp.dir, 'big-archives'), { events: 150_000, batch: 1000, every: 1000, make: fastBatchMaker() });
  }, 120_000);

  it('verifies as in process, tombstones on both sides of every chunk boundary', async () => {
    expect(big.archived.events).toBe(120_000);
    const report = await verifyArchived(big.file, big.dir);
    expect(report).toMatchObject({ ok: true, summary: 'checkpoints 151/151 valid, events 150,001/150,001 valid (120,000 in 2 archives, checked)' });
  });

  it('a tombstone altered in the second chunk → checkpoint_mismatch from the checkpoint before it, as in process', async () => {
    const log = fresh(big);
    const seq = CHUNK + 502; // between two archived events
    attack(log.file, (db) => db.prepare('UPDATE archived_events SET hash = ? WHERE seq = ?').run(randomBytes(32), seq));
    const report = await verifyArchived(log.file);
    const validTo = Math.floor((seq - 2) / 1000) * 1000 + 1; // the last checkpoint before it: 66,001
    expectBroken(report, 'checkpoint_mismatch', validTo + 1);
    expectIntactThrough(report, validTo);
  });

  it(`a tombstone deleted at the chunk boundary (#${CHUNK + 1}) → missing_seq there, and its segment no longer adds up`, async () => {
    const log = fresh(big);
    attack(log.file, (db) => db.prepare('DELETE FROM archived_events WHERE seq = ?').run(CHUNK + 1));
    const report = await verifyArchived(log.file);
    expect(report.ok).toBe(false);
    expect(report.ranges.find((r) => r.reason === 'missing_seq')).toMatchObject({ firstBadSeq: CHUNK + 1 });
    expect(report.ranges.find((r) => r.reason === 'archive_mismatch')?.message).toMatch(/keeps 99,999 events as archived in it, not the 100,000/);
  });
});

/** The device id in the manifests of an archive folder (the origin's last part). */
function deviceOf(dir: string): string {
  const manifest = fs.readdirSync(dir).find((f) => f.endsWith('.manifest.json')) as string;
  const origin = parseManifest(fs.readFileSync(path.join(dir, manifest), 'utf8'))?.origin ?? '';
  return origin.slice(origin.lastIndexOf('/') + 1);
}
