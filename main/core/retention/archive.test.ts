import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../shared/events';
import { newSigningKey, type SigningKey } from '../integrity/checkpoint';
import { KEY_ACTION } from '../integrity/key-events';
import { verifyLogFile } from '../integrity/verify/verify-log';
import { AuditStore } from '../store';
import { sampleBatch, tempDir } from '../store/test-helpers';
import { manifestFileName, manifestSignatureValid, manifestText, parseManifest, type SignedManifest } from './manifest';
import { setPolicy } from './policies';
import { listSegments, queryArchives } from './reader';
import { defaultArchiveDir } from './archive';
import { Terminals } from '../terminals/registry';
import { createHandlers } from '../api/handlers';
import { createAccounts } from '../accounts';
import { EventBus } from '../bus';
import type { ChannelOutput, PushedPayload } from '../../../shared/contract';
import type { EventFilter } from '../../../shared/filter';
import { sha256OfFile } from './segment-file';
import { AlertStore } from '../detect/alerts/alert-store';

const KEY = Buffer.from('8e3c1f5a0b7d2e94c6a1f03b5d7e9c2a4f6b8d0e1c3a5f7b9d2e4c6a8b0d1f3e', 'hex');
/** Sample events run from 2026-01-05 a minute apart; by June 1 every standard one is past 90 days. */
const JUNE = new Date('2026-06-01T00:00:00Z');

let tmp: ReturnType<typeof tempDir>;
let file: string;
let dir: string;
let signer: SigningKey;
let store: AuditStore;
beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'a.db');
  dir = path.join(tmp.dir, 'archives');
  signer = newSigningKey();
  store = AuditStore.open(file, { key: KEY, signer: { key: signer, store: 'S001' } });
  store.log.setCheckpointEvery(100);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

/** The key event (#1), then 1,000 sample events signed every 100, then `unsigned` more after the last checkpoint. */
function fill(unsigned = 0): void {
  for (let i = 0; i < 1000; i += 100) store.append(sampleBatch(i, 100));
  if (unsigned) store.append(sampleBatch(1000, unsigned));
}

const all = (s: AuditStore) => s.db.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[];
const eventsTablePages = (s: AuditStore) => s.db.prepare("SELECT count(*) FROM dbstat WHERE name = 'events'").pluck().get() as number;

describe('archiving expired events', () => {
  it('moves expired standard events into a signed segment and keeps security, key and unsigned events', async () => {
    fill(30);
    const before = new Map(all(store).map((seq) => [seq, store.events.get(seq)]));
    const pages = eventsTablePages(store);
    const result = await store.archive({ dir, now: JUNE });

    // 1,000 events cycle through five actions; auth.login (authentication: security, 365 days) stays.
    expect(result).toMatchObject({ events: 800, checkpoint: { treeSize: 1001 } });
    expect(result.segments).toEqual([expect.objectContaining({ id: 1, file: 'segment-2-1001.jsonl.br', firstSeq: 2, lastSeq: 1001, count: 800 })]);
    const kept = all(store).map((seq) => before.get(seq) as StoredEvent);
    expect(kept).toHaveLength(1 + 200 + 30);
    expect(kept[0]?.action).toBe(KEY_ACTION);
    expect(kept.filter((e) => e.seq > 1 && e.seq <= 1001).every((e) => e.action === 'auth.login')).toBe(true);
    expect(kept.filter((e) => e.seq > 1001)).toHaveLength(30); // not yet signed: never archived
    expect(store.db.prepare('SELECT count(*) FROM archived_events').pluck().get()).toBe(800);

    // The hourly counts follow the events; the table holds fewer pages.
    expect(store.db.prepare('SELECT sum(n) FROM event_counts_hourly').pluck().get()).toBe(kept.length);
    expect(store.events.histogram({}, 50).total).toBe(kept.length);
    expect(eventsTablePages(store)).toBeLessThan(pages * 0.5);

    // The file and its manifest: SHA-256 and signature as recorded.
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, manifestFileName('segment-2-1001.jsonl.br')), 'utf8')) as SignedManifest;
    const { signature, ...fields } = manifest;
    expect(parseManifest(manifestText(fields))).toEqual(fields);
    expect(fields).toMatchObject({ format: 'watchdog-archive/1', file: 'segment-2-1001.jsonl.br', firstSeq: 2, lastSeq: 1001, count: 800, keyFingerprint: signer.fingerprint });
    expect(fields.checkpoint.treeSize).toBe(1001);
    expect(await sha256OfFile(path.join(dir, fields.file))).toBe(fields.fileSha256);
    expect(manifestSignatureValid(manifestText(fields), Buffer.from(signature, 'base64'), signer.publicKey, signer.fingerprint)).toBe(true);
    expect(listSegments(store.db)[0]).toMatchObject({ manifest: manifestText(fields), fileSha256: fields.fileSha256, count: 800 });
    expect(result.ratio).toBe(fields.fileBytes / fields.jsonBytes);
    expect(result.ratio).toBeLessThan(0.2);

    // The log verifies across the gap, with and without the archive.
    expect(store.verify()).toMatchObject({ ok: true, summary: 'checkpoints 11/11 valid, events 1,031/1,031 valid (800 in 1 archive, not checked)' });
    expect(store.verify().archives).toEqual({ segments: 1, events: 800, checked: false });
    const checked = await store.verifySteps({ archiveDir: dir });
    expect(checked).toMatchObject({ ok: true, archives: { segments: 1, events: 800, checked: true } });
    expect(checked.ranges[1]?.message).toBe('Events 2–101 verify and match checkpoint #2 (80 of them archived).');

    // Read back from the archive: the same events, field for field.
    const read = await queryArchives(store.db, dir, {}, 10_000);
    expect(read).toMatchObject({ segmentsRead: 1, scanned: 800 });
    expect(read.events).toHaveLength(800);
    for (const e of read.events) expect(e).toEqual(before.get(e.seq));
  });

  it('archives again only what has expired since, in segments that may interleave with earlier ones', async () => {
    fill();
    await store.archive({ dir, now: JUNE });
    expect((await store.archive({ dir, now: JUNE })).events).toBe(0);
    // A year on, the security events go too; key events never do.
    const later = await store.archive({ dir, now: new Date('2027-02-01T00:00:00Z') });
    expect(later).toMatchObject({ events: 200, segments: [expect.objectContaining({ id: 2, firstSeq: 5, lastSeq: 1000, count: 200 })] });
    expect(all(store)).toEqual([1]);
    // Read beside the open store, as the app's verifier does.
    const report = await verifyLogFile(file, { key: KEY, archiveDir: dir, workers: 2 });
    expect(report).toMatchObject({ ok: true, summary: 'checkpoints 11/11 valid, events 1,001/1,001 valid (1,000 in 2 archives, checked)' });
  });

  it('keeps the head, the tree and the writer going when the newest events were archived', async () => {
    fill();
    await store.archive({ dir, now: new Date('2030-01-01T00:00:00Z') });
    const head = store.log.chainHead;
    const root = store.log.treeRoot;
    store.close();
    // Reopened: the head and the tree come back from the tombstones.
    store = AuditStore.open(file, { key: KEY, signer: { key: signer, store: 'S001' } });
    expect(store.log.chainHead).toEqual(head);
    expect(store.log.treeRoot).toEqual(root);
    expect(store.db.prepare('SELECT max(seq) FROM events').pluck().get()).toBe(1);
    store.append(sampleBatch(2000, 150));
    expect(store.log.chainHead.seq).toBe(1151);
    expect(store.verify()).toMatchObject({ ok: true });
    expect((await store.verifySteps({ archiveDir: dir })).ok).toBe(true);
  });

  it('is read by the timeline through events.archived, with progress, and counted in the summary', async () => {
    fill();
    const before = store.events.page({ action: 'pos.refund' }, null, 500).events;
    const appDir = defaultArchiveDir(file);
    await store.archive({ dir: appDir, now: JUNE, maxPerSegment: 300 });
    expect(store.events.summary()).toMatchObject({ events: 201, archived: 800, lastSeq: 1001 });
    const bus = new EventBus();
    const progress: PushedPayload<'job.progress'>[] = [];
    bus.subscribe((event, payload) => {
      if (event === 'job.progress') progress.push(payload as PushedPayload<'job.progress'>);
    });
    const handlers = createHandlers({ store, bus, host: 'cli', version: 'test', accounts: createAccounts(store), recoveryKey: { value: null, shown: async () => {} }, documents: () => Promise.reject(new Error('not used')), terminals: new Terminals(store), terminalApiStatus: () => ({ state: 'off', url: null, error: null, fingerprint: null, fixed: false }), terminalApiRetry: () => Promise.reject(new Error('not used')), imports: null as never, detection: { alerts: new AlertStore(store.db) } as never, forecasts: null as never });
    const call = handlers['events.archived'] as (input: { filter: EventFilter; limit: number }) => Promise<ChannelOutput<'events.archived'>>;
    const found = await call({ filter: { action: 'pos.refund' }, limit: 150 });
    expect(found).toMatchObject({ more: true, segments: 3, segmentsRead: 3, scanned: 800 });
    expect(found.events).toHaveLength(150);
    // As they were in the database, newest first.
    expect(found.events).toEqual(before.slice(0, 150));
    expect(progress.map((p) => [p.kind, p.done, p.total, p.finished])).toEqual([
      ['archives', 0, 3, false], ['archives', 1, 3, false], ['archives', 2, 3, false], ['archives', 3, 3, false], ['archives', 3, 3, true],
    ]);
    // A time filter skips the segments outside it unread.
    const first = await call({ filter: { to: before.at(-1)?.ts }, limit: 10 });
    expect(first.segmentsRead).toBe(1);
    // One archived event by seq (the timeline's drawer), flagged as read from its archive.
    const get = handlers['events.get'] as (input: { seq: number }) => Promise<ChannelOutput<'events.get'>>;
    const refund = before[0] as StoredEvent;
    expect(await get({ seq: refund.seq })).toEqual({ ...refund, archived: true });
    await expect(get({ seq: 5000 })).rejects.toThrow('There is no event #5000.');
    // A missing segment is an error that says which, not an empty answer.
    fs.rmSync(path.join(appDir, listSegments(store.db)[0]?.file as string));
    await expect(call({ filter: {}, limit: 10 })).rejects.toThrow(/Archive segment #1 .* is missing/);
  });

  it('honours category rules and the segment size', async () => {
    fill();
    setPolicy(store, 'pos', 730); // seq 1002, a config.change event
    store.log.checkpoint('demand');
    const result = await store.archive({ dir, now: JUNE, maxPerSegment: 150 });
    // Only cash.drawer_open events (category cash, standard) have expired: 200 of them, in two segments.
    expect(result.events).toBe(200);
    expect(result.segments.map((s) => s.count)).toEqual([150, 50]);
    expect(new Set(store.db.prepare('SELECT DISTINCT action FROM events').pluck().all())).toEqual(
      new Set([KEY_ACTION, 'pos.sale', 'pos.void', 'pos.refund', 'auth.login', 'config.change']),
    );
    expect((await store.verifySteps({ archiveDir: dir })).ok).toBe(true);
  });

  it('refuses to archive past a checkpoint that does not verify, or events that do not', async () => {
    fill();
    store.db.exec("DROP TRIGGER events_append_only_update; UPDATE events SET user_id = 'u-x' WHERE seq = 502");
    await expect(store.archive({ dir, now: JUNE })).rejects.toThrow(/Event #502 does not verify, so nothing was archived/);
    expect(store.db.prepare('SELECT count(*) FROM archived_events').pluck().get()).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);
    // A checkpoint signed by a key the log never introduced: not one to archive against.
    store.log.checkpoint('demand', newSigningKey());
    await expect(store.archive({ dir, now: JUNE })).rejects.toThrow(/latest checkpoint \(#12\) does not verify/);
  });

  it('needs a signing key the log introduced', async () => {
    fill();
    await expect(store.archive({ dir, now: JUNE, signer: newSigningKey() })).rejects.toThrow(/never introduced by this log/);
    store.close();
    store = AuditStore.open(file, { key: KEY });
    await expect(store.archive({ dir, now: JUNE })).rejects.toThrow(/signing key/);
  });
});

describe('the compression ratio on demo events', () => {
  it('stays at or under 20 % of the events’ JSON', async () => {
    const { loadDemo } = await import('../demo/load');
    await loadDemo(store, { days: 14, stores: 2, seed: 7, end: new Date('2026-02-01T00:00:00Z') });
    store.log.checkpoint('demand');
    const result = await store.archive({ dir, now: new Date('2027-06-01T00:00:00Z') });
    expect(result.events).toBeGreaterThan(10_000);
    // Measured: 11.8 % (Brotli quality 4), about 99 bytes an event of 833.
    console.info(`demo: ${result.events} events, ${result.jsonBytes} JSON bytes → ${result.fileBytes} archive bytes: ${(100 * (result.ratio ?? 1)).toFixed(1)} %`);
    expect(result.ratio).toBeLessThanOrEqual(0.2);
    expect((await store.verifySteps({ archiveDir: dir })).ok).toBe(true);
  });
});

describe('the daily retention timer', () => {
  it('archives a little after opening, then stops and waits for a run in progress', async () => {
    const { startRetentionTimer } = await import('./timer');
    fill();
    const archived = new Promise<number>((resolve) => {
      const stop = startRetentionTimer(store, { dir, firstAfterMinutes: 0, now: () => JUNE, onArchived: (r) => void stop().then(() => resolve(r.events)) });
    });
    expect(await archived).toBe(800);
    expect(listSegments(store.db)).toHaveLength(1);
  });
});

describe('a segment line', () => {
  it('is JSON.stringify of the stored row, byte for byte, whatever its text holds', async () => {
    const { sampleEvent, normalized } = await import('../store/test-helpers');
    const odd = ['"quoted" \\ back', '\u0000\u001f\u007f', '\u2028\u2029', '😀 é ß', '\b\f\n\r\t', '</script>', "it's"];
    store.append(normalized(odd.map((text, i) => sampleEvent(i, { action: 'pos.note', user_id: text, resource_id: text, error_details: text, user_agent: text, details: { note: text, nested: [text, { [text]: 1 }] } }))));
    store.log.checkpoint('demand');
    const { LINE_SQL } = await import('./segment-file');
    const rows = store.db.prepare(`SELECT ${LINE_SQL} AS line, seq, event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id, action, category,
      resource_type, resource_id, status, error_details, level, ip_address, user_agent, amount_minor, currency, details, received_at,
      lower(hex(prev_hash)) AS prev_hash, lower(hex(hash)) AS hash FROM events WHERE action = 'pos.note'`).all() as ({ line: string } & Record<string, unknown>)[];
    expect(rows).toHaveLength(odd.length);
    for (const { line, ...row } of rows) expect(line).toBe(JSON.stringify(row));
    // And they archive and read back as they were.
    const before = rows.map((r) => store.events.get(r.seq as number));
    expect((await store.archive({ dir, now: JUNE })).events).toBe(odd.length);
    expect((await queryArchives(store.db, dir, { action: 'pos.note' }, 100)).events.sort((a, b) => a.seq - b.seq)).toEqual(before);
    expect((await store.verifySteps({ archiveDir: dir })).ok).toBe(true);
  });
});
