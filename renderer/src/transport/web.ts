import type { Bridge } from '../../../shared/contract/client';
import type { Result } from '../../../shared/contract/result';

const TOKEN_KEY = 'watchdog.token';

export interface WebBridgeOptions {
  /** The host refused our token: the tab can do nothing more until it is reopened. */
  onSessionEnded: () => void;
}

/**
 * Takes the one-time token out of the address bar and keeps it for this tab only. It is removed from
 * the URL so it is not bookmarked, shared in a screenshot, or kept in the browser's history.
 */
export function takeToken(): string | null {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    const clean = window.location.pathname + (rest ? `?${rest}` : '') + window.location.hash;
    window.history.replaceState(window.history.state, '', clean);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function failure(code: 'UNAVAILABLE' | 'INTERNAL', message: string): Result<unknown> {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : 'error' in value;
}

/** The browser host: requests over HTTP, pushed events over one WebSocket shared by all subscribers. */
export function webBridge(options: WebBridgeOptions): Bridge {
  const token = takeToken();
  let ended = false;
  const endSession = () => {
    if (ended) return;
    ended = true;
    sessions.close();
    options.onSessionEnded();
  };
  const sessions = new PushSocket(token, endSession);

  return {
    async invoke(channel, input) {
      if (ended || token === null) {
        endSession();
        return failure('UNAVAILABLE', 'This browser tab’s session has ended.');
      }
      let response: Response;
      try {
        response = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ channel, input }),
        });
      } catch {
        return failure('UNAVAILABLE', 'Watchdog is not answering. Check that it is still running, then try again.');
      }
      if (response.status === 401) {
        endSession();
        return failure('UNAVAILABLE', 'This browser tab’s session has ended.');
      }
      try {
        const body: unknown = await response.json();
        if (isResult(body)) return body;
      } catch {
        // fall through: a body that is not a Result is reported the same way as a broken one
      }
      return failure('INTERNAL', `Watchdog sent an answer this screen cannot read (HTTP ${response.status}).`);
    },
    subscribe(event, callback) {
      return sessions.add(event, callback);
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

  constructor(
    private readonly token: string | null,
    private readonly onRefused: () => void,
  ) {}

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
    this.socket?.close();
    this.socket = null;
  }

  private connect(): void {
    if (this.closed || this.socket || this.retryTimer || this.token === null) return;
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${window.location.host}/api/events?token=${encodeURIComponent(this.token)}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.retryMs = RETRY_MIN_MS;
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onclose = (close) => {
      this.socket = null;
      // 1008 (policy) or 4401 is how a host says "not with that token"; retrying would never succeed.
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
