import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/contract/ipc';
import { openCore, type Core } from '../core';
import { loginAs, TEST_ADMIN, TEST_PASSWORD } from '../core/accounts/test-logins';
import { tempDir } from '../core/store/test-helpers';
import { registerIpc } from './ipc';
import { APP_ENTRY_URL } from './origin';
import { DESKTOP_CALLER, WindowSessions } from './sessions';
import { asElectron, BrowserWindow, FakeFrame, ipcMain, resetElectronStub } from '../../test/fixtures/electron/electron-stub';
import { fakeCore } from '../../test/fixtures/electron/fake-core';

vi.mock('electron', () => import('../../test/fixtures/electron/electron-stub'));

function setup(options: { url?: string; core?: ReturnType<typeof fakeCore> } = {}) {
  const core = options.core ?? fakeCore();
  const window = new BrowserWindow({});
  void window.loadURL(options.url ?? APP_ENTRY_URL);
  let current: BrowserWindow | null = window;
  const sessions = new WindowSessions(core);
  const dispose = registerIpc(core, { getWindow: () => asElectron<ElectronWindow | null>(current), sessions });
  const fromMainFrame = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  return { core, window, sessions, dispose, fromMainFrame, closeWindow: () => { window.close(); current = null; } };
}

/** Nothing reached the core: no router call, and no session context was even built. */
function expectUntouched(core: ReturnType<typeof fakeCore>) {
  expect(core.calls).toHaveLength(0);
  expect(core.callers).toHaveLength(0);
}

function expectForbidden(result: unknown) {
  expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect((result as { error: { message: string } }).error.message).toMatch(/\w+ \w+/);
}

describe('the invoke channel', () => {
  beforeEach(() => resetElectronStub());

  it('passes a call from our main frame to the router with the context of its window’s session, and returns its Result', async () => {
    const { core, window, sessions, fromMainFrame } = setup();
    const result = await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'events.get', input: { seq: 3 } });
    expect(result).toEqual({ ok: true, value: { answered: true } });
    expect(core.calls).toEqual([{ ctx: expect.objectContaining({ host: 'electron', session: null }), channel: 'events.get', input: { seq: 3 } }]);
    // Built by core.context from the desktop caller and this window's own token holder, as an active call.
    expect(core.callers).toEqual([{ ...DESKTOP_CALLER, token: sessions.holderFor(window.webContents), passive: false }]);
    expect(core.calls[0]?.ctx.token).toBe(sessions.holderFor(window.webContents));
  });

  it('builds each call’s context anew from the window’s current token', async () => {
    const { core, window, sessions, fromMainFrame } = setup();
    await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    sessions.holderFor(window.webContents).set('token-1');
    await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expect(core.calls.map((call) => call.ctx.session?.sessionId ?? null)).toEqual([null, 'session-token-1']);
  });

  it('returns the router’s failure unchanged', async () => {
    const core = fakeCore({ ok: false, error: { code: 'NOT_FOUND', message: 'No event 9.' } });
    const { fromMainFrame } = setup({ core });
    const result = await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'events.get', input: { seq: 9 } });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No event 9.' } });
  });

  it('refuses a call without a sender frame', async () => {
    const { core, window } = setup();
    const result = await ipcMain.invokeFrom({ sender: window.webContents, senderFrame: null }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expectForbidden(result);
    expectUntouched(core);
  });

  it('refuses a call from a subframe of our window, even one on our origin', async () => {
    const { core, window } = setup();
    const subframe = new FakeFrame({ url: APP_ENTRY_URL, parent: window.webContents.mainFrame, processId: 7, routingId: 99 });
    const result = await ipcMain.invokeFrom({ sender: window.webContents, senderFrame: subframe }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expectForbidden(result);
    expectUntouched(core);
  });

  it('refuses a call from a top-level frame that is not our window’s main frame', async () => {
    const { core, window } = setup();
    const impostor = new FakeFrame({ url: APP_ENTRY_URL, processId: 8, routingId: 1 });
    const result = await ipcMain.invokeFrom({ sender: window.webContents, senderFrame: impostor }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expectForbidden(result);
    expectUntouched(core);
  });

  it.each(['https://evil.example/', 'app://watchdog.evil/', 'app://other/index.html', 'file:///etc/passwd', 'app://user@watchdog/'])(
    'refuses a call from our main frame showing %s',
    async (url) => {
      const { core, window, fromMainFrame } = setup();
      window.webContents.mainFrame.url = url;
      const result = await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
      expectForbidden(result);
      expectUntouched(core);
    },
  );

  it('refuses a call from another window', async () => {
    const { core } = setup();
    const other = new BrowserWindow({});
    await other.loadURL(APP_ENTRY_URL);
    const result = await ipcMain.invokeFrom({ sender: other.webContents, senderFrame: other.webContents.mainFrame }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    expectForbidden(result);
    expectUntouched(core);
  });

  it('refuses a call once our window is gone', async () => {
    const { core, fromMainFrame, closeWindow } = setup();
    closeWindow();
    expectForbidden(await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, { channel: 'app.info', input: {} }));
    expectUntouched(core);
  });

  it.each([null, 'app.info', 42, { input: {} }, { channel: 7, input: {} }])('answers BAD_INPUT to the malformed envelope %j', async (envelope) => {
    const { core, fromMainFrame } = setup();
    const result = await ipcMain.invokeFrom(fromMainFrame, INVOKE_CHANNEL, envelope);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expectUntouched(core);
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

  /** Our window with a (fake) live session: any token counts as an administrator's. */
  function loggedIn(options: { url?: string } = {}) {
    const setupResult = setup(options);
    setupResult.sessions.holderFor(setupResult.window.webContents).set('token-1');
    return setupResult;
  }

  it('are forwarded to our window as { event, payload }', () => {
    const { core, window } = loggedIn();
    core.bus.publish('events.appended', { count: 2, lastSeq: 10 });
    expect(window.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [{ event: 'events.appended', payload: { count: 2, lastSeq: 10 } }] }]);
  });

  it('are checked against the window’s session as a passive call, one context per event', () => {
    const { core, window, sessions } = loggedIn();
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    core.bus.publish('events.appended', { count: 1, lastSeq: 2 });
    expect(core.callers).toEqual([
      { ...DESKTOP_CALLER, token: sessions.holderFor(window.webContents), passive: true },
      { ...DESKTOP_CALLER, token: sessions.holderFor(window.webContents), passive: true },
    ]);
  });

  it('go to no window without a session, not even those that need no permission', () => {
    const { core, window } = setup();
    core.bus.publish('job.progress', { jobId: 'j', kind: 'demo', phase: 'x', done: 1, total: 2, finished: false });
    expect(window.webContents.sent).toHaveLength(0);
  });

  it('go to no other window', () => {
    const { core } = loggedIn();
    const other = new BrowserWindow({});
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    expect(other.webContents.sent).toHaveLength(0);
  });

  it('are dropped once the window is closed, without throwing or asking the core', () => {
    const { core, window, closeWindow } = loggedIn();
    closeWindow();
    expect(() => core.bus.publish('events.appended', { count: 1, lastSeq: 1 })).not.toThrow();
    expect(window.webContents.sent).toHaveLength(0);
    expect(core.callers).toHaveLength(0);
  });

  it('are not sent to a window that is off our origin', () => {
    const { core, window } = loggedIn({ url: 'https://evil.example/' });
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    expect(window.webContents.sent).toHaveLength(0);
  });

  it('ignore names the contract does not push', () => {
    const { core, window } = loggedIn();
    core.bus.publish('events.secret' as 'events.appended', { count: 1, lastSeq: 1 });
    expect(window.webContents.sent).toHaveLength(0);
  });

  it('are not sent, and the publisher does not fail, when the session cannot be checked', () => {
    const core = fakeCore();
    core.context = () => {
      throw new Error('database is locked');
    };
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { window } = setup({ core });
    expect(() => core.bus.publish('events.appended', { count: 1, lastSeq: 1 })).not.toThrow();
    expect(window.webContents.sent).toHaveLength(0);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it('stop when the registration is disposed', () => {
    const { core, window, dispose } = loggedIn();
    dispose();
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    expect(window.webContents.sent).toHaveLength(0);
  });
});

describe('WindowSessions', () => {
  beforeEach(() => resetElectronStub());

  it('keeps one token holder per webContents', () => {
    const core = fakeCore();
    const sessions = new WindowSessions(core);
    const a = new BrowserWindow({});
    const b = new BrowserWindow({});
    expect(sessions.holderFor(a.webContents)).toBe(sessions.holderFor(a.webContents));
    expect(sessions.holderFor(a.webContents)).not.toBe(sessions.holderFor(b.webContents));
    sessions.holderFor(a.webContents).set('token-a');
    expect(sessions.holderFor(b.webContents).get()).toBeNull();
  });

  it('ends a closed window’s session once and forgets its token', () => {
    const core = fakeCore();
    const sessions = new WindowSessions(core);
    const window = new BrowserWindow({});
    const holder = sessions.holderFor(window.webContents);
    holder.set('token-a');
    sessions.end(window.webContents.id);
    sessions.end(window.webContents.id);
    expect(core.loggedOut).toEqual(['token-a']);
    expect(holder.get()).toBeNull();
    expect(sessions.size).toBe(0);
    // A window that never logged in has nothing to end.
    sessions.holderFor(new BrowserWindow({}).webContents);
    sessions.endAll();
    expect(core.loggedOut).toEqual(['token-a']);
    expect(sessions.size).toBe(0);
  });

  it('does not throw from a window’s closed event when the logout fails', () => {
    const core = fakeCore();
    core.accounts.sessions.logout = () => {
      throw new Error('The database connection is not open');
    };
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const sessions = new WindowSessions(core);
    const window = new BrowserWindow({});
    sessions.holderFor(window.webContents).set('token-a');
    expect(() => sessions.end(window.webContents.id)).not.toThrow();
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});

describe('per-window sessions on a real core', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  const clock = { ms: 0 };

  beforeEach(async () => {
    resetElectronStub();
    tmp = tempDir('watchdog-ipc-');
    clock.ms = Date.UTC(2026, 0, 5, 10, 0, 0);
    core = openCore({ dbPath: path.join(tmp.dir, 'ipc.db'), host: 'electron', now: () => new Date(clock.ms), onInternalError: () => {} });
    // Sets the store up with `admin` and `test-clerk` (the clerk may not read the log), both with TEST_PASSWORD.
    await loginAs(core, 'clerk');
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  /** Two windows of ours, A and B; `show(window)` makes one of them the window getWindow answers. */
  function desktop() {
    const sessions = new WindowSessions(core);
    const a = new BrowserWindow({});
    const b = new BrowserWindow({});
    void a.loadURL(APP_ENTRY_URL);
    void b.loadURL(APP_ENTRY_URL);
    let current = a;
    registerIpc(core, { getWindow: () => asElectron<ElectronWindow>(current), sessions });
    return {
      core,
      sessions,
      a,
      b,
      show: (window: BrowserWindow) => {
        current = window;
      },
      call: (window: BrowserWindow, channel: string, input: unknown = {}) =>
        ipcMain.invokeFrom({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, INVOKE_CHANNEL, { channel, input }),
      received: (window: BrowserWindow) => window.webContents.sent.splice(0).map((message) => (message.args[0] as { event: string }).event),
    };
  }
  const publishBoth = () => {
    core.bus.publish('events.appended', { count: 1, lastSeq: 1 });
    core.bus.publish('job.progress', { jobId: 'j', kind: 'demo', phase: 'x', done: 1, total: 2, finished: false });
  };
  const lastEvent = () => core.store.events.get(core.store.log.chainHead.seq);

  it('a login through IPC from window A does not log in window B, and the token stays in the main process', async () => {
    const d = desktop();
    const login = await d.call(d.a, 'auth.login', { name: TEST_ADMIN, password: TEST_PASSWORD });
    expect(login).toMatchObject({ ok: true, value: { userName: TEST_ADMIN, role: 'admin' } });
    const token = d.sessions.holderFor(d.a.webContents).get();
    expect(token).toEqual(expect.any(String));
    expect(JSON.stringify(login)).not.toContain(token as string);
    // The log names the desktop as where the login came from.
    expect(lastEvent()).toMatchObject({ action: 'auth.login', user_id: TEST_ADMIN, status: 'success' });
    expect(lastEvent().details).toMatchObject({ source: 'electron', host: 'electron', device: 'Watchdog desktop' });
    expect(await d.call(d.a, 'events.query', { limit: 1 })).toMatchObject({ ok: true });

    d.show(d.b);
    expect(d.sessions.holderFor(d.b.webContents).get()).toBeNull();
    expect(await d.call(d.b, 'auth.status')).toMatchObject({ ok: true, value: { setupNeeded: false, session: null } });
    expect(await d.call(d.b, 'events.query', { limit: 1 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // While B is the window, A is refused outright; its session is untouched.
    expectForbidden(await d.call(d.a, 'auth.status'));

    d.show(d.a);
    expect(await d.call(d.a, 'auth.status')).toMatchObject({ ok: true, value: { session: { userName: TEST_ADMIN } } });
  });

  it('each window keeps its own session: two users at once, and a logout ends only its own', async () => {
    const d = desktop();
    await d.call(d.a, 'auth.login', { name: TEST_ADMIN, password: TEST_PASSWORD });
    d.show(d.b);
    expect(await d.call(d.b, 'auth.login', { name: 'test-clerk', password: TEST_PASSWORD })).toMatchObject({ ok: true, value: { role: 'clerk' } });
    expect(await d.call(d.b, 'events.query', { limit: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await d.call(d.b, 'auth.logout')).toMatchObject({ ok: true, value: { loggedOut: true } });
    expect(d.sessions.holderFor(d.b.webContents).get()).toBeNull();
    d.show(d.a);
    expect(await d.call(d.a, 'auth.status')).toMatchObject({ ok: true, value: { session: { userName: TEST_ADMIN } } });
  });

  it('pushed events reach a window only while its session may receive them', async () => {
    const d = desktop();
    publishBoth();
    expect(d.received(d.a)).toEqual([]); // not logged in

    await d.call(d.a, 'auth.login', { name: 'test-clerk', password: TEST_PASSWORD });
    publishBoth();
    expect(d.received(d.a)).toEqual(['job.progress']); // events.appended needs audit:read, which a clerk lacks

    await d.call(d.a, 'auth.login', { name: TEST_ADMIN, password: TEST_PASSWORD });
    publishBoth();
    expect(d.received(d.a)).toEqual(['events.appended', 'job.progress']);

    // Another window without a session gets nothing, though A is logged in.
    d.show(d.b);
    publishBoth();
    expect(d.received(d.b)).toEqual([]);
    expect(d.received(d.a)).toEqual([]);

    d.show(d.a);
    await d.call(d.a, 'auth.logout');
    publishBoth();
    expect(d.received(d.a)).toEqual([]);
  });

  it('pushes do not keep a session from its idle lock, and stop once it locks', async () => {
    const d = desktop();
    await d.call(d.a, 'auth.login', { name: TEST_ADMIN, password: TEST_PASSWORD });
    const idleMs = core.accounts.sessions.table.limits().idleMinutes * 60_000;
    clock.ms += idleMs - 60_000;
    publishBoth();
    expect(d.received(d.a)).toEqual(['events.appended', 'job.progress']);
    // Had the pushes counted as activity, the session would be idle for only two minutes now.
    clock.ms += 120_000;
    publishBoth();
    expect(d.received(d.a)).toEqual([]);
    expect(lastEvent()).toMatchObject({ action: 'auth.session_lock', user_id: TEST_ADMIN });
    expect(await d.call(d.a, 'app.info')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });

  it('ends a window’s session when the host reports the window closed', async () => {
    const d = desktop();
    const login = (await d.call(d.a, 'auth.login', { name: TEST_ADMIN, password: TEST_PASSWORD })) as { value: { sessionId: string } };
    d.sessions.end(d.a.webContents.id);
    expect(lastEvent()).toMatchObject({ action: 'auth.logout', user_id: TEST_ADMIN, session_id: login.value.sessionId, resource_id: login.value.sessionId });
    expect(core.accounts.sessions.list(undefined, null).map((session) => session.id)).not.toContain(login.value.sessionId);
  });
});
