import { useCallback, useEffect, useState } from 'react';

export type RequestState<T> =
  | { status: 'loading'; value: T | undefined }
  | { status: 'ok'; value: T }
  | { status: 'error'; value: T | undefined; message: string };

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}

/**
 * Runs `load` whenever `key` changes (or on `retry`) and keeps the previous value while reloading, so
 * a screen can dim stale data instead of flashing empty. Answers that arrive after a newer request
 * started are dropped: the last request asked for always wins.
 */
export function useRequest<T>(key: string, load: () => Promise<T>): RequestState<T> & { retry: () => void } {
  const [state, setState] = useState<RequestState<T>>({ status: 'loading', value: undefined });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState((previous) => ({ status: 'loading', value: previous.value }));
    load().then(
      (value) => {
        if (current) setState({ status: 'ok', value });
      },
      (error: unknown) => {
        if (current) setState((previous) => ({ status: 'error', value: previous.value, message: errorMessage(error) }));
      },
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure on every render; `key` is what identifies the request.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
