import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../shared/contract/client';
import { contextBridge, FakeEvent, ipcRenderer } from '../test/fixtures/electron/electron-stub';
import { BRIDGE_KEY, EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/contract/ipc';
import './index';

vi.mock('electron', () => import('../test/fixtures/electron/electron-stub'));

// Captured once: the preload exposes its bridge when it is loaded, as it does in a real renderer.
const exposed = { ...contextBridge.exposed };
const bridge = exposed[BRIDGE_KEY] as Bridge;

describe('the preload', () => {
  beforeEach(() => {
    ipcRenderer.removeAllListeners();
    ipcRenderer.invocations.length = 0;
  });

  it('exposes exactly window.watchdog with invoke and subscribe', () => {
    expect(Object.keys(exposed)).toEqual([BRIDGE_KEY]);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.subscribe).toBe('function');
  });

  it('never hands out ipcRenderer', () => {
    const values = [...Object.values(exposed), ...Object.values(bridge)];
    expect(values).not.toContain(ipcRenderer);
    for (const value of values) expect(value).not.toHaveProperty('send');
  });

  it('sends invoke over the one invoke channel as { channel, input } and returns the Result', async () => {
    ipcRenderer.reply = { ok: true, value: { version: '0.1.0' } };
    const result = await bridge.invoke('app.info', {});
    expect(ipcRenderer.invocations).toEqual([{ channel: INVOKE_CHANNEL, args: [{ channel: 'app.info', input: {} }] }]);
    expect(result).toEqual({ ok: true, value: { version: '0.1.0' } });
  });

  it('delivers only the subscribed event, and nothing after unsubscribing', () => {
    const received: unknown[] = [];
    const unsubscribe = bridge.subscribe('events.appended', (payload) => received.push(payload));
    ipcRenderer.emit(EVENT_CHANNEL, new FakeEvent(), { event: 'job.progress', payload: { done: 1 } });
    ipcRenderer.emit(EVENT_CHANNEL, new FakeEvent(), { event: 'events.appended', payload: { count: 1, lastSeq: 5 } });
    unsubscribe();
    ipcRenderer.emit(EVENT_CHANNEL, new FakeEvent(), { event: 'events.appended', payload: { count: 1, lastSeq: 6 } });
    expect(received).toEqual([{ count: 1, lastSeq: 5 }]);
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });
});
