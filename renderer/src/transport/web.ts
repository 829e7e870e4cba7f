import type { Bridge } from '../../../shared/contract/client';
import type { Result } from '../../../shared/contract/result';

export interface WebBridgeOptions {
  /** The host refused this browser (no launch cookie): the tab can do nothing until the printed address is reopened. */
  onSessionEnded: () => void;
}

/**
 * After these succeed the session cookie is new, gone or unlocked. The push socket was authenticated
 * by the cookies of its handshake, so it is reopened to speak for the session as it is now.
 */
const REAUTHENTICATING: ReadonlySet<string> = new Set(['auth.login', 'auth.setup', 'auth.unlock', 'auth.logout']);

function failure(code: 'UNAVAILABLE' | 'INTERNAL', message: string): Result<unknown> {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : 'error' in value;
}

/**
 * The browser host: requests over HTTP, pushed events over one WebSocket shared by all subscribers.
 * Nothing secret is held here: the host admitted this browser with an httpOnly launch cookie when the
 * printed address was opened (and took the token out of the address bar itself), and the login sets
 * an httpOnly session cookie. Both travel with every same-origin request and WebSocket handshake.
 */
export function webBridge(options: WebBridgeOptions): Bridge {
  let ended = false;
  const endSession = () => {
    if (ended) return;
    ended = true;
    push.close();
    options.onSessionEnded();
  };
  const push = new PushSocket(endSession);

  return {
    async invoke(channel, input) {
      if (ended) return failure('UNAVAILABLE', 'This browser’s session has ended.');
      let response: Response;
      try {
        response = await fetch('/api/invoke', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ channel, input }),
        });
      } catch {
        return failure('UNAVAILABLE', 'Watchdog is not answering. Check that it is still running, then try again.');
      }
      // 401 is the host's "this browser was never admitted" (a missing or stale launch cookie); a
      // missing login is an UNAUTHENTICATED result with status 200, handled by the login screen.
      if (response.status === 401) {
        endSession();
        return failure('UNAVAILABLE', 'This browser’s session has ended.');
      }
      let result: Result<unknown> | null = null;
      try {
        const body: unknown = await response.json();
        if (isResult(body)) result = body;
      } catch {
        // fall through: a body that is not a Result is reported the same way as a broken one
      }
      if (!result) return failure('INTERNAL', `Watchdog sent an answer this screen cannot read (HTTP ${response.status}).`);
      if (result.ok && REAUTHENTICATING.has(channel)) push.reconnect();
      return result;
    },
    subscribe(event, callback) {
      return push.add(event, callback);
    },
  };
}

type Listener = (payload: unknown) => void;

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;

/**
 * One WebSocket for every pushed event. It opens with the first subscriber and reconnects with
 * exponential backoff, because the host may restart or the laptop may sleep; events missed while
 * disconnected are not replayed, so screens also refresh on their own actions.
 */
class PushSocket {
  private readonly listeners = new Map<string, Set<Listener>>();
  private socket: WebSocket | null = null;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly onRefused: () => void) {}

  add(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    this.connect();
    return () => {
      set.delete(listener);
    };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.drop();
  }

  /** A fresh handshake, so the host reads the session cookie as it is now (after login, unlock, logout). */
  reconnect(): void {
    if (this.closed) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryMs = RETRY_MIN_MS;
    this.drop();
    if ([...this.listeners.values()].some((set) => set.size > 0)) this.connect();
  }

  /** Closes the socket without the close handler's retry: the caller decides what comes next. */
  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.close();
  }

  private connect(): void {
    if (this.closed || this.socket || this.retryTimer) return;
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${window.location.host}/api/events`);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.retryMs = RETRY_MIN_MS;
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onclose = (close) => {
      this.socket = null;
      // 1008 (policy) or 4401 is how a host says "not this browser"; retrying would never succeed.
      if (close.code === 1008 || close.code === 4401) {
        this.onRefused();
        return;
      }
      this.scheduleRetry(opened);
    };
  }

  private scheduleRetry(wasOpen: boolean): void {
    if (this.closed) return;
    const delay = wasOpen ? RETRY_MIN_MS : this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null || !('event' in message)) return;
    const { event } = message;
    if (typeof event !== 'string') return;
    const payload = 'payload' in message ? message.payload : undefined;
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}
