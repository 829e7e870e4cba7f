import { useCallback, useEffect, useState } from 'react';
import type { SavedView } from '../../../../shared/contract/documents';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';
import { useAuth } from '../auth/authStore';

export type SavedViewsState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; views: SavedView[] };

/**
 * The user's saved views, kept current: `views.list` once, then the whole list from every
 * `views.changed` push (a save, rename or delete in any of this user's windows). `placed` and
 * `removed` apply a change's own answer at once; the push that follows agrees with it.
 */
export function useSavedViews() {
  const owner = useAuth((state) => state.session?.userName ?? null);
  const [views, setViews] = useState<SavedView[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let pushed = false;
    let current = true;
    const unsubscribe = client.on('views.changed', (payload) => {
      if (payload.owner !== owner) return;
      pushed = true;
      setViews(payload.views);
      setFailure(null);
    });
    client.call('views.list', {}).then(
      // A push that came first is the newer list.
      (list) => {
        if (current && !pushed) setViews(list);
      },
      (error: unknown) => {
        if (current && !pushed) setFailure(errorMessage(error));
      },
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [owner, attempt]);

  const retry = useCallback(() => {
    setFailure(null);
    setAttempt((n) => n + 1);
  }, []);
  const placed = useCallback((view: SavedView) => setViews((list) => byName([...(list ?? []).filter((v) => v.id !== view.id), view])), []);
  const removed = useCallback((id: string) => setViews((list) => list?.filter((v) => v.id !== id) ?? null), []);

  const state: SavedViewsState = views ? { status: 'ok', views } : failure ? { status: 'error', message: failure } : { status: 'loading' };
  return { state, retry, placed, removed };
}

/** The core's order (by name, as stored), so a view placed here does not jump when the push arrives. */
function byName(views: SavedView[]): SavedView[] {
  return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
