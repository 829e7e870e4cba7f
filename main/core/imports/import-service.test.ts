import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, ImportJobView, Result } from '../../../shared/contract';
import { openTestCore, type TestCore } from './test-core';
import { Uploads } from './uploads';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/imports/till-export.csv');

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore();
});
afterEach(async () => {
  await t.close();
});

async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  return (await t.core.router.invoke(t.ctx, channel, input)) as Result<ChannelOutput<C>>;
}
async function ok<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await call(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Sends a file the way the wizard does: chunks of `chunk` bytes, each at the offset reached. */
async function upload(file: string, chunk = 700): Promise<string> {
  const bytes = fs.readFileSync(file);
  let uploadId: string | null = null;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    ({ uploadId } = await ok('imports.upload', { uploadId, fileName: path.basename(file), offset, data: bytes.subarray(offset, offset + chunk).toString('base64') }));
  }
  return uploadId as string;
}

/** The job's pushes until it ends. */
function pushesUntilEnd(jobState: () => void = () => {}): Promise<ImportJobView[]> {
  const seen: ImportJobView[] = [];
  return new Promise((resolve) => {
    const unsubscribe = t.core.bus.subscribe((event, payload) => {
      if (event !== 'imports.job') return;
      const view = payload as ImportJobView;
      seen.push(view);
      jobState();
      if (view.state !== 'running') {
        unsubscribe();
        resolve(seen);
      }
    });
  });
}

describe('the import wizard’s channels', () => {
  it('upload, preview, trial, import with pushed progress, the error report, and a data.import event', async () => {
    const uploadId = await upload(FIXTURE);
    const preview = await ok('imports.preview', { uploadId, kind: 'events', format: null, rows: 20 });
    expect(preview).toMatchObject({ fileName: 'till-export.csv', format: 'csv', remembered: null, mappingProblems: [], totalBytes: fs.statSync(FIXTURE).size });
    expect(preview.columns).toEqual(['Timestamp', 'Store', 'Register', 'Cashier', 'Type', 'Receipt', 'Amount', 'Currency', 'Items', 'Note']);
    expect(preview.fields.filter((f) => f.required).map((f) => f.name)).toEqual(['ts', 'store_id', 'action']);

    const trial = await ok('imports.tryMapping', { uploadId, kind: 'events', format: null, mapping: preview.mapping, rows: 20 });
    expect(trial.problems).toEqual([]);
    expect(trial.rows).toHaveLength(20);
    expect(trial.rows.find((r) => r.row === 14)).toMatchObject({ values: null, errors: [{ row: 14, field: 'ts' }] });
    expect(trial.rows.find((r) => r.row === 4)?.values).toMatchObject({ ts: '2026-03-02T09:01:12.000Z', action: 'pos.sale', amount_minor: '1249', currency: 'USD' });

    const ended = pushesUntilEnd();
    const started = await ok('imports.start', { uploadId, kind: 'events', format: null, mapping: preview.mapping, source: 'Till export' });
    expect(started.state).toBe('running');
    const pushes = await ended;
    const last = pushes.at(-1) as ImportJobView;
    expect(last).toMatchObject({ state: 'completed', owner: 'admin', progress: { rowsRead: 40, rowsStored: 38, rowsRejected: 2, duplicates: 0 } });
    expect(last.result).toMatchObject({ errorCount: 2, hasErrorReport: true, failure: null, history: null });
    expect(await ok('imports.job', { jobId: started.jobId })).toEqual(last);

    const report = await ok('imports.errorReport', { jobId: started.jobId });
    expect(report.fileName).toBe('till-export-import-errors.csv');
    expect(report.content.trim().split('\n').slice(1).map((line) => line.split(',')[0])).toEqual(['14', '28']);

    const record = t.core.store.db.prepare("SELECT user_id, resource_id, status, details FROM events WHERE action = 'data.import'").all() as { user_id: string; resource_id: string; status: string; details: string }[];
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({ user_id: 'admin', resource_id: 'till-export.csv', status: 'success' });
    expect(JSON.parse(record[0]?.details ?? '{}')).toMatchObject({ kind: 'events', format: 'csv', outcome: 'completed', source: 'Till export', rows_read: 40, rows_stored: 38, rows_rejected: 2 });

    // A completed import's upload is deleted.
    expect(await call('imports.preview', { uploadId, kind: 'events', format: null, rows: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('remembers the mapping per source: the next file with the same columns gets it back', async () => {
    const first = await upload(FIXTURE);
    const guessed = (await ok('imports.preview', { uploadId: first, kind: 'events', format: null, rows: 5 })).mapping;
    const edited = { ...guessed, details: ['Note'] };
    const ended = pushesUntilEnd();
    await ok('imports.start', { uploadId: first, kind: 'events', format: null, mapping: edited, source: 'Till export' });
    await ended;

    const second = await upload(FIXTURE, 4096);
    const again = await ok('imports.preview', { uploadId: second, kind: 'events', format: null, rows: 5 });
    expect(again.remembered).toMatchObject({ name: 'Till export', updatedBy: 'admin' });
    expect(again.mapping.details).toEqual(['Note']);
    // Not for another kind of import.
    expect((await ok('imports.preview', { uploadId: second, kind: 'sales', format: null, rows: 5 })).remembered).toBeNull();
    // Importing it again stores nothing twice.
    const done = pushesUntilEnd();
    await ok('imports.start', { uploadId: second, kind: 'events', format: null, mapping: again.mapping, source: null });
    expect((await done).at(-1)?.progress).toMatchObject({ rowsStored: 0, duplicates: 38, rowsRejected: 2 });
  });

  it('refuses a chunk that does not follow on, a mapping that cannot work, and an unknown job', async () => {
    const bytes = fs.readFileSync(FIXTURE);
    const { uploadId } = await ok('imports.upload', { uploadId: null, fileName: 'till-export.csv', offset: 0, data: bytes.subarray(0, 100).toString('base64') });
    expect(await call('imports.upload', { uploadId, fileName: 'till-export.csv', offset: 50, data: bytes.subarray(50, 100).toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('has 100 bytes') },
    });
    await ok('imports.upload', { uploadId, fileName: 'till-export.csv', offset: 100, data: bytes.subarray(100).toString('base64') });
    const preview = await ok('imports.preview', { uploadId, kind: 'events', format: null, rows: 5 });
    const { store_id: _dropped, ...fields } = preview.mapping.fields;
    const refused = await call('imports.start', { uploadId, kind: 'events', format: null, mapping: { ...preview.mapping, fields }, source: null });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'fields.store_id' }] } });
    expect(await call('imports.job', { jobId: 'nosuchjob123' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ok('imports.discard', { uploadId })).toEqual({ discarded: true });
    expect(await ok('imports.discard', { uploadId })).toEqual({ discarded: false });
  });

  it('cancels a running import: what was sent stays, the rest is not stored, and the log says so', async () => {
    const big = path.join(t.dir, 'big.csv');
    const lines = ['Timestamp,Store,Type,Receipt'];
    for (let i = 0; i < 60_000; i++) lines.push(`${new Date(Date.UTC(2026, 5, 1) + i * 1000).toISOString()},S002,Sale,${i}`);
    fs.writeFileSync(big, `${lines.join('\n')}\n`);
    const uploadId = await upload(big, 1024 * 1024);
    const preview = await ok('imports.preview', { uploadId, kind: 'events', format: null, rows: 5 });
    let cancelled = false;
    let jobId = '';
    const ended = pushesUntilEnd(() => {
      if (!cancelled && jobId) {
        cancelled = true;
        void ok('imports.cancel', { jobId });
      }
    });
    jobId = (await ok('imports.start', { uploadId, kind: 'events', format: null, mapping: preview.mapping, source: null })).jobId;
    const last = (await ended).at(-1) as ImportJobView;
    expect(last.state).toBe('cancelled');
    expect(last.progress.rowsStored).toBeLessThan(60_000);
    const stored = (t.core.store.db.prepare("SELECT count(*) AS n FROM events WHERE store_id = 'S002' AND action = 'pos.sale'").get() as { n: number }).n;
    expect(stored).toBe(last.progress.rowsStored);
    const details = t.core.store.db.prepare("SELECT details FROM events WHERE action = 'data.import'").get() as { details: string };
    expect(JSON.parse(details.details)).toMatchObject({ outcome: 'cancelled', rows_stored: stored });
    // A cancelled import's upload stays, to try again.
    expect((await ok('imports.preview', { uploadId, kind: 'events', format: null, rows: 1 })).fileName).toBe('big.csv');
  });
});

describe('uploads', () => {
  it('belong to their owner, and an idle one is deleted', () => {
    let now = 0;
    const uploads = new Uploads(() => now);
    try {
      const mine = uploads.append('ann', { uploadId: null, fileName: 'x.csv', offset: 0, data: Buffer.from('a,b\n1,2\n').toString('base64') });
      expect(fs.readFileSync(mine.path, 'utf8')).toBe('a,b\n1,2\n');
      expect(path.extname(mine.path)).toBe('.csv');
      expect(() => uploads.get('bob', mine.id)).toThrow(/gone/);
      expect(uploads.discard('bob', mine.id)).toBe(false);
      now = 61 * 60 * 1000;
      uploads.append('bob', { uploadId: null, fileName: '../../etc/passwd', offset: 0, data: '' });
      expect(() => uploads.get('ann', mine.id)).toThrow(/gone/);
      expect(fs.existsSync(mine.path)).toBe(false);
    } finally {
      uploads.close();
    }
  });
});
