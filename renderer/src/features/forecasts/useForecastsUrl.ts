import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { AGGREGATIONS, FORECAST_HORIZONS, type Aggregation } from '../../../../shared/contract/forecast-channels';

export type Horizon = (typeof FORECAST_HORIZONS)[number];

/** What the screen shows; a missing store or series means "the first one the catalogue lists". */
export interface ForecastsView {
  store?: string;
  sku?: string;
  category?: string;
  horizon: Horizon;
  aggregation: Aggregation;
}

const DEFAULT_HORIZON: Horizon = 30;

/** `#/forecasts?store=S1&sku=MILK-1L&horizon=14&agg=week`: defaults are left out, so a plain link opens the usual view. */
export function forecastsPath(view: Partial<ForecastsView>): string {
  const params = new URLSearchParams();
  if (view.store) params.set('store', view.store);
  if (view.sku) params.set('sku', view.sku);
  else if (view.category) params.set('category', view.category);
  if (view.horizon && view.horizon !== DEFAULT_HORIZON) params.set('horizon', String(view.horizon));
  if (view.aggregation && view.aggregation !== 'day') params.set('agg', view.aggregation);
  const search = params.toString();
  return search ? `/forecasts?${search}` : '/forecasts';
}

function parseView(params: URLSearchParams): ForecastsView {
  const horizon = Number(params.get('horizon'));
  const aggregation = params.get('agg');
  const sku = params.get('sku') || undefined;
  return {
    store: params.get('store') || undefined,
    sku,
    category: sku ? undefined : params.get('category') || undefined,
    horizon: FORECAST_HORIZONS.includes(horizon as Horizon) ? (horizon as Horizon) : DEFAULT_HORIZON,
    aggregation: AGGREGATIONS.includes(aggregation as Aggregation) ? (aggregation as Aggregation) : 'day',
  };
}

/** The view lives in the URL, so a reload (or a link from elsewhere) opens the same forecast. */
export function useForecastsUrl() {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const view = useMemo(() => parseView(new URLSearchParams(search)), [search]);

  const setView = useCallback(
    (next: ForecastsView) => {
      setParams(new URLSearchParams(forecastsPath(next).split('?')[1] ?? ''));
    },
    [setParams],
  );

  return { view, setView };
}
