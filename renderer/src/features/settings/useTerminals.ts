import { useCallback, useEffect, useState } from 'react';
import type { TerminalApiStatus, TerminalSummary } from '../../../../shared/contract/terminal-channels';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';

/**
 * Whether the terminal ingest API is listening, kept current: `terminals.apiStatus` once, then every
 * push of the same name (a save in any window starts or stops it; a start can fail later). Null
 * until the first answer; a push that overtakes the first answer wins, being at least as new.
 */
export function useTerminalApiStatus(): TerminalApiStatus | null {
  const [status, setStatus] = useState<TerminalApiStatus | null>(null);

  useEffect(() => {
    let current = true;
    let pushed = false;
    const unsubscribe = client.on('terminals.apiStatus', (next) => {
      pushed = true;
      setStatus(next);
    });
    client.call('terminals.apiStatus', {}).then(
      (value) => {
        if (current && !pushed) setStatus(value);
      },
      // Any logged-in user may ask; a failure here is a session problem the rest of the screen shows.
      () => undefined,
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, []);

  return status;
}

export type TerminalsState =
  | { status: 'loading'; terminals: TerminalSummary[] | null }
  | { status: 'ok'; terminals: TerminalSummary[] }
  | { status: 'error'; terminals: TerminalSummary[] | null; message: string };

/**
 * The registered terminals. There is no push for them (last-seen times change with every request a
 * till makes; the core writes them every few seconds), so `refresh` reads the list again; the list
 * shown stays while it does.
 */
export function useTerminals(): { state: TerminalsState; refresh: () => void } {
  const [state, setState] = useState<TerminalsState>({ status: 'loading', terminals: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState((previous) => ({ status: 'loading', terminals: previous.terminals }));
    client.call('terminals.list', {}).then(
      (terminals) => {
        if (current) setState({ status: 'ok', terminals });
      },
      (error: unknown) => {
        if (current) setState((previous) => ({ status: 'error', terminals: previous.terminals, message: errorMessage(error) }));
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, refresh };
}
