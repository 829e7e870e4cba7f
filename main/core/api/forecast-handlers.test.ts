import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type CallContext, type Core } from '..';
import { loginAs } from '../accounts/test-logins';
import { tempDir } from '../store/test-helpers';

let tmp: ReturnType<typeof tempDir>;
let core: Core;
let admin: CallContext;
beforeEach(async () => {
  tmp = tempDir();
  core = openCore({ dbPath: path.join(tmp.dir, 'f.db'), host: 'cli', onInternalError: () => {} });
  admin = await loginAs(core, 'admin');
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

const invoke = (ctx: CallContext, channel: string, input: unknown) => core.router.invoke(ctx, channel, input);

describe('forecast channels through the router', () => {
  it('answers a clerk (forecast:read) and refuses a role without it', async () => {
    const clerk = await loginAs(core, 'clerk');
    expect(await invoke(clerk, 'forecast.catalog', {})).toEqual({ ok: true, value: { stores: [], skus: [], categories: [], firstDate: null, lastDate: null, lastRun: null } });
    core.accounts.users.putRole(admin.actor, 'viewer', ['audit:read']);
    const viewer = await loginAs(core, 'viewer');
    for (const channel of ['forecast.catalog', 'forecast.series', 'forecast.atRisk', 'forecast.run']) {
      expect(await invoke(viewer, channel, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('forecast:read') } });
    }
  });

  it('says what to do without sales history, NOT_FOUND for an unknown store or SKU, BAD_INPUT for a horizon not offered', async () => {
    const key = { storeId: 'S1', sku: 'A' };
    expect(await invoke(admin, 'forecast.series', { key })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/import sales .*load the demo/) } });
    expect(await invoke(admin, 'forecast.run', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/import sales/) } });
    core.store.sales.upsertSkus([{ sku: 'A', name: 'Apples', category: 'Fruit', price_minor: 100 }]);
    core.store.sales.upsertDays([{ store_id: 'S1', sku: 'A', date: '2026-02-01', units: 3, revenue_minor: 300 }]);
    expect(await invoke(admin, 'forecast.series', { key: { storeId: 'S2', sku: 'A' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no sales history for store S2.' } });
    expect(await invoke(admin, 'forecast.series', { key: { storeId: 'S1', sku: 'Z' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Store S1 has no sales of SKU Z.' } });
    expect(await invoke(admin, 'forecast.series', { key, horizon: 10 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke(admin, 'forecast.atRisk', {})).toEqual({ ok: true, value: [] });
    expect(await invoke(admin, 'forecast.catalog', {})).toMatchObject({ ok: true, value: { stores: ['S1'], skus: [{ sku: 'A', name: 'Apples', category: 'Fruit' }], categories: ['Fruit'], firstDate: '2026-02-01', lastDate: '2026-02-01' } });
  });
});
