import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type CallContext, type Core } from '..';
import { loginAs } from '../accounts/test-logins';
import { mayReceive } from './router';
import { sampleEvent, tempDir } from '../store/test-helpers';

let tmp: ReturnType<typeof tempDir>;
let core: Core;
let ctx: CallContext;
beforeEach(async () => {
  tmp = tempDir();
  core = openCore({ dbPath: path.join(tmp.dir, 'r.db'), host: 'cli', onInternalError: () => {} });
  ctx = await loginAs(core, 'admin');
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

const invoke = (channel: unknown, input: unknown, context = ctx) => core.router.invoke(context, channel, input);

describe('router', () => {
  it('answers an unknown channel with UNKNOWN_CHANNEL', async () => {
    expect(await invoke('events.drop', {})).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'There is no channel named "events.drop".' } });
    expect(await invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses a caller without the channel permission before touching input, and records the refusal', async () => {
    const clerk = await loginAs(core, 'clerk');
    const before = core.store.log.chainHead.seq;
    expect(await invoke('events.query', { nonsense: true }, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('audit:read') } });
    expect(await invoke('app.info', {}, clerk)).toMatchObject({ ok: true });
    const refusal = core.store.events.get(before + 1);
    expect(refusal).toMatchObject({ action: 'auth.access_denied', status: 'failure', user_id: 'test-clerk', user_role: 'clerk', resource_id: 'events.query' });
    expect(core.store.log.chainHead.seq).toBe(before + 1);
  });

  it('refuses everything but the public channels before login, with UNAUTHENTICATED', async () => {
    const nobody = core.context({ host: 'web', source: '127.0.0.1', token: { get: () => null, set: () => {} } });
    expect(await invoke('app.info', {}, nobody)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await invoke('auth.status', {}, nobody)).toMatchObject({ ok: true, value: { setupNeeded: false, storeName: 'Test store', session: null } });
    expect(core.store.events.get(core.store.log.chainHead.seq)).toMatchObject({ action: 'auth.access_denied', user_id: null, ip_address: '127.0.0.1' });
  });

  it('records every look at the log with the user and the query (a scrolled page continues the first)', async () => {
    const before = core.store.log.chainHead.seq;
    const first = await invoke('events.query', { filter: { user: 'u-104' }, limit: 1 });
    expect(first.ok).toBe(true);
    await invoke('events.query', { filter: { user: 'u-104' }, cursor: '1.1', limit: 1 });
    await invoke('events.histogram', {});
    const views = core.store.events.accessLog(10);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ seq: before + 1, action: 'audit.view', userName: 'admin', role: 'admin', channel: 'events.query' });
    expect(JSON.parse(views[0]?.query as string)).toMatchObject({ filter: { user: 'u-104' }, limit: 1 });
  });

  it('names a wrong-typed field', async () => {
    const result = await invoke('events.query', { limit: 'ten' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'limit' }] } });
  });

  it('rejects a malformed event in a batch with its index and field, and stores none of the batch', async () => {
    const events = [sampleEvent(0), { ...sampleEvent(1), ts: 'yesterday' }, sampleEvent(2), { ...sampleEvent(3), amount_minor: 12.5 }];
    const result = await invoke('events.ingest', { events });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_INPUT');
    expect(result.error.fields).toEqual([
      expect.objectContaining({ index: 1, path: 'ts' }),
      expect.objectContaining({ index: 3, path: 'amount_minor' }),
    ]);
    expect(result.error.message).toMatch(/event 1 ts/);
    expect(core.store.events.page({ action: 'pos.sale' }, null, 10).events).toHaveLength(0);
  });

  it('refuses unknown event fields rather than silently dropping them', async () => {
    const result = await invoke('events.ingest', { events: [{ ...sampleEvent(0), colour: 'red' }] });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [expect.objectContaining({ index: 0 })] } });
  });

  it('rejects an oversized batch as a whole', async () => {
    const events = Array.from({ length: 1001 }, (_, i) => sampleEvent(i));
    expect(await invoke('events.ingest', { events })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('at most 1000') } });
    expect(core.store.events.page({ action: 'pos.sale' }, null, 10).events).toHaveLength(0);
  });

  it('ingests a good batch, normalises it, and pushes events.appended', async () => {
    const pushed: unknown[] = [];
    core.bus.subscribe((event, payload) => pushed.push({ event, payload }));
    const offset = { ...sampleEvent(0), ts: '2026-01-05T10:00:00+01:00', category: undefined };
    const head = core.store.log.chainHead.seq;
    const result = await invoke('events.ingest', { events: [offset, sampleEvent(1)] });
    expect(result).toEqual({ ok: true, value: { accepted: 2, duplicates: [], firstSeq: head + 1, lastSeq: head + 2 } });
    expect(core.store.events.get(head + 1)).toMatchObject({ ts: '2026-01-05T09:00:00.000Z', category: 'pos', level: 'INFO' });
    expect(pushed).toEqual([{ event: 'events.appended', payload: { count: 2, lastSeq: head + 2 } }]);
  });

  it('lets a caller receive a pushed event only with its permission, and nothing before login', async () => {
    const blind = await loginAs(core, 'clerk');
    const progress = { jobId: 'j', kind: 'demo' as const, phase: 'events', done: 1, total: 2, finished: false };
    expect(mayReceive(blind, 'events.appended', { count: 1, lastSeq: 1 })).toBe(false);
    expect(mayReceive(blind, 'job.progress', progress)).toBe(true);
    expect(mayReceive(ctx, 'events.appended', { count: 1, lastSeq: 1 })).toBe(true);
    expect(mayReceive({ ...ctx, session: null }, 'job.progress', progress)).toBe(false);
  });

  it('sends one user’s saved views to that user’s sessions only', async () => {
    const auditor = await loginAs(core, 'auditor');
    const mine = { owner: auditor.actor.userName ?? '', views: [] };
    expect(mayReceive(auditor, 'views.changed', mine)).toBe(true);
    expect(mayReceive(ctx, 'views.changed', mine)).toBe(false);
    expect(mayReceive(ctx, 'views.changed', { owner: ctx.actor.userName ?? '', views: [] })).toBe(true);
  });

  it('answers NOT_FOUND for an event that does not exist', async () => {
    expect(await invoke('events.get', { seq: 99 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('hides internal failures behind INTERNAL and reports them to the host', async () => {
    const seen: string[] = [];
    const other = openCore({ dbPath: path.join(tmp.dir, 'x.db'), host: 'cli', onInternalError: (channel) => seen.push(channel) });
    const otherCtx = await loginAs(other, 'admin');
    other.store.db.close();
    expect(await other.router.invoke(otherCtx, 'events.facets', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(seen).toEqual(['events.facets']);
  });

  it('loads the demo store once, with progress, and refuses a second load', async () => {
    const progress: number[] = [];
    core.bus.subscribe((event, payload) => {
      if (event === 'job.progress' && (payload as { kind: string }).kind === 'demo') progress.push((payload as { done: number }).done);
    });
    const result = await invoke('demo.load', { days: 14, stores: 1, seed: 3, end: '2026-02-01' });
    expect(result).toMatchObject({ ok: true, value: { to: expect.stringMatching(/^2026-01-31T/) } });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await invoke('demo.load', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await invoke('audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
  });
});
