import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { isPushedName, type PushedName, type PushedPayload, type Result } from '../../shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type InvokeEnvelope, type PushEnvelope } from '../../shared/contract/ipc';
import { mayReceive, type Router } from '../core/api/router';
import type { EventBus } from '../core/bus';
import { isAppUrl } from './origin';
import type { SessionCore, WindowSessions } from './sessions';

/** The part of the core the Electron host talks to (the real `Core` satisfies it; tests pass a fake or a real one). */
export interface IpcCore extends SessionCore {
  router: Router;
  bus: Pick<EventBus, 'subscribe'>;
}

export interface IpcOptions {
  /** Our one window; requests from anything else are refused and events go nowhere else. */
  getWindow: () => BrowserWindow | null;
  /**
   * Each window's session token: a request's context is built from its sender's, a pushed event's
   * from the receiving window's (`sessions.ts`). The same object the host ends sessions with when a
   * window closes.
   */
  sessions: WindowSessions;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;
type FrameIdentity = Pick<WebFrameMain, 'parent' | 'processId' | 'routingId' | 'url'>;

/** Wires the one invoke channel and the one push channel. Returns a function that unwires both. */
export function registerIpc(core: IpcCore, options: IpcOptions): () => void {
  ipcMain.handle(INVOKE_CHANNEL, (event, envelope: unknown) => handleInvoke(core, options, event, envelope));
  const unsubscribe = core.bus.subscribe((event, payload) => forwardEvent(options, event, payload));
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}

export async function handleInvoke(
  core: IpcCore,
  options: IpcOptions,
  event: SenderEvent,
  envelope: unknown,
): Promise<Result<unknown>> {
  const refusal = senderRefusal(event, options.getWindow());
  if (refusal !== null) return { ok: false, error: { code: 'FORBIDDEN', message: refusal } };
  if (!isInvokeEnvelope(envelope)) {
    return { ok: false, error: { code: 'BAD_INPUT', message: 'A request must be an object with a channel name and an input.' } };
  }
  // Only now, for the one sender that passed the check: its window's session, as it is at this moment.
  return core.router.invoke(options.sessions.context(event.sender), envelope.channel, envelope.input);
}

/**
 * Why a sender may not call the core, or null if it may. Only the main frame of our own window,
 * showing our own origin, qualifies: a subframe, another window, or a page that somehow navigated
 * elsewhere must not reach the router even though the preload runs there too.
 */
export function senderRefusal(event: SenderEvent, window: BrowserWindow | null): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'The request came from a page that is no longer open.';
  if (!window || window.isDestroyed() || event.sender.id !== window.webContents.id) {
    return 'The request did not come from the Watchdog window.';
  }
  if (!isSameFrame(frame, window.webContents.mainFrame)) return 'Only the Watchdog page itself may make requests, not an embedded frame.';
  if (!isAppUrl(frame.url)) return 'The request came from a page outside the Watchdog application.';
  return null;
}

function isSameFrame(frame: FrameIdentity, mainFrame: FrameIdentity): boolean {
  return frame.parent === null && frame.processId === mainFrame.processId && frame.routingId === mainFrame.routingId;
}

function isInvokeEnvelope(value: unknown): value is InvokeEnvelope {
  return typeof value === 'object' && value !== null && typeof (value as { channel?: unknown }).channel === 'string';
}

/**
 * Sends a bus event to our window only while it is alive and still on our origin, and only if that
 * window's session may receive it now (`mayReceive`: a live session whose role has the event's
 * permission). The context is built per event from the window's current token, as a passive call:
 * a push is not the user's activity, so it never keeps a session from its idle lock, and a logout,
 * a lock or an ended session stops the pushes at once.
 */
export function forwardEvent(options: IpcOptions, event: string, payload: unknown): void {
  if (!isPushedName(event)) return;
  const window = options.getWindow();
  if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return;
  if (!isAppUrl(window.webContents.getURL())) return;
  if (!mayReceiveNow(options.sessions, window, event, payload as PushedPayload<typeof event>)) return;
  const message: PushEnvelope = { event, payload };
  window.webContents.send(EVENT_CHANNEL, message);
}


/**
 * Whether the window's session may receive this event. Checking reads the session from the database;
 * if that fails the event is not sent, and the failure stays here: the bus calls us inside whoever
 * published (an ingest that has already committed), which must not fail because of a screen.
 */
export function mayReceiveNow<E extends PushedName>(sessions: WindowSessions, window: BrowserWindow, event: E, payload: PushedPayload<E>): boolean {
  try {
    return mayReceive(sessions.context(window.webContents, { passive: true }), event, payload);
  } catch (error) {
    console.error(`Watchdog could not check whether the window may receive ${event}:`, error);
    return false;
  }
}
