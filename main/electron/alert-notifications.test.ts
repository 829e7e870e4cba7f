import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../shared/contract/alert-channels';
import { INVOKE_CHANNEL } from '../../shared/contract/ipc';
import { app, BrowserWindow, ipcMain, resetElectronStub } from '../../test/fixtures/electron/electron-stub';
import { fakeCore } from '../../test/fixtures/electron/fake-core';
import { alertRoute, CRITICAL_ALERTS_ROUTE, MAX_NOTIFIED, notifyCriticalAlerts } from './alert-notifications';
import { runDesktop } from './desktop';
import { APP_ENTRY_URL } from './origin';
import { WindowSessions } from './sessions';

// Electron's binary cannot run here: its Notification is played by this fake (the shared stub has none).
const fake = vi.hoisted(() => {
  class FakeNotification {
    static supported = true;
    static created: FakeNotification[] = [];
    static isSupported(): boolean {
      return FakeNotification.supported;
    }
    readonly listeners = new Map<string, () => void>();
    shown = false;
    constructor(readonly options: { title: string; body: string }) {
      FakeNotification.created.push(this);
    }
    on(event: string, listener: () => void): this {
      this.listeners.set(event, listener);
      return this;
    }
    show(): void {
      this.shown = true;
    }
    /** Plays the user clicking it. */
    click(): void {
      this.listeners.get('click')?.();
    }
  }
  return { FakeNotification };
});
vi.mock('electron', async () => ({ ...(await import('../../test/fixtures/electron/electron-stub')), Notification: fake.FakeNotification }));
const { FakeNotification } = fake;

function alert(n: number, severity: Alert['severity'] = 'critical'): Alert {
  return {
    id: `rule:privilege_escalation:event-${n}`,
    source: 'rule',
    rule: 'privilege_escalation',
    title: `u-15${n} granted admin to u-9${n} at 02:14`,
    severity,
    score: 0.9,
    storeId: 'S001',
    users: [`u-15${n}`],
    terminals: [],
    evidence: [n],
    evidenceCount: 1,
    explanation: ['at 02:14, outside business hours'],
    from: '2026-11-30T02:13:00.000Z',
    to: '2026-11-30T02:14:00.000Z',
    status: 'open',
    caseId: null,
    detectedAt: '2026-11-30T02:20:00.000Z',
    modelVersion: null,
  };
}

/** Our window on the app's page, logged in (the fake core gives any token every permission) unless told otherwise. */
function setUp(options: { loggedIn?: boolean } = {}) {
  const core = fakeCore();
  const sessions = new WindowSessions(core);
  const window = new BrowserWindow({});
  void window.loadURL(`${APP_ENTRY_URL}#/dashboard`);
  if (options.loggedIn ?? true) sessions.holderFor(window.webContents).set('token-1');
  const state: { window: BrowserWindow | null } = { window };
  const stop = notifyCriticalAlerts(core, { getWindow: () => state.window as never, sessions });
  const raise = (critical: Alert[], raised = critical.length) => core.bus.publish('alerts.changed', { raised, updated: 0, critical });
  return { core, window, state, stop, raise };
}

describe('desktop notifications of critical alerts', () => {
  beforeEach(() => {
    resetElectronStub();
    FakeNotification.created = [];
    FakeNotification.supported = true;
  });

  it('shows one per critical alert raised, with its title', () => {
    const { raise } = setUp();
    raise([alert(1), alert(2)]);
    expect(FakeNotification.created.map((n) => n.options)).toEqual([
      { title: 'Watchdog: critical alert', body: 'u-151 granted admin to u-91 at 02:14' },
      { title: 'Watchdog: critical alert', body: 'u-152 granted admin to u-92 at 02:14' },
    ]);
    expect(FakeNotification.created.every((n) => n.shown)).toBe(true);
  });

  it('a click brings the window forward on that alert, within the page', () => {
    const { raise, window } = setUp();
    window.minimized = true;
    raise([alert(1)]);
    FakeNotification.created[0]?.click();
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.loadedUrl).toBe(`${APP_ENTRY_URL}#/alerts?status=all&alert=rule%3Aprivilege_escalation%3Aevent-1`);
    expect(alertRoute('rule:x:1')).toBe('/alerts?status=all&alert=rule%3Ax%3A1');
  });

  it(`shows at most ${MAX_NOTIFIED} of a burst and sums up the rest in one that opens the critical list`, () => {
    const { raise, window } = setUp();
    raise([1, 2, 3, 4, 5].map((n) => alert(n)));
    expect(FakeNotification.created).toHaveLength(MAX_NOTIFIED + 1);
    const more = FakeNotification.created[MAX_NOTIFIED];
    expect(more?.options).toEqual({ title: 'Watchdog: critical alerts', body: 'And 2 more critical alerts' });
    more?.click();
    expect(window.loadedUrl).toBe(`${APP_ENTRY_URL}#${CRITICAL_ALERTS_ROUTE}`);
    raise([1, 2, 3, 4].map((n) => alert(n)));
    expect(FakeNotification.created.at(-1)?.options.body).toBe('And 1 more critical alert');
  });

  it('puts nothing on the desktop for a logged-out window, a closed one, or a run with no critical alert', () => {
    const loggedOut = setUp({ loggedIn: false });
    loggedOut.raise([alert(1)]);
    const closed = setUp();
    closed.window.close();
    closed.state.window = null;
    closed.raise([alert(2)]);
    const quiet = setUp();
    quiet.raise([], 4);
    quiet.core.bus.publish('events.appended', { count: 3, firstSeq: 1, lastSeq: 3 } as never);
    expect(FakeNotification.created).toHaveLength(0);
  });

  it('does nothing where the system has no notifications, and stops when told', () => {
    const { raise, stop } = setUp();
    FakeNotification.supported = false;
    raise([alert(1)]);
    FakeNotification.supported = true;
    stop();
    raise([alert(2)]);
    expect(FakeNotification.created).toHaveLength(0);
  });

  it('a click after the window closed does nothing', () => {
    const { raise, window, state } = setUp();
    raise([alert(1)]);
    window.close();
    state.window = null;
    expect(() => FakeNotification.created[0]?.click()).not.toThrow();
  });
});

describe('the desktop host', () => {
  let rendererDir: string;
  beforeAll(() => {
    rendererDir = mkdtempSync(path.join(tmpdir(), 'watchdog-notify-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  });
  afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

  it('notifies from its core’s bus while it runs, and stops at quit', async () => {
    resetElectronStub();
    FakeNotification.created = [];
    const core = fakeCore();
    runDesktop({ rendererDir, preloadPath: '/out/preload/index.cjs', openCore: () => core, env: {} });
    app.fireReady();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
    const critical = [alert(1)];
    core.bus.publish('alerts.changed', { raised: 1, updated: 0, critical });
    expect(FakeNotification.created, 'nothing before the window logs in').toHaveLength(0);
    // A login sets the window's token through the request's context; the fake core's router does not, so the test does.
    const window = BrowserWindow.instances[0]!;
    await ipcMain.invokeFrom({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, INVOKE_CHANNEL, { channel: 'app.info', input: {} });
    core.callers[0]?.token.set('token-1');
    core.bus.publish('alerts.changed', { raised: 1, updated: 0, critical });
    expect(FakeNotification.created.map((n) => n.options.body)).toEqual(['u-151 granted admin to u-91 at 02:14']);
    FakeNotification.created = [];
    app.emit('will-quit');
    core.bus.publish('alerts.changed', { raised: 1, updated: 0, critical });
    expect(FakeNotification.created).toHaveLength(0);
  });
});
