import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type CallContext, type Core } from '..';
import type { PushedPayload } from '../../../shared/contract';
import { loginAs } from '../accounts/test-logins';
import { newSigningKey } from '../integrity/checkpoint';
import { AuditStore } from '../store';
import { tempDir } from '../store/test-helpers';
import { TEST_DB_KEY } from './test-api';

let tmp: ReturnType<typeof tempDir>;
let core: Core;
let admin: CallContext;
let statuses: PushedPayload<'terminals.apiStatus'>[];
beforeEach(async () => {
  tmp = tempDir();
  const file = path.join(tmp.dir, 'api.db');
  core = openCore({ dbPath: file, host: 'web', store: AuditStore.open(file, { key: TEST_DB_KEY, signer: { key: newSigningKey(), store: 'S001' } }), onInternalError: () => {} });
  admin = await loginAs(core, 'admin');
  statuses = [];
  core.bus.subscribe((event, payload) => {
    if (event === 'terminals.apiStatus') statuses.push(payload as PushedPayload<'terminals.apiStatus'>);
  });
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
const set = async (terminalApi: Record<string, unknown>) => {
  const result = await core.router.invoke(admin, 'settings.set', { terminalApi });
  expect(result.ok, JSON.stringify(result)).toBe(true);
};
const settled = async () => {
  // The controller applies each change in order; a status call answers after the latest.
  await core.terminalApi.apply((await (await core.documents()).settings.view()).values.terminalApi);
  return core.terminalApi.state;
};

describe('the Terminal API setting', () => {
  it('starts the API when turned on, moves it when the port changes, and stops it when turned off', async () => {
    await core.followTerminalApiSetting();
    expect(core.terminalApi.state).toMatchObject({ state: 'off', url: null });
    const port = await freePort();
    await set({ enabled: true, host: '127.0.0.1', port });
    expect(await settled()).toEqual({ state: 'listening', url: `http://127.0.0.1:${port}`, error: null, fingerprint: null, fixed: false });
    expect((await fetch(`http://127.0.0.1:${port}/v1/health`)).status).toBe(200);
    const moved = await freePort();
    await set({ port: moved });
    expect((await settled()).url).toBe(`http://127.0.0.1:${moved}`);
    await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
    await set({ enabled: false });
    expect(await settled()).toMatchObject({ state: 'off' });
    await expect(fetch(`http://127.0.0.1:${moved}/v1/health`)).rejects.toThrow();
    expect(statuses.map((s) => s.state)).toEqual(['listening', 'listening', 'off']);
    const result = await core.router.invoke(admin, 'terminals.apiStatus', {});
    expect(result).toMatchObject({ ok: true, value: { state: 'off' } });
  });

  it('says so in a sentence when the port is taken, and keeps the app going', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      await core.followTerminalApiSetting();
      await set({ enabled: true, host: '127.0.0.1', port });
      expect(await settled()).toMatchObject({ state: 'failed', url: null, error: `Port ${port} is in use by another program: choose another port.` });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    // Once the port is free, "Try again" starts it with the same settings.
    expect(await core.router.invoke(admin, 'terminals.apiRetry', {})).toMatchObject({ ok: true, value: { state: 'listening', url: `http://127.0.0.1:${port}` } });
  });

  it('serves HTTPS with a self-signed certificate whose fingerprint stays the same across restarts', async () => {
    await core.followTerminalApiSetting();
    const port = await freePort();
    await set({ enabled: true, host: '127.0.0.1', port, tls: true });
    const status = await settled();
    expect(status).toMatchObject({ state: 'listening', url: `https://127.0.0.1:${port}`, fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
    // A till that pinned the fingerprint: it accepts exactly this certificate.
    const seen = await new Promise<string>((resolve, reject) => {
      const request = https.get(`https://127.0.0.1:${port}/v1/health`, { rejectUnauthorized: false }, (response) => {
        resolve((response.socket as TLSSocket).getPeerCertificate().fingerprint256);
        response.resume();
      });
      request.on('error', reject);
    });
    expect(seen).toBe(status.fingerprint);
    await set({ enabled: false });
    await settled();
    await set({ enabled: true });
    expect((await settled()).fingerprint).toBe(status.fingerprint);
  });
});
