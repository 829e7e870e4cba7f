import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openCore, type Core } from '../core';
import { sampleEvent, tempDir } from '../core/store/test-helpers';
import { startWebHost, type WebHost } from './server';

let tmp: ReturnType<typeof tempDir>;
let core: Core;
let host: WebHost;
/** The session cookie first-run setup set (as a Cookie header). */
let session = '';
beforeAll(async () => {
  tmp = tempDir();
  const rendererDir = path.join(tmp.dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Watchdog</title>');
  core = openCore({ dbPath: path.join(tmp.dir, 'w.db'), host: 'web' });
  host = await startWebHost({ core, rendererDir });
  const setup = await invoke({ channel: 'auth.setup', input: { storeName: 'Web test', name: 'admin', displayName: 'Admin', password: 'test password 123' } });
  expect(await setup.json()).toMatchObject({ ok: true, value: { session: { userName: 'admin' } } });
  session = cookiesOf(setup);
});

/** Set-Cookie → Cookie: name=value pairs. */
function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
afterAll(async () => {
  await host.close();
  await core.close();
  tmp.cleanup();
});

const invoke = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, cookie: session, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser host', () => {
  it('binds to loopback and prints a URL with the per-launch token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the renderer with a strict CSP and no referrer', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sets the session as an httpOnly, SameSite=Strict cookie for the API only, and ends it on logout', async () => {
    const login = await invoke({ channel: 'auth.login', input: { name: 'admin', password: 'test password 123' } }, { cookie: '' });
    const cookie = login.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^wd_session=[A-Za-z0-9_-]{43}; Path=\/api; HttpOnly; SameSite=Strict$/);
    const mine = cookiesOf(login);
    expect(await (await invoke({ channel: 'app.info', input: {} }, { cookie: mine })).json()).toMatchObject({ ok: true });
    const logout = await invoke({ channel: 'auth.logout', input: {} }, { cookie: mine });
    expect(logout.headers.getSetCookie()[0]).toMatch(/^wd_session=; .*Expires=Thu, 01 Jan 1970/);
    expect(await (await invoke({ channel: 'app.info', input: {} }, { cookie: mine })).json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await (await invoke({ channel: 'app.info', input: {} }, { cookie: '' })).json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('exchanges the launch token for an httpOnly cookie once, and takes it out of the address', async () => {
    const launch = await fetch(host.url, { redirect: 'manual' });
    expect(launch.status).toBe(303);
    expect(launch.headers.get('location')).toBe('/');
    const cookie = launch.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^wd_launch=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    // The cookie admits the browser to the API instead of the token.
    const admitted = await invoke({ channel: 'auth.status', input: {} }, { authorization: '', cookie: cookiesOf(launch) });
    expect(admitted.status).toBe(200);
    // A wrong token sets nothing and still leaves the address bar.
    const wrong = await fetch(`${host.origin}/?token=nope`, { redirect: 'manual' });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('runs the router: a good call and a contract error, both as Results', async () => {
    expect(await (await invoke({ channel: 'app.info', input: {} })).json()).toMatchObject({ ok: true, value: { host: 'web' } });
    expect(await (await invoke({ channel: 'nope', input: {} })).json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses a missing or wrong token, another origin and a rebinding Host', async () => {
    expect((await invoke({ channel: 'app.info', input: {} }, { authorization: '' })).status).toBe(401);
    expect((await invoke({ channel: 'app.info', input: {} }, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await invoke({ channel: 'app.info', input: {} }, { origin: 'https://evil.example' })).status).toBe(403);
    // fetch will not forge a Host header; a DNS-rebinding page's request carries its own host name.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${host.origin}/api/invoke`, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json', authorization: `Bearer ${host.token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"channel":"app.info","input":{}}');
    });
    expect(rebound).toBe(421);
  });

  it('answers malformed JSON, a non-JSON content type and a non-object body with 4xx and a reason', async () => {
    const bad = await invoke('{"channel": ');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect((await invoke('x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await invoke('[1,2]')).status).toBe(400);
  });

  it('pushes events over the WebSocket to a logged-in client holding the launch cookie, and refuses one without', async () => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/api/events`, { headers: { cookie: `wd_launch=${host.token}; ${session}` } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const message = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    const ingested = (await (await invoke({ channel: 'events.ingest', input: { events: [sampleEvent(1)] } })).json()) as { value: { lastSeq: number } };
    expect(await message).toEqual({ event: 'events.appended', payload: { count: 1, lastSeq: ingested.value.lastSeq } });
    ws.terminate();
    const denied = new WebSocket(`${host.origin.replace('http', 'ws')}/api/events`);
    const status = await new Promise((resolve) =>
      denied
        .once('unexpected-response', (req, res) => {
          resolve(res.statusCode);
          req.destroy();
        })
        .once('error', () => resolve('error')),
    );
    expect(status).toBe(401);
  });
});
