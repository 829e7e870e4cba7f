import { useEffect, useRef } from 'react';

const MINUTE = 60_000;

/** What counts as the user being there. Pushed events and background refreshes do not. */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export interface IdleLockOptions {
  /** Off outside an open session (the lock and login screens have nothing to lock). */
  active: boolean;
  idleMinutes: number;
  onIdle: () => void;
  /** Called on activity at most every few seconds, so the core's own idle clock sees the user too. */
  onActive: () => void;
}

/**
 * Locks the app after `idleMinutes` without activity. Time is read from Date.now() and waited for with
 * setTimeout (never performance.now), so a test clock can fast-forward it; the timer is re-armed only
 * when it fires, not on every mouse move. Activity that comes after the limit has passed (a laptop
 * waking up, a tab whose timers the browser slowed down) locks instead of counting.
 */
export function useIdleLock({ active, idleMinutes, onIdle, onActive }: IdleLockOptions): void {
  const callbacks = useRef({ onIdle, onActive });
  useEffect(() => {
    callbacks.current = { onIdle, onActive };
  });

  useEffect(() => {
    if (!active) return;
    const idleMs = Math.max(1, idleMinutes) * MINUTE;
    // Often enough that the core never locks a session the user is busy in; at most once a minute.
    const reportMs = Math.min(MINUTE, Math.max(15_000, idleMs / 4));
    let last = Date.now();
    let reported = last;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let locked = false;

    const lock = () => {
      if (locked) return;
      locked = true;
      if (timer) clearTimeout(timer);
      callbacks.current.onIdle();
    };
    const check = () => {
      const idle = Date.now() - last;
      if (idle >= idleMs) lock();
      else timer = setTimeout(check, idleMs - idle);
    };
    const activity = () => {
      const now = Date.now();
      if (now - last >= idleMs) {
        lock();
        return;
      }
      last = now;
      if (now - reported >= reportMs) {
        reported = now;
        callbacks.current.onActive();
      }
    };
    const visible = () => {
      if (document.visibilityState === 'visible') check();
    };

    timer = setTimeout(check, idleMs);
    const listen = { capture: true, passive: true } as const;
    for (const type of ACTIVITY) window.addEventListener(type, activity, listen);
    window.addEventListener('focus', activity, listen);
    document.addEventListener('visibilitychange', visible);
    return () => {
      if (timer) clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, activity, listen);
      window.removeEventListener('focus', activity, listen);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [active, idleMinutes]);
}
