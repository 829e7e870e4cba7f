import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../shared/events';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from '../store/event-rows';
import { importEvents, type ImportOptions, type ImportProgress } from './import-job';
import type { MappingInput } from './mapping';
import { previewImport, previewMapping } from './preview';
import { openTestCore, type TestCore } from './test-core';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/imports/till-export.csv');

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore();
});
afterEach(async () => {
  await t.close();
});

/** The events an import stored: the till's own time range (the log also holds its key, setup and logins). */
const storedBetween = (from: string, to: string): StoredEvent[] =>
  (t.core.store.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, seq`).all(Date.parse(from), Date.parse(to)) as EventRow[]).map(toStoredEvent);
const run = (file: string, options: ImportOptions) => importEvents({ core: t.core, ctx: t.ctx }, file, options);
const write = (name: string, text: string) => {
  const file = path.join(t.dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('importing the till export fixture', () => {
  it('stores the good rows with the right fields and reports exactly the two bad rows, with reasons', async () => {
    const { mapping, mappingProblems } = await previewImport(FIXTURE);
    expect(mappingProblems).toEqual([]);
    const progress: ImportProgress[] = [];
    const errorReport = path.join(t.dir, 'errors.csv');
    const result = await run(FIXTURE, { mapping, errorReport, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ outcome: 'completed', format: 'csv', rowsRead: 40, rowsStored: 38, duplicates: 0, rowsRejected: 2, rowsNotSent: 0, errorCount: 2, errorReport, failure: null });
    expect(result.errors).toEqual([
      { row: 14, field: 'ts', reason: 'Invalid ISO datetime (column Timestamp: "2026-02-30 09:44:29")' },
      { row: 28, field: 'action', reason: 'must be a dotted lower-case verb such as pos.refund (column Type: "Layaway")' },
    ]);
    expect(fs.readFileSync(errorReport, 'utf8')).toBe(
      'row,field,reason\n' +
        '14,ts,"Invalid ISO datetime (column Timestamp: ""2026-02-30 09:44:29"")"\n' +
        '28,action,"must be a dotted lower-case verb such as pos.refund (column Type: ""Layaway"")"\n',
    );
    expect(progress.at(-1)).toEqual({ rowsRead: 40, rowsStored: 38, duplicates: 0, rowsRejected: 2, bytesRead: fs.statSync(FIXTURE).size, totalBytes: fs.statSync(FIXTURE).size });

    const stored = storedBetween('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z');
    expect(stored).toHaveLength(38);
    const refund = stored.find((e) => e.resource_id === '200120');
    expect(refund).toMatchObject({
      ts: '2026-03-02T09:30:02.000Z', store_id: 'S001', terminal_id: 'R2', user_id: 'apatel', action: 'pos.refund', category: 'pos',
      resource_type: 'receipt', status: 'success', level: 'INFO', amount_minor: -1500, currency: 'USD',
      details: { Items: '1', Note: 'Customer said "wrong size", receipt 199870' },
    });
    expect(stored.filter((e) => e.action === 'cash.drawer_open')).toHaveLength(1);
    // The guessed constant resource type (receipt) applies to rows with a receipt number only.
    expect(stored.find((e) => e.action === 'cash.pickup')).toMatchObject({ amount_minor: 25000, resource_id: null, resource_type: null });
    expect(t.core.store.verify()).toMatchObject({ ok: true });
  });

  it('adds nothing when the same file is imported again: every good row is a known event', async () => {
    const { mapping } = await previewImport(FIXTURE);
    await run(FIXTURE, { mapping });
    const again = await run(FIXTURE, { mapping });
    expect(again).toMatchObject({ outcome: 'completed', rowsRead: 40, rowsStored: 0, duplicates: 38, rowsRejected: 2 });
    expect(storedBetween('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toHaveLength(38);
    // Without a path, the report is a temp file holding the same two rows.
    expect(again.errorReport).toMatch(/watchdog-import-errors-[0-9a-f]+\.csv$/);
    expect(fs.readFileSync(again.errorReport as string, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    fs.rmSync(again.errorReport as string);
  });
});

describe('trying a mapping, and many errors', () => {
  it('previews rows exactly as the import stores them, derived ids included', async () => {
    const { mapping } = await previewImport(FIXTURE);
    const rows = await previewMapping(FIXTURE, mapping, { rows: 14 });
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 14 }, (_, i) => i + 2));
    expect(rows.at(-2)).toEqual({ row: 14, event: null, errors: [{ row: 14, field: 'ts', reason: 'Invalid ISO datetime (column Timestamp: "2026-02-30 09:44:29")' }] });
    await run(FIXTURE, { mapping });
    const stored = new Map(storedBetween('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z').map((e) => [e.event_id, e]));
    for (const { event } of rows.filter((r) => r.event)) expect(stored.get(event?.event_id as string)).toMatchObject({ ts: event?.ts, action: event?.action, details: event?.details });
    // An unfinished mapping still previews: what is missing is each row's reason.
    const partial = await previewMapping(FIXTURE, { fields: { ts: { column: 'Timestamp' } } }, { rows: 1 });
    expect(partial[0]?.errors.map((e) => e.field)).toEqual(['store_id', 'action']);
  });

  it('keeps the first errors in memory and writes every one to the report', async () => {
    const lines = ['When,Store,Type', ...Array.from({ length: 300 }, (_, i) => `2026-05-01 10:00:${String(i % 60).padStart(2, '0')},S001,Gift Wrap ${i}`)];
    const errorReport = path.join(t.dir, 'all-errors.csv');
    const result = await run(write('bad.csv', lines.join('\n')), { mapping: { fields: { ts: { column: 'When' }, store_id: { column: 'Store' }, action: { column: 'Type' } } }, errorReport, keepErrors: 5 });
    expect(result).toMatchObject({ rowsRead: 300, rowsRejected: 300, rowsStored: 0, errorCount: 300 });
    expect(result.errors.map((e) => e.row)).toEqual([2, 3, 4, 5, 6]);
    const report = fs.readFileSync(errorReport, 'utf8').trim().split('\n');
    expect(report).toHaveLength(301);
    expect(report.at(-1)).toBe('301,action,"must be a dotted lower-case verb such as pos.refund (column Type: ""Gift Wrap 299"")"');
  });

  it('refuses an error report path it cannot write, before reading', async () => {
    await expect(run(FIXTURE, { mapping: (await previewImport(FIXTURE)).mapping, errorReport: path.join(t.dir, 'no', 'such', 'dir.csv') })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^Cannot write the error report/) });
  });
});

describe('JSON and JSON Lines', () => {
  const events = [
    { event_id: '019cadc7-b3c0-7000-8000-000000000001', occurred: '2026-04-01T10:00:00+02:00', shop: 'S007', kind: 'pos.sale', cents: 1250, ccy: 'EUR', meta: { basket: [1, 2] } },
    { occurred: '2026-04-01T10:05:00+02:00', shop: 'S007', kind: 'pos.refund', cents: -300, ccy: 'EUR', meta: { reason: 'damaged' } },
    { occurred: 'yesterday', shop: 'S007', kind: 'pos.sale', cents: 100, ccy: 'EUR' },
  ];
  const mapping: MappingInput = {
    fields: { event_id: { column: 'event_id' }, ts: { column: 'occurred' }, store_id: { column: 'shop' }, action: { column: 'kind' }, amount_minor: { column: 'cents' }, currency: { column: 'ccy' }, details: { column: 'meta' } },
  };

  it('imports a JSON array and JSON Lines alike: ids kept or derived, typed values, bad items reported by index or line', async () => {
    const json = await run(write('events.json', JSON.stringify(events, null, 2)), { mapping });
    expect(json).toMatchObject({ format: 'json', rowsRead: 3, rowsStored: 2, rowsRejected: 1, errors: [{ row: 3, field: 'ts', reason: 'Invalid ISO datetime (column occurred: "yesterday")' }] });
    const stored = storedBetween('2026-04-01T00:00:00Z', '2026-04-02T00:00:00Z');
    expect(stored.map((e) => [e.ts, e.amount_minor, e.details])).toEqual([
      ['2026-04-01T08:00:00.000Z', 1250, { basket: [1, 2] }],
      ['2026-04-01T08:05:00.000Z', -300, { reason: 'damaged' }],
    ]);
    expect(stored[0]?.event_id).toBe(events[0]?.event_id);
    // The same events as JSON Lines (a blank line between) are the same events: nothing new.
    const lines = await run(write('events.jsonl', events.map((e) => JSON.stringify(e)).join('\n\n')), { mapping });
    expect(lines).toMatchObject({ format: 'jsonl', rowsRead: 3, rowsStored: 0, duplicates: 2, rowsRejected: 1, errors: [{ row: 5, field: 'ts' }] });
  });
});

describe('cancelling and failing', () => {
  const generated = (rows: number) => {
    const lines = ['When,Store,Till,Type,Total,Currency'];
    for (let i = 0; i < rows; i++) lines.push(`${new Date(Date.UTC(2026, 4, 1) + i * 1000).toISOString()},S00${i % 3},T${i % 7},Sale,${(i % 500) + 0.99},USD`);
    return write('large.csv', `${lines.join('\n')}\n`);
  };
  const LARGE_MAPPING: MappingInput = { fields: { ts: { column: 'When' }, store_id: { column: 'Store' }, terminal_id: { column: 'Till' }, action: { column: 'Type' }, amount: { column: 'Total' }, currency: { column: 'Currency' } } };

  it('stops reading at once on cancel, commits the batches already sent, and says what was stored', async () => {
    const file = generated(50_000);
    const controller = new AbortController();
    let batches = 0;
    // Cancelled while the third batch is being handed over: that batch is sent, nothing after it.
    const core = { ingest: (ctx: Parameters<TestCore['core']['ingest']>[0], body: unknown) => (++batches === 3 && controller.abort(), t.core.ingest(ctx, body)) };
    const progress: ImportProgress[] = [];
    const result = await importEvents({ core, ctx: t.ctx }, file, { mapping: LARGE_MAPPING, signal: controller.signal, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ outcome: 'cancelled', rowsRead: 3000, rowsStored: 3000, duplicates: 0, rowsRejected: 0, rowsNotSent: 0, failure: null });
    expect(batches).toBe(3);
    expect(storedBetween('2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z')).toHaveLength(3000);
    // Backpressure: the file was read little beyond the rows taken, not to its end.
    const last = progress.at(-1) as ImportProgress;
    expect(last.bytesRead).toBeLessThan(last.totalBytes / 2);
    // Importing it again adds exactly the rest.
    const rest = await run(file, { mapping: LARGE_MAPPING });
    expect(rest).toMatchObject({ outcome: 'completed', rowsRead: 50_000, rowsStored: 47_000, duplicates: 3000 });
  });

  it('does nothing when cancelled before it starts', async () => {
    const result = await run(FIXTURE, { mapping: (await previewImport(FIXTURE)).mapping, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ outcome: 'cancelled', rowsRead: 0, rowsStored: 0 });
  });

  it('refuses a bad mapping or a missing file before reading, and stops at a column the file lacks', async () => {
    await expect(run(FIXTURE, { mapping: { fields: { ts: { column: 'Timestamp' }, colour: { value: 'red' } } } })).rejects.toMatchObject({
      code: 'BAD_INPUT', fields: [expect.objectContaining({ path: 'fields.colour' }), expect.objectContaining({ path: 'fields.store_id' }), expect.objectContaining({ path: 'fields.action' })],
    });
    await expect(run(path.join(t.dir, 'none.csv'), { mapping: LARGE_MAPPING })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const result = await run(FIXTURE, { mapping: LARGE_MAPPING });
    expect(result).toMatchObject({ outcome: 'failed', rowsRead: 0, rowsStored: 0, failure: { code: 'BAD_INPUT', message: expect.stringMatching(/^The mapping does not fit this file: fields.ts.column: "When" is not a column/) } });
  });

  it('fails without storing when the user may not append', async () => {
    const { loginAs } = await import('../accounts/test-logins');
    const auditor = await loginAs(t.core, 'auditor');
    const result = await importEvents({ core: t.core, ctx: auditor }, FIXTURE, { mapping: (await previewImport(FIXTURE)).mapping });
    expect(result).toMatchObject({ outcome: 'failed', rowsStored: 0, failure: { code: 'FORBIDDEN' } });
    expect(storedBetween('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toHaveLength(0);
  });
});

describe('CSV edge cases end to end', () => {
  it('imports quoted cells, embedded newlines and a BOM, keeping the text exactly', async () => {
    const file = write('notes.csv', '\uFEFFtime;store;event;note\r\n2026-06-01 08:00:00;S001;No Sale;"Two lines:\r\nfirst; second"\r\n2026-06-01 08:01:00;S001;"Drawer Open";"Said ""hi"""\r\n');
    const preview = await previewImport(file);
    expect(preview).toMatchObject({ delimiter: ';', columns: ['time', 'store', 'event', 'note'] });
    const result = await run(file, { mapping: preview.mapping });
    expect(result).toMatchObject({ rowsRead: 2, rowsStored: 2, rowsRejected: 0, errorReport: null });
    expect(storedBetween('2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z').map((e) => [e.action, e.details])).toEqual([
      ['pos.no_sale', { note: 'Two lines:\r\nfirst; second' }],
      ['cash.drawer_open', { note: 'Said "hi"' }],
    ]);
  });
});
