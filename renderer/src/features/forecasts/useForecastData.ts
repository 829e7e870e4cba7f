import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import type { SeriesKey } from '../../../../shared/contract/forecast-channels';
import { useJobProgress } from '../../app/jobsStore';
import { useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';
import type { ForecastsView } from './useForecastsUrl';

export type ForecastCatalog = ChannelOutput<'forecast.catalog'>;
export type ForecastSeries = ChannelOutput<'forecast.series'>;
export type AtRiskRow = ChannelOutput<'forecast.atRisk'>[number];

/**
 * A number that goes up when this screen's retrain ends or a forecasting run started elsewhere (the
 * schedule, another window) pushes its last `job.progress`: everything on screen is read again then.
 */
export function useForecastVersion() {
  const [own, setOwn] = useState(0);
  const [pushed, setPushed] = useState(0);
  const progress = useJobProgress('forecast');
  const finishedJob = progress?.finished ? progress.jobId : null;
  // A run that had already ended when the screen opened is in what the screen first reads.
  const seen = useRef(finishedJob);
  useEffect(() => {
    if (!finishedJob || finishedJob === seen.current) return;
    seen.current = finishedJob;
    setPushed((n) => n + 1);
  }, [finishedJob]);
  const reload = useCallback(() => setOwn((n) => n + 1), []);
  return { version: own + pushed, reload };
}

export function useForecastCatalog(version: number) {
  return useRequest(`forecast.catalog#${version}`, () => client.call('forecast.catalog', {}));
}

/** The store and series the view names, or the catalogue's first when it names none. */
export function resolveKey(view: ForecastsView, catalog: ForecastCatalog | undefined): SeriesKey | null {
  const storeId = view.store ?? catalog?.stores[0];
  if (!storeId) return null;
  if (view.sku) return { storeId, sku: view.sku };
  if (view.category) return { storeId, category: view.category };
  const first = catalog?.skus[0];
  return first ? { storeId, sku: first.sku } : null;
}

export function seriesKeyText(key: SeriesKey): string {
  return 'sku' in key ? `${key.storeId}/sku/${key.sku}` : `${key.storeId}/category/${key.category}`;
}

export function useForecastSeries(key: SeriesKey | null, view: ForecastsView, version: number) {
  const id = key ? `${seriesKeyText(key)}#${view.horizon}#${view.aggregation}#${version}` : 'none';
  return useRequest(`forecast.series:${id}`, () =>
    key ? client.call('forecast.series', { key, horizon: view.horizon, aggregation: view.aggregation }) : Promise.resolve(null),
  );
}

export function useAtRisk(storeId: string | undefined, version: number) {
  return useRequest(`forecast.atRisk:${storeId ?? ''}#${version}`, () =>
    storeId ? client.call('forecast.atRisk', { storeId, limit: 50 }) : Promise.resolve([] as AtRiskRow[]),
  );
}
