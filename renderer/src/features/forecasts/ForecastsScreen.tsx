import { Link } from 'react-router';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ScreenHeader } from '../../components/ScreenHeader';
import { Spinner } from '../../components/Spinner';
import { formatUtc } from '../../format/time';
import { useCan } from '../auth/access';
import { AtRiskList } from './AtRiskList';
import { ForecastChart } from './ForecastChart';
import type { SaleSpan } from './forecastChart';
import { ForecastControls, seriesValueOf } from './ForecastControls';
import { formatDay, modelName } from './forecastText';
import { ModelTable } from './ModelTable';
import { RetrainPanel } from './RetrainPanel';
import { AccuracyPanel, InventoryPanel } from './SeriesFacts';
import { resolveKey, useAtRisk, useForecastCatalog, useForecastSeries, useForecastVersion, type ForecastSeries } from './useForecastData';
import { useForecastsUrl } from './useForecastsUrl';

export default function ForecastsScreen() {
  const { view, setView } = useForecastsUrl();
  const { version, reload } = useForecastVersion();
  const catalog = useForecastCatalog(version);
  const value = catalog.value;
  const hasHistory = value !== undefined && value.firstDate !== null && value.skus.length > 0;
  const key = hasHistory ? resolveKey(view, value) : null;
  const series = useForecastSeries(key, view, version);
  const atRisk = useAtRisk(hasHistory ? key?.storeId : undefined, version);

  return (
    <div className="screen screen-forecasts screen-wide">
      <ScreenHeader
        title="Forecasts"
        subtitle={value?.firstDate ? `What each store is likely to sell, from sales ${formatDay(value.firstDate)} – ${formatDay(value.lastDate)}. Dates are UTC.` : 'What each store is likely to sell, and the stock that will run out first.'}
        actions={hasHistory ? <RetrainPanel lastRun={value.lastRun} onFinished={reload} /> : undefined}
      />
      {catalog.status === 'error' && <ErrorPanel title="Forecasts could not be loaded" message={catalog.message} onRetry={catalog.retry} />}
      {!value && catalog.status === 'loading' && <Spinner label="Loading the sales history…" />}
      {value && !hasHistory && <NoHistory />}
      {value && hasHistory && key && (
        <>
          <ForecastControls
            catalog={value}
            view={view}
            storeId={key.storeId}
            seriesValue={seriesValueOf('sku' in key ? { sku: key.sku } : { category: key.category })}
            onChange={setView}
          />
          {series.value?.stale && (
            <div className="notice" role="status" data-testid="forecast-stale">
              <p>Sales changed since training; retraining is scheduled.</p>
            </div>
          )}
          {series.status === 'error' && <ErrorPanel title="This forecast could not be loaded" message={series.message} onRetry={series.retry} />}
          {!series.value && series.status === 'loading' && <SeriesLoading />}
          {series.value && <SeriesView series={series.value} span={{ first: value.firstDate, last: value.lastDate }} busy={series.status === 'loading'} />}
          <AtRiskList
            state={atRisk}
            selectedSku={'sku' in key ? key.sku : undefined}
            trained={value.lastRun?.state === 'completed'}
            onOpen={(row) => setView({ ...view, store: row.storeId, sku: row.sku, category: undefined })}
          />
        </>
      )}
    </div>
  );
}

function SeriesView({ series, span, busy }: { series: ForecastSeries; span: SaleSpan; busy: boolean }) {
  const chosen = series.models.find((m) => m.chosen);
  return (
    <div className={busy ? 'forecast-layout forecast-busy' : 'forecast-layout'} aria-busy={busy}>
      <div className="forecast-main">
        <section className="panel forecast-chart-panel" aria-labelledby="forecast-title" data-testid="forecast-panel">
          <div className="forecast-chart-head">
            <div>
              <h2 id="forecast-title" data-testid="forecast-name">
                {series.name}
              </h2>
              <p className="form-note" data-testid="forecast-model">
                {modelName(chosen?.name ?? series.model)} · <span className="mono">{series.description}</span> · {series.forecast.length}{' '}
                {series.aggregation}
                {series.forecast.length === 1 ? '' : 's'} ahead · trained {formatUtc(series.trainedAt)} UTC
              </p>
            </div>
            {busy && <Spinner label="Updating…" />}
          </div>
          {series.history.length === 0 && series.forecast.length === 0 ? (
            <p className="form-note">Nothing has sold in this series yet.</p>
          ) : (
            <ForecastChart series={series} span={span} />
          )}
        </section>
        <ModelTable series={series} />
      </div>
      <div className="forecast-side">
        <InventoryPanel inventory={series.inventory} isCategory={'category' in series.key} />
        <AccuracyPanel accuracy={series.accuracy} />
      </div>
    </div>
  );
}

function SeriesLoading() {
  return (
    <section className="panel forecast-loading" aria-busy="true">
      <Spinner label="Loading the forecast… the first one after new sales can take a minute while the models train." />
    </section>
  );
}

/** No sales history: say where it comes from, with a way there for those who may bring it in. */
function NoHistory() {
  const canImport = useCan('audit:append');
  const canLoadDemo = useCan('settings:write');
  return (
    <section className="panel forecast-empty" data-testid="forecast-empty">
      <h2>Import sales history or load the demo store</h2>
      <p>Forecasts are made from daily sales per store and item. There is no sales history in this database yet.</p>
      <div className="forecast-empty-actions">
        {canImport && (
          <Link className="button button-primary" to="/import">
            Import sales history
          </Link>
        )}
        {canLoadDemo && (
          <Link className="button" to="/dashboard">
            Load the demo store
          </Link>
        )}
      </div>
      {!canImport && !canLoadDemo && <p className="form-note">A store manager or administrator can import the sales history; forecasts then appear here.</p>}
    </section>
  );
}
