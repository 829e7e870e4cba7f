import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '.';
import { fileKind } from './encryption';
import { sampleBatch, tempDir } from './test-helpers';

/** Strings that sampleBatch puts into events: none may appear in an encrypted file or its WAL. */
const KNOWN_CONTENT = ['Manager override', 'SKU-1001', 'pos.refund', 'u-101', 'R-17', 'cashier'];

function filesOf(file: string): Buffer[] {
  return [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
}

function leaks(file: string): string[] {
  return KNOWN_CONTENT.filter((text) => filesOf(file).some((bytes) => bytes.includes(text)));
}

describe('encryption at rest', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  const key = randomBytes(32);

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = path.join(dir, 'audit.db');
  });
  afterEach(() => cleanup());

  it('creates an encrypted file whose bytes (database and WAL) hold none of the events', () => {
    const store = AuditStore.open(file, { key });
    store.append(sampleBatch(0, 200));
    // While open, recent pages sit in the WAL: it must be encrypted too.
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    expect(leaks(file)).toEqual([]);
    store.close();
    expect(fileKind(file)).toBe('encrypted');
    expect(leaks(file)).toEqual([]);
    expect(store.db.open).toBe(false);

    const again = AuditStore.open(file, { key });
    expect(again.events.page({}, null, 500).events).toHaveLength(200);
    expect(again.verify()).toMatchObject({ ok: true, events: { total: 200, valid: 200 } });
    expect(again.db.pragma('page_size', { simple: true })).toBe(8192);
    again.close();
  });

  it('is unreadable without its key, and a wrong key is named as such', () => {
    AuditStore.open(file, { key }).close();
    expect(() => AuditStore.open(file)).toThrow(/it is encrypted \(it opens only with its key/);
    expect(() => AuditStore.open(file, { key: randomBytes(32) })).toThrow(/database key does not open/);
    expect(() => AuditStore.open(file, { key: randomBytes(16) })).toThrow(/32 bytes/);
    // The sqlite3 shell sees no database either.
    expect(() => execFileSync('sqlite3', [file, 'SELECT count(*) FROM events'], { stdio: 'pipe' })).toThrow(/not a database/);
  });

  it('encrypts a plain database from before in place, keeping every event and the chain', () => {
    const plain = AuditStore.open(file);
    plain.append(sampleBatch(0, 300));
    const head = plain.log.chainHead.hash.toString('hex');
    plain.close();
    expect(fileKind(file)).toBe('plain');
    expect(leaks(file).length).toBeGreaterThan(0);

    const store = AuditStore.open(file, { key });
    expect(fileKind(file)).toBe('encrypted');
    expect(leaks(file)).toEqual([]);
    expect(store.log.chainHead.hash.toString('hex')).toBe(head);
    expect(store.verify()).toMatchObject({ ok: true, events: { total: 300, valid: 300 } });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.append(sampleBatch(300, 10));
    store.close();
    expect(AuditStore.open(file, { key }).verify()).toMatchObject({ ok: true, events: { total: 310, valid: 310 } });
  });

  it('re-keys: the old key stops working, the new one opens everything', () => {
    let store = AuditStore.open(file, { key });
    store.append(sampleBatch(0, 50));
    store.close();
    const next = randomBytes(32);
    AuditStore.rekeyFile(file, key, next);
    expect(fs.existsSync(`${file}.rekey-tmp`)).toBe(false);
    store = AuditStore.open(file, { key: next });
    store.append(sampleBatch(50, 50));
    store.close();
    expect(() => AuditStore.open(file, { key })).toThrow(/database key does not open/);
    const reopened = AuditStore.open(file, { key: next });
    expect(reopened.verify()).toMatchObject({ ok: true, events: { total: 100, valid: 100 } });
    expect(reopened.db.pragma('journal_mode', { simple: true })).toBe('wal');
    reopened.close();
    expect(leaks(file)).toEqual([]);
  });

  it('notices a flipped bit in an encrypted page instead of reading garbage', () => {
    const store = AuditStore.open(file, { key });
    store.append(sampleBatch(0, 400));
    // A page of the events table (the middle of the file may be a page nothing reads).
    const page = store.db.prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 5").pluck().get() as number;
    const pageSize = store.db.pragma('page_size', { simple: true }) as number;
    store.close();
    const bytes = fs.readFileSync(file);
    const offset = (page - 1) * pageSize + Math.floor(pageSize / 2);
    bytes[offset] = (bytes[offset] as number) ^ 0x01;
    fs.writeFileSync(file, bytes);
    // Caught when the damaged page is first read: at open (the tree's settings) or by the verifier.
    const openAndVerify = () => {
      const reopened = AuditStore.open(file, { key });
      try {
        return reopened.verify();
      } finally {
        reopened.close();
      }
    };
    expect(openAndVerify).toThrow(/malformed|corrupt|not a database/i);
  });

  it('opens an encrypted copy read-only with its key (as the verifier does)', () => {
    const store = AuditStore.open(file, { key });
    store.append(sampleBatch(0, 20));
    store.close();
    const reader = AuditStore.open(file, { key, readonly: true, migrate: false });
    expect(reader.verify()).toMatchObject({ ok: true, events: { total: 20, valid: 20 } });
    reader.close();
  });
});
