import type { WebContents } from 'electron';
import type { CallContext, TokenHolder } from '../core/api/router';
import { memoryToken, type Caller } from '../core/context';

/** What the window sessions need from the core (the real `Core` fits; tests may pass a fake). */
export interface SessionCore {
  /** Builds a request's context from the caller's token (main/core/context.ts). */
  context(caller: Caller): CallContext;
  accounts: { sessions: { logout(token: string): void } };
}

/** Who the desktop user is to the core: the same on every request; only the token differs per window. */
export const DESKTOP_CALLER = { host: 'electron', source: 'electron', device: 'Watchdog desktop', userAgent: null } as const satisfies Omit<Caller, 'token'>;

type Contents = Pick<WebContents, 'id'>;

/**
 * One session token per window (per webContents id), kept here in the main process: the account
 * channels set it (auth.setup, auth.login) and clear it (auth.logout) through the context, so the
 * token never reaches the renderer. A login in one window logs in no other, and closing a window
 * ends its session.
 */
export class WindowSessions {
  private readonly holders = new Map<number, TokenHolder>();

  constructor(private readonly core: SessionCore) {}

  /** The token holder of a window's webContents, made empty (logged out) the first time. */
  holderFor(contents: Contents): TokenHolder {
    let holder = this.holders.get(contents.id);
    if (!holder) {
      holder = memoryToken();
      this.holders.set(contents.id, holder);
    }
    return holder;
  }

  /**
   * The context of one request from this window, or of one pushed event on its way there (`passive`:
   * not the user's doing, so it neither counts as activity nor keeps the session from its idle lock).
   * Built per call from the window's current token, so a logout or a lock applies at once.
   */
  context(contents: Contents, options: { passive?: boolean } = {}): CallContext {
    return this.core.context({ ...DESKTOP_CALLER, token: this.holderFor(contents), passive: options.passive ?? false });
  }

  /**
   * The window with this webContents id closed: its session ends with it (an `auth.logout` event in
   * the log) and its token is forgotten. Takes the id rather than the webContents, which a closed
   * window no longer lets us read.
   */
  end(contentsId: number): void {
    const holder = this.holders.get(contentsId);
    this.holders.delete(contentsId);
    const token = holder?.get() ?? null;
    if (!holder || token === null) return;
    holder.set(null);
    try {
      this.core.accounts.sessions.logout(token);
    } catch (error) {
      // Called from a window's `closed` event: a throw there would only reach Electron's uncaught
      // exception dialog. The session still locks when idle and ends at its absolute limit.
      console.error('Watchdog could not end the closed window’s session:', error);
    }
  }

  /** Ends every window's session (on quit, before the core closes). */
  endAll(): void {
    for (const id of [...this.holders.keys()]) this.end(id);
  }

  /** How many windows have a token holder (tests: a closed window's is dropped). */
  get size(): number {
    return this.holders.size;
  }
}
