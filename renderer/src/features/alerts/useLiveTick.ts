import { useEffect, useState } from 'react';
import type { PushedName } from '../../../../shared/contract/pushed';
import { client } from '../../transport';

/**
 * A number that goes up when any of `events` is pushed, at most once per `throttleMs`: a screen puts it
 * in its request key to re-read live figures. Imports and detection push in bursts; one re-read after
 * the burst's first push (and one more for whatever came during the wait) is enough.
 */
export function useLiveTick(events: readonly PushedName[], throttleMs: number): number {
  const [tick, setTick] = useState(0);
  const key = events.join(',');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const bump = () => {
      timer ??= setTimeout(() => {
        timer = null;
        setTick((n) => n + 1);
      }, throttleMs);
    };
    const unsubscribes = key.split(',').map((name) => client.on(name as PushedName, bump));
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [key, throttleMs]);
  return tick;
}
