import { useCallback, useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';
import type { AlertsView } from './useAlertsUrl';
import { useLiveTick } from './useLiveTick';

/** Triage in another tab or a detection run pushes `alerts.changed`; the list follows within this. */
const LIVE_MS = 400;

function listInput(view: AlertsView): ChannelInput<'alerts.list'> {
  return {
    status: view.status,
    severity: view.severity ? [view.severity] : undefined,
    source: view.source,
    storeId: view.store,
    userId: view.user,
    limit: 200,
  };
}

/** The alert list for the view, re-read on `alerts.changed` and after this tab's own triage (`reload`). */
export function useAlertList(view: AlertsView, viewKey: string) {
  const live = useLiveTick(['alerts.changed'], LIVE_MS);
  const [own, setOwn] = useState(0);
  const list = useRequest(`${viewKey}#${live}#${own}`, () => client.call('alerts.list', listInput(view)));
  const reload = useCallback(() => setOwn((n) => n + 1), []);
  return { list, reload, live: live + own };
}

/** One alert with its evidence and case; `version` re-reads it (a push or this tab's triage). */
export function useAlertDetail(id: string, version: number) {
  return useRequest(`alert:${id}#${version}`, () => client.call('alerts.get', { id }));
}

/** Store and user choices for the filter, from the log's facets (not from the alerts on screen, which a filter narrows). */
export function useAlertFacets() {
  return useRequest('alerts:facets', () => client.call('events.facets', {}));
}
