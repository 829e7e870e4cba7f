import { useCallback, useEffect, useState } from 'react';
import { SETTINGS_GROUPS, type Settings, type SettingsGroup, type SettingsView } from '../../../../shared/contract/documents';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';

export type SettingsState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; view: SettingsView };

/**
 * The settings as the core holds them, kept current without a reload: `settings.get` once, then every
 * `settings.changed` push (another window's save, or this one's). `receive` takes a view from a save
 * answer too.
 */
export function useSettings(): { state: SettingsState; receive: (view: SettingsView) => void; retry: () => void } {
  const [view, setView] = useState<SettingsView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const receive = useCallback((next: SettingsView) => {
    setView((current) => (current ? newest(current, next) : next));
    setFailure(null);
  }, []);

  useEffect(() => client.on('settings.changed', receive), [receive]);

  useEffect(() => {
    let current = true;
    client.call('settings.get', {}).then(
      (value) => {
        if (current) receive(value);
      },
      (error: unknown) => {
        if (current) setFailure(errorMessage(error));
      },
    );
    return () => {
      current = false;
    };
  }, [receive, attempt]);

  const retry = useCallback(() => {
    setFailure(null);
    setAttempt((n) => n + 1);
  }, []);

  const state: SettingsState = view ? { status: 'ok', view } : failure ? { status: 'error', message: failure } : { status: 'loading' };
  return { state, receive, retry };
}

/**
 * Answers can cross on the way (a push overtaking the first `settings.get`, or this tab's own save
 * answer arriving after the push it caused), so each group keeps whichever version was stamped last.
 */
function newest(current: SettingsView, next: SettingsView): SettingsView {
  const merged: SettingsView = { values: { ...next.values }, changed: { ...next.changed } };
  for (const group of SETTINGS_GROUPS) {
    const mine = current.changed[group];
    const theirs = next.changed[group];
    if (mine && (!theirs || Date.parse(mine.at) > Date.parse(theirs.at))) {
      copyGroup(merged.values, current.values, group);
      merged.changed[group] = mine;
    }
  }
  return merged;
}

function copyGroup<G extends SettingsGroup>(into: Settings, from: Settings, group: G): void {
  into[group] = from[group];
}
