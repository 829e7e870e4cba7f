import { useId, useState } from 'react';
import { AGGREGATIONS, FORECAST_HORIZONS, type Aggregation } from '../../../../shared/contract/forecast-channels';
import { AGGREGATION_TEXT } from './forecastText';
import type { ForecastCatalog } from './useForecastData';
import type { ForecastsView, Horizon } from './useForecastsUrl';

interface ForecastControlsProps {
  catalog: ForecastCatalog;
  view: ForecastsView;
  /** The store and series on screen (the view's, or the catalogue's first). */
  storeId: string;
  seriesValue: string;
  onChange: (view: ForecastsView) => void;
}

/** `sku:MILK-1L` or `category:Dairy`: one select holds both, the category totals heading each group. */
export function seriesValueOf(view: Pick<ForecastsView, 'sku' | 'category'>): string {
  if (view.sku) return `sku:${view.sku}`;
  return view.category ? `category:${view.category}` : '';
}

export function ForecastControls({ catalog, view, storeId, seriesValue, onChange }: ForecastControlsProps) {
  const [search, setSearch] = useState('');
  const storeField = useId();
  const seriesField = useId();
  const searchField = useId();
  const needle = search.trim().toLowerCase();
  const matches = (text: string) => !needle || text.toLowerCase().includes(needle);

  const chooseSeries = (value: string) => {
    const [kind, ...rest] = value.split(':');
    const name = rest.join(':');
    onChange({ ...view, store: storeId, sku: kind === 'sku' ? name : undefined, category: kind === 'category' ? name : undefined });
  };

  const groups = catalog.categories
    .map((category) => ({
      category,
      skus: catalog.skus.filter((s) => s.category === category && (matches(s.name) || matches(s.sku) || matches(category))),
    }))
    .filter((g) => g.skus.length > 0 || matches(g.category));
  const selectedVisible = groups.some((g) => `category:${g.category}` === seriesValue || g.skus.some((s) => `sku:${s.sku}` === seriesValue));

  return (
    <section className="panel forecast-controls" aria-label="What to forecast">
      <div className="field">
        <label htmlFor={storeField}>Store</label>
        <select id={storeField} value={storeId} onChange={(e) => onChange({ ...view, store: e.target.value })} data-testid="forecast-store">
          {catalog.stores.map((store) => (
            <option key={store} value={store}>
              {store}
            </option>
          ))}
        </select>
      </div>
      <div className="field forecast-search">
        <label htmlFor={searchField}>Find an item</label>
        <input id={searchField} type="search" value={search} placeholder="Name or SKU" onChange={(e) => setSearch(e.target.value)} data-testid="forecast-search" />
      </div>
      <div className="field forecast-series-field">
        <label htmlFor={seriesField}>Item or category</label>
        <select id={seriesField} value={seriesValue} onChange={(e) => chooseSeries(e.target.value)} data-testid="forecast-series">
          {!selectedVisible && <option value={seriesValue}>{labelOf(catalog, seriesValue)}</option>}
          {groups.map((group) => (
            <optgroup key={group.category} label={group.category}>
              <option value={`category:${group.category}`}>All {group.category}</option>
              {group.skus.map((s) => (
                <option key={s.sku} value={`sku:${s.sku}`}>
                  {s.name} ({s.sku})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <Toggle
        label="Horizon"
        options={FORECAST_HORIZONS.map((h) => ({ value: h, text: `${h} days` }))}
        value={view.horizon}
        onChange={(horizon: Horizon) => onChange({ ...view, horizon })}
        testId="forecast-horizon"
      />
      <Toggle
        label="Totals by"
        options={AGGREGATIONS.map((a) => ({ value: a, text: AGGREGATION_TEXT[a].unit }))}
        value={view.aggregation}
        onChange={(aggregation: Aggregation) => onChange({ ...view, aggregation })}
        testId="forecast-aggregation"
      />
    </section>
  );
}

function labelOf(catalog: ForecastCatalog, value: string): string {
  const [kind, ...rest] = value.split(':');
  const name = rest.join(':');
  if (kind === 'category') return `All ${name}`;
  const sku = catalog.skus.find((s) => s.sku === name);
  return sku ? `${sku.name} (${sku.sku})` : name;
}

interface ToggleProps<T extends string | number> {
  label: string;
  options: { value: T; text: string }[];
  value: T;
  onChange: (value: T) => void;
  testId: string;
}

function Toggle<T extends string | number>({ label, options, value, onChange, testId }: ToggleProps<T>) {
  const labelId = useId();
  return (
    <div className="field">
      <span className="forecast-toggle-label" id={labelId}>
        {label}
      </span>
      <div className="forecast-toggle" role="group" aria-labelledby={labelId} data-testid={testId}>
        {options.map((option) => (
          <button
            key={option.value}
            type="button"
            className="button button-small"
            aria-pressed={option.value === value}
            onClick={() => onChange(option.value)}
            data-value={option.value}
          >
            {option.text}
          </button>
        ))}
      </div>
    </div>
  );
}
