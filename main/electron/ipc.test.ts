import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/contract/ipc';
import { registerIpc } from './ipc';
import { APP_ENTRY_URL } from './origin';
import { asElectron, BrowserWindow, FakeFrame, ipcMain, resetElectronStub } from '../../test/fixtures/electron/electron-stub';
import { fakeCore, operator } from '../../test/fixtures/electron/fake-core';

vi.mock('electron', () => import('../../test/fixtures/electron/electron-stub'));

function setup(options: { url?: string } = {}) {
  const core = fakeCore();
  const window = new BrowserWindow({});
  void window.loadURL(options.url ?? APP_ENTRY_URL);
  let current: BrowserWindow | null = window;
  const dispose = registerIpc(core, { getWindow: () => asElectron<ElectronWindow | null>(current), context: operator });
  const fromMainFrame = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  return { core, window, dispose, fromMainFrame, closeWindow: () => { window.close(); current = null; } };
}

function expectForbidden(result: unknown) {
  expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect((result as { error: { message: string } }).error.message).toMatch(/\w+ \w+/);
}

describe('the invoke channel', () => {
  beforeEach(() => resetElectronStub());

  it('passes a call from our main frame to the router with the operator context and returns its Result', async () => {
    const { core, fromMainFrame } = setup();
    const result = await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'events.get', input: { seq: 3 } });
    expect(result).toEqual({ ok: true, value: { answered: true } });
    expect(core.calls).toEqual([{ ctx: operator, channel: 'events.get', input: { seq: 3 } }]);
  });

  it('returns the router’s failure unchanged', async () => {
    const core = fakeCore({ ok: false, error: { code: 'NOT_FOUND', message: 'No event 9.' } });
    const window = new BrowserWindow({});
    await window.loadURL(APP_ENTRY_URL);
    registerIpc(core, { getWindow: () => asElectron<ElectronWindow>(window), context: operator });
    const result = await ipcMain.invokeFrom({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, INVOKE_CHANNEL, { channel: 'events.get', input: { seq: 9 } });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No event 9.' } });
  });

  it('refuses a call without a sender frame', async () => {
    const { core, window } = setup();
    const result = await ipcMain.invokeFrom({ sender: window.webContents, senderFrame: null }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expectForbidden(result);
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a call from a subframe of our window, even one on our origin', async () => {
    const { core, window } = setup();
    const subframe = new FakeFrame({ url: APP_ENTRY_URL, parent: window.webContents.mainFrame, processId: 7, routingId: 99 });
    const result = await ipcMain.invokeFrom({ sender: window.webContents, senderFrame: subframe }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expectForbidden(result);
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a call from a top-level frame that is not our window’s main frame', async () => {
    const { core, window } = setup();
    const impostor = new FakeFrame({ url: APP_ENTRY_URL, processId: 8, routingId: 1 });
    const result = await ipcMain.invokeFrom({ sender: window.webContents, senderFrame: impostor }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expectForbidden(result);
    expect(core.calls).toHaveLength(0);
  });

  it.each(['https://evil.example/', 'app://watchdog.evil/', 'app://other/index.html', 'file:///etc/passwd', 'app://user@watchdog/'])(
    'refuses a call from our main frame showing %s',
    async (url) => {
      const { core, window, fromMainFrame } = setup();
      window.webContents.mainFrame.url = url;
      const result = await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
      expectForbidden(result);
      expect(core.calls).toHaveLength(0);
    },
  );

  it('refuses a call from another window', async () => {
    const { core } = setup();
    const other = new BrowserWindow({});
    await other.loadURL(APP_ENTRY_URL);
    const result = await ipcMain.invokeFrom({ sender: other.webContents, senderFrame: other.webContents.mainFrame }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expectForbidden(result);
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a call once our window is gone', async () => {
    const { core, fromMainFrame, closeWindow } = setup();
    closeWindow();
    expectForbidden(await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'app.info', input: {} }));
    expect(core.calls).toHaveLength(0);
  });

  it.each([null, 'app.info', 42, { input: {} }, { channel: 7, input: {} }])('answers BAD_INPUT to the malformed envelope %j', async (envelope) => {
    const { core, fromMainFrame } = setup();
    const result = await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, envelope);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(core.calls).toHaveLength(0);
  });

  it('registers one handler and removes it when disposed', () => {
    const { dispose } = setup();
    expect([...ipcMain.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('pushed events', () => {
  beforeEach(() => resetElectronStub());

  it('are forwarded to our window as { event, payload }', () => {
    const { core, window } = setup();
    core.bus.publish('events.appended', { count: 2, lastSeq: 10 });
    expect(window.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [{ event: 'events.appended', payload: { count: 2, lastSeq: 10 } }] }]);
  });

  it('go to no other window', () => {
    const { core } = setup();
    const other = new BrowserWindow({});
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    expect(other.webContents.sent).toHaveLength(0);
  });

  it('are dropped once the window is closed, without throwing', () => {
    const { core, window, closeWindow } = setup();
    closeWindow();
    expect(() => core.bus.publish('events.appended', { count: 1, lastSeq: 1 })).not.toThrow();
    expect(window.webContents.sent).toHaveLength(0);
  });

  it('are not sent to a window that is off our origin', () => {
    const { core, window } = setup({ url: 'https://evil.example/' });
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    expect(window.webContents.sent).toHaveLength(0);
  });

  it('need the permission the contract names for them', () => {
    const core = fakeCore();
    const window = new BrowserWindow({});
    void window.loadURL(APP_ENTRY_URL);
    registerIpc(core, { getWindow: () => asElectron<ElectronWindow>(window), context: { host: 'electron', permissions: new Set() } });
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    core.bus.publish('job.progress', { jobId: 'j', kind: 'demo', phase: 'x', done: 1, total: 2, finished: false });
    expect(window.webContents.sent.map((m) => (m.args[0] as { event: string }).event)).toEqual(['job.progress']);
  });

  it('stop when the registration is disposed', () => {
    const { core, window, dispose } = setup();
    dispose();
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    expect(window.webContents.sent).toHaveLength(0);
  });
});
