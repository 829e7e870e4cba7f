import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type CallContext, type Core } from '..';
import type { PushedName, PushedPayload } from '../../../shared/contract';
import { loginAs } from '../accounts/test-logins';
import { tempDir } from '../store/test-helpers';

let tmp: ReturnType<typeof tempDir>;
let file: string;
let core: Core;
let admin: CallContext;
let pushes: { event: PushedName; payload: unknown }[];

const open = () => {
  core = openCore({ dbPath: file, host: 'web', onInternalError: (_c, e) => console.error(e) });
  pushes = [];
  core.bus.subscribe((event, payload) => pushes.push({ event, payload }));
};
beforeEach(async () => {
  tmp = tempDir();
  file = path.join(tmp.dir, 's.db');
  open();
  admin = await loginAs(core, 'admin');
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

const call = async (channel: string, input: unknown, ctx = admin) => core.router.invoke(ctx, channel, input);
const value = async <T = never>(channel: string, input: unknown, ctx = admin): Promise<T> => {
  const result = await call(channel, input, ctx);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
};
/** Lets RxDB's query observables run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const configChanges = () => core.store.events.page({ action: 'config.change' }, null, 100).events;

describe('settings as documents', () => {
  it('reads the engine’s values (the defaults) with no document yet', async () => {
    const view = await value('settings.get', {});
    expect(view).toEqual({
      values: {
        retention: { standardDays: 90, securityDays: 365 },
        checkpoints: { everyEvents: 10_000, minutes: 15 },
        sessions: { idleMinutes: 30, absoluteHours: 8, maxPerUser: 5 },
        terminalApi: { enabled: false, host: '127.0.0.1', port: 8787, tls: false },
      },
      changed: { retention: null, checkpoints: null, sessions: null, terminalApi: null },
    });
  });

  it('applies a change to the engine, stamps the document, records it and pushes the new view', async () => {
    await value('settings.get', {});
    await settle();
    const view: PushedPayload<'settings.changed'> = await value('settings.set', { retention: { standardDays: 120 }, sessions: { idleMinutes: 10 }, terminalApi: { enabled: true, host: '0.0.0.0' } });
    expect(view.values.retention).toEqual({ standardDays: 120, securityDays: 365 });
    expect(view.values.terminalApi).toEqual({ enabled: true, host: '0.0.0.0', port: 8787, tls: false });
    expect(view.changed.retention).toEqual({ by: 'admin', at: expect.stringMatching(/^\d{4}-.*Z$/) });
    expect(view.changed.checkpoints).toBeNull();
    // The engine follows: the retention job and every session check read these.
    expect(core.accounts.sessions.table.limits().idleMinutes).toBe(10);
    expect(core.store.db.prepare("SELECT days FROM retention_policies WHERE name = 'standard'").pluck().get()).toBe(120);
    const recorded = configChanges().map((e) => [e.user_id, e.resource_id, e.details]);
    expect(recorded).toEqual(
      expect.arrayContaining([
        ['admin', 'standard', expect.objectContaining({ days: 120, previous: 90 })],
        ['admin', 'session_limits', expect.objectContaining({ value: { idleMinutes: 10, absoluteHours: 8, maxPerUser: 5 } })],
        ['admin', 'terminal_api', expect.objectContaining({ value: { enabled: true, host: '0.0.0.0', port: 8787, tls: false } })],
      ]),
    );
    // Three changes (the security days stayed as they were); the fourth is first-run setup's store name.
    expect(recorded.filter(([, id]) => id !== 'store_name')).toHaveLength(3);
    await settle();
    const pushed = pushes.filter((p) => p.event === 'settings.changed').map((p) => p.payload as PushedPayload<'settings.changed'>);
    expect(pushed.length).toBeGreaterThan(0);
    expect(pushed.at(-1)).toEqual(view);
  });

  it('refuses an invalid value with its field and changes nothing of the request', async () => {
    const before = core.store.log.chainHead.seq;
    const result = await call('settings.set', { retention: { standardDays: 120 }, checkpoints: { minutes: 0 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'checkpoints.minutes' }] } });
    const view: PushedPayload<'settings.changed'> = await value('settings.get', {});
    expect(view.values.retention.standardDays).toBe(90);
    expect(core.store.log.chainHead.seq).toBe(before);
    expect(await call('settings.set', { terminalApi: { host: 'not an address' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'terminalApi.host' }] } });
  });

  it('lets only settings:write change settings; everyone logged in reads them', async () => {
    const clerk = await loginAs(core, 'clerk');
    expect(await call('settings.get', {}, clerk)).toMatchObject({ ok: true });
    expect(await call('settings.set', { sessions: { idleMinutes: 5 } }, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(core.accounts.sessions.table.limits().idleMinutes).toBe(30);
  });

  it('keeps the documents across a restart, and the document wins over a stale engine copy', async () => {
    await value('settings.set', { checkpoints: { everyEvents: 500, minutes: 5 }, terminalApi: { port: 9001 } });
    await core.close();
    open();
    // An older tool changed the engine's copy behind the document's back.
    core.store.log.checkpoints.setMinutes(60);
    admin = await loginAs(core, 'admin');
    const view: PushedPayload<'settings.changed'> = await value('settings.get', {});
    expect(view.values.checkpoints).toEqual({ everyEvents: 500, minutes: 5 });
    expect(view.values.terminalApi.port).toBe(9001);
    expect(core.store.log.checkpoints.minutes).toBe(5);
    expect(configChanges()[0]).toMatchObject({ user_id: null, resource_id: 'checkpoint_minutes', details: { value: 5, previous: 60 } });
  });
});

describe('saved views', () => {
  it('saves, lists by name, renames, replaces by name and deletes a user’s own views, and pushes each change to that user', async () => {
    await value('views.list', {});
    await settle();
    const a = await value<{ id: string }>('views.save', { name: 'Refunds', filter: { action: 'pos.refund' } });
    await value('views.save', { name: 'Failed logins', filter: { action: 'auth.login', status: 'failure' } });
    const listed: { name: string }[] = await value('views.list', {});
    expect(listed.map((v) => v.name)).toEqual(['Failed logins', 'Refunds']);
    // The same name (any case) replaces the filter instead of adding a second view.
    await value('views.save', { name: 'refunds', filter: { action: 'pos.refund', store: 'S1' } });
    expect(await value('views.list', {})).toHaveLength(2);
    expect(await call('views.rename', { id: a.id, name: 'Failed logins' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await value('views.rename', { id: a.id, name: 'Store 1 refunds' })).toMatchObject({ name: 'Store 1 refunds', filter: { store: 'S1' } });
    expect(await value('views.delete', { id: a.id })).toEqual({ deleted: true });
    expect((await value<{ name: string }[]>('views.list', {})).map((v) => v.name)).toEqual(['Failed logins']);
    await settle();
    const pushed = pushes.filter((p) => p.event === 'views.changed').map((p) => p.payload as PushedPayload<'views.changed'>);
    expect(pushed.every((p) => p.owner === 'admin')).toBe(true);
    expect(pushed.at(-1)?.views.map((v) => v.name)).toEqual(['Failed logins']);
  });

  it('keeps one user’s views from another, and refuses a bad filter with a clear error', async () => {
    const auditor = await loginAs(core, 'auditor');
    const mine = await value<{ id: string }>('views.save', { name: 'Mine', filter: { user: 'u1' } });
    expect(await value('views.list', {}, auditor)).toEqual([]);
    expect(await call('views.rename', { id: mine.id, name: 'Taken' }, auditor)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('views.delete', { id: mine.id }, auditor)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('views.save', { name: 'Bad', filter: { status: 'maybe' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'filter.status' }] } });
    expect(await call('views.save', { name: '  ', filter: {} })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('needs a name') } });
    const clerk = await loginAs(core, 'clerk');
    expect(await call('views.list', {}, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('survives a restart', async () => {
    await value('views.save', { name: 'Voids', filter: { action: 'pos.void' } });
    await core.close();
    open();
    admin = await loginAs(core, 'admin');
    expect(await value('views.list', {})).toEqual([{ id: expect.any(String), name: 'Voids', filter: { action: 'pos.void' }, updatedAt: expect.any(String) }]);
  });
});
