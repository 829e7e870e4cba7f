import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../store/test-helpers';
import { signRequest } from './keys';
import { startTestApi, TEST_ADMIN_ACTOR, type TestApi } from './test-api';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi({ perTerminal: { perSecond: 1_000, burst: 1_000 } });
});
afterEach(async () => {
  await api.close();
});

const stored = () => api.core.store.events.summary().events;
const event = (i: number, overrides = {}) => ({ ...sampleEvent(i), terminal_id: undefined, ...overrides });

describe('the terminal ingest API', () => {
  it('answers health without a key, and stores one signed event in the terminal’s name', async () => {
    const health = await fetch(`${api.server.url}/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, status: 'ok' });
    const till = api.terminal('Till 1', 'S009');
    const before = stored();
    const answer = await api.post(till, JSON.stringify(event(1, { store_id: undefined })));
    expect(answer).toMatchObject({ status: 200, json: { ok: true, accepted: 1, duplicates: [] } });
    expect(stored()).toBe(before + 1);
    const saved = api.core.store.events.get(answer.json.lastSeq as number);
    expect(saved).toMatchObject({ terminal_id: 'Till 1', store_id: 'S009', action: sampleEvent(1).action });
    api.core.terminals.flushSeen();
    expect(api.core.terminals.list()[0]).toMatchObject({ name: 'Till 1', lastSeenAt: expect.any(String), clockSkewMs: expect.any(Number) });
  });

  it('takes a batch all or nothing, with a reason per bad event', async () => {
    const till = api.terminal('Till 2');
    const before = stored();
    const bad = await api.post(till, JSON.stringify({ events: [event(1), event(2, { ts: 'yesterday' }), event(3, { terminal_id: 'Till 9' })] }));
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ index: 2, path: 'terminal_id' }] } });
    const invalid = await api.post(till, JSON.stringify([event(1), event(2, { ts: 'yesterday' })]));
    expect(invalid.json).toMatchObject({ error: { fields: [{ index: 1, path: 'ts' }] } });
    expect(stored()).toBe(before);
    const good = await api.post(till, JSON.stringify({ events: [event(1), event(2), event(3)] }));
    expect(good.json).toMatchObject({ accepted: 3 });
    // A retry of the same events (signed anew) is acknowledged and stores nothing twice.
    const retry = await api.post(till, JSON.stringify({ events: [event(1), event(2), event(3)] }));
    expect(retry.json).toMatchObject({ accepted: 0, duplicates: [event(1).event_id, event(2).event_id, event(3).event_id] });
    expect(stored()).toBe(before + 3);
  });

  it('refuses unsigned, forged, stale, replayed and revoked requests with 401 and a reason', async () => {
    const till = api.terminal('Till 3');
    const body = JSON.stringify(event(5));
    const url = `${api.server.url}/v1/events`;
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { message: string } }).error.message).toMatch(/Sign the request/);
    const forged = await api.post(till, body, { 'x-watchdog-signature': 'A'.repeat(86) });
    expect(forged).toMatchObject({ status: 401, json: { error: { message: expect.stringMatching(/signature does not match/) } } });
    const stale = await api.post(till, body, signRequest(till, 'POST', '/v1/events', body, Date.now() - 10 * 60_000));
    expect(stale).toMatchObject({ status: 401, json: { error: { message: expect.stringMatching(/behind this computer's clock/) } } });
    // The same signed request twice: the second is a replay.
    const headers = { 'content-type': 'application/json', ...signRequest(till, 'POST', '/v1/events', body) };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(200);
    const replay = await fetch(url, { method: 'POST', headers, body });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(/replay/);
    api.core.terminals.revoke(TEST_ADMIN_ACTOR, till.terminalId);
    expect(await api.post(till, JSON.stringify(event(6)))).toMatchObject({ status: 401, json: { error: { message: expect.stringMatching(/revoked/) } } });
    const actions = api.core.store.events.page({ action: 'terminal.revoke' }, null, 10).events;
    expect(actions).toHaveLength(1);
  });

  it('refuses bodies that are too large or not JSON, and unknown paths, with 4xx', async () => {
    const till = api.terminal('Till 4');
    const huge = JSON.stringify({ events: Array.from({ length: 1001 }, (_, i) => event(i)) });
    const tooMany = await api.post(till, huge);
    expect(tooMany).toMatchObject({ status: 400, json: { error: { message: expect.stringMatching(/at most 1000 events/) } } });
    const oversized = await api.post(till, `{"events":[${'1,'.repeat(3 * 1024 * 1024)}1]}`);
    expect(oversized).toMatchObject({ status: 413, json: { ok: false, error: { message: expect.stringMatching(/larger than/) } } });
    const text = await fetch(`${api.server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', ...signRequest(till, 'POST', '/v1/events', 'x') }, body: 'x' });
    expect(text.status).toBe(415);
    expect((await fetch(`${api.server.url}/v2/anything`)).status).toBe(404);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a terminal spends its burst', async () => {
    const own = await startTestApi({ perTerminal: { perSecond: 0.5, burst: 2 } });
    try {
      const till = own.terminal('Till 5');
      expect((await own.post(till, JSON.stringify(event(1)))).status).toBe(200);
      expect((await own.post(till, JSON.stringify(event(2)))).status).toBe(200);
      const limited = await own.post(till, JSON.stringify(event(3)));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.json).toMatchObject({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/Till 5/) } });
      // Another terminal is not held back by this one.
      expect((await own.post(own.terminal('Till 6'), JSON.stringify(event(4)))).status).toBe(200);
    } finally {
      await own.close();
    }
  });
});
