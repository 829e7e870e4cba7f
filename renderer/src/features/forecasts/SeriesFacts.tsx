import { formatCount } from '../../format/money';
import { AccuracyChart } from './ForecastChart';
import { formatDay, formatMetric, formatUnits } from './forecastText';
import type { ForecastSeries } from './useForecastData';

/** How close the forecasts made earlier came to what then sold. */
export function AccuracyPanel({ accuracy }: { accuracy: ForecastSeries['accuracy'] }) {
  return (
    <section className="panel forecast-side-panel" aria-labelledby="forecast-accuracy-title" data-testid="forecast-accuracy">
      <h2 id="forecast-accuracy-title">Past forecasts against sales</h2>
      {accuracy === null ? (
        <p className="form-note">No past forecast has matured yet: once the days a forecast covered have passed, its error shows here.</p>
      ) : (
        <>
          <dl className="facts forecast-facts">
            <dt>Days compared</dt>
            <dd>{formatCount(accuracy.days)}</dd>
            <dt>Mean absolute error</dt>
            <dd>{formatUnits(accuracy.mae)} units a day</dd>
            <dt>MASE</dt>
            <dd>{formatMetric(accuracy.mase)}</dd>
          </dl>
          {accuracy.points.length > 1 && <AccuracyChart accuracy={accuracy} />}
        </>
      )}
    </section>
  );
}

/** The SKU's stock against its forecast; a category total has none (stock is counted per SKU). */
export function InventoryPanel({ inventory, isCategory }: { inventory: ForecastSeries['inventory']; isCategory: boolean }) {
  return (
    <section className="panel forecast-side-panel" aria-labelledby="forecast-inventory-title" data-testid="forecast-inventory">
      <h2 id="forecast-inventory-title">Stock</h2>
      {inventory === null ? (
        <p className="form-note">
          {isCategory ? 'Stock is counted per SKU: choose one to see its cover.' : 'No stock count has been recorded for this SKU in this store.'}
        </p>
      ) : (
        <dl className="facts forecast-facts">
          <dt>On hand</dt>
          <dd data-testid="inventory-on-hand">
            {formatCount(inventory.onHand)} <span className="forecast-fact-note">counted {formatDay(inventory.countedOn)}</span>
          </dd>
          <dt>Days of cover</dt>
          <dd data-testid="inventory-cover">{inventory.daysOfCover === null ? 'Nothing is expected to sell' : `${formatUnits(inventory.daysOfCover)} days`}</dd>
          <dt>Runs out</dt>
          <dd data-testid="inventory-stockout">{inventory.stockoutDate ? formatDay(inventory.stockoutDate) : 'Not within 90 days'}</dd>
          <dt>Turnover</dt>
          <dd>{inventory.turnover === null ? '—' : `${formatMetric(inventory.turnover, 1)} times a year`}</dd>
        </dl>
      )}
    </section>
  );
}
