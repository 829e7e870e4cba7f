import type { forecastChannels } from '../../../../shared/contract/forecast-channels';
import type { z } from 'zod';
import { AppError } from '../../api/errors';
import { selectionMeasure } from '../selection/select-model';
import { trackedAccuracy } from './accuracy';
import { aggregateForecast, aggregateHistory } from './aggregation';
import type { CachedResult } from './forecast-records';
import { SCHEDULED_HORIZON, SEASON, type ForecastService } from './forecast-service';
import { dailyDemand, riskOf, StockFigures } from './inventory';
import { fromSelection, metricsOut, withLstm } from './model-table';
import { dateOf, dayOf, NO_HISTORY, type DailySeries } from './sales-series';

type Out<C extends keyof typeof forecastChannels> = z.output<(typeof forecastChannels)[C]['output']>;
type In<C extends keyof typeof forecastChannels> = z.output<(typeof forecastChannels)[C]['input']>;

/** The history shown beside a forecast: the last two years. */
const HISTORY_DAYS = 730;

/** What the forecast channels answer, from the cache (and, for a horizon not cached, one worker job). */
export class ForecastQueries {
  private readonly stock: StockFigures;
  private readonly onDemand = new Map<string, Promise<CachedResult>>();

  constructor(private readonly service: ForecastService) {
    this.stock = new StockFigures(service.db);
  }

  catalog(): Out<'forecast.catalog'> {
    const { sales, records } = this.service;
    const span = sales.span();
    const skus = sales.skus();
    return {
      stores: sales.stores(),
      skus,
      categories: [...new Set(skus.map((s) => s.category))].sort(),
      firstDate: span?.first ?? null,
      lastDate: span?.last ?? null,
      lastRun: records.lastRun(),
    };
  }

  async series({ key, horizon, aggregation }: In<'forecast.series'>): Promise<Out<'forecast.series'>> {
    const series = this.service.sales.series(key);
    const dataVersion = this.service.sales.dataVersion();
    const result = await this.cachedOrComputed(series, horizon, dataVersion);
    const stale = result.dataVersion !== dataVersion;
    if (stale) this.service.salesChanged();
    const originDay = dayOf(result.origin);
    const shown = series.units.slice(-HISTORY_DAYS);
    const scheduled = 'sku' in key ? (this.service.records.result(key.storeId, series.seriesKey, SCHEDULED_HORIZON) ?? result) : null;
    return {
      key,
      name: series.name,
      horizon,
      aggregation,
      history: aggregateHistory(series.firstDay + series.units.length - shown.length, shown, aggregation),
      forecast: aggregateForecast(originDay + 1, result.forecast, aggregation),
      model: result.model,
      description: result.description,
      models: result.models.map((m) => ({ ...m, backtest: metricsOut(m.backtest) })),
      accuracy: trackedAccuracy(this.service.records, series),
      inventory: scheduled && 'sku' in key ? this.stock.inventory(key.storeId, key.sku, scheduled.origin, scheduled.forecast.mean) : null,
      trainedAt: result.trainedAt,
      stale,
    };
  }

  atRisk({ storeId, limit }: In<'forecast.atRisk'>): Out<'forecast.atRisk'> {
    const { sales, records } = this.service;
    if (!sales.span()) throw new AppError('NOT_FOUND', NO_HISTORY);
    if (storeId !== undefined && !sales.stores().includes(storeId)) throw new AppError('NOT_FOUND', `There is no sales history for store ${storeId}.`);
    const infos = new Map(sales.skus().map((s) => [s.sku, s]));
    const results = new Map(records.results(SCHEDULED_HORIZON, storeId).map((r) => [`${r.storeId}\u0000${r.seriesKey}`, r]));
    const rows = this.stock.latestCounts(storeId).flatMap((count) => {
      const result = results.get(`${count.storeId}\u0000sku:${count.sku}`);
      const info = infos.get(count.sku);
      if (!result || !info) return [];
      const inventory = this.stock.inventory(count.storeId, count.sku, result.origin, result.forecast.mean)!;
      return [{ storeId: count.storeId, sku: count.sku, name: info.name, category: info.category, dailyDemand: dailyDemand(result.forecast.mean), risk: riskOf(inventory.onHand, inventory.stockoutDate, result.origin), ...inventory }];
    });
    const last = (v: string | number | null) => (v === null ? 1 : 0);
    rows.sort(
      (a, b) =>
        last(a.stockoutDate) - last(b.stockoutDate) ||
        (a.stockoutDate ?? '').localeCompare(b.stockoutDate ?? '') ||
        last(a.daysOfCover) - last(b.daysOfCover) ||
        (a.daysOfCover ?? 0) - (b.daysOfCover ?? 0) ||
        a.storeId.localeCompare(b.storeId) ||
        a.sku.localeCompare(b.sku),
    );
    return rows.slice(0, limit);
  }

  /**
   * The cached result; a horizon the schedule does not compute (or one trained on older sales) is
   * computed now, in a worker, and cached. The scheduled horizon is computed here only before any run
   * has cached it; when stale it is answered from the cache while the run it triggers retrains it.
   */
  private cachedOrComputed(series: DailySeries, horizon: number, dataVersion: string): Promise<CachedResult> {
    const cached = this.service.records.result(series.storeId, series.seriesKey, horizon);
    if (cached && (cached.dataVersion === dataVersion || horizon === SCHEDULED_HORIZON)) return Promise.resolve(this.withLaterLstm(cached));
    const id = `${series.storeId}\u0000${series.seriesKey}\u0000${horizon}\u0000${dataVersion}`;
    let pending = this.onDemand.get(id);
    if (!pending) {
      pending = this.compute(series, horizon, dataVersion).finally(() => this.onDemand.delete(id));
      this.onDemand.set(id, pending);
    }
    return pending;
  }

  /**
   * An on-demand horizon cached before the LSTM of the same sales had trained gets its row (and may
   * be won by it) once it has: the run itself updates only the scheduled horizon.
   */
  private withLaterLstm(cached: CachedResult): CachedResult {
    if (cached.horizon === SCHEDULED_HORIZON || cached.models.some((m) => m.name === 'lstm')) return cached;
    const lstm = this.service.records.lstm(cached.storeId, cached.seriesKey, cached.horizon, cached.dataVersion);
    if (!lstm) return cached;
    const updated: CachedResult = { ...cached, ...withLstm(cached, lstm, cached.selection) };
    this.service.records.saveResult(updated);
    return updated;
  }

  private async compute(series: DailySeries, horizon: number, dataVersion: string): Promise<CachedResult> {
    const [result] = await this.service.workers.forecastMany([series.units], { season: SEASON, horizon, firstDays: [series.firstDay] });
    const measure = selectionMeasure(series.units);
    const lstm = this.service.records.lstm(series.storeId, series.seriesKey, horizon, dataVersion);
    const chosen = withLstm(fromSelection(result!), lstm, measure);
    const cached: CachedResult = {
      storeId: series.storeId, seriesKey: series.seriesKey, horizon, dataVersion, origin: dateOf(series.firstDay + series.units.length - 1),
      trainedAt: this.service.now().toISOString(), selection: measure, ...chosen,
    };
    this.service.records.saveResult(cached);
    return cached;
  }
}

