import { z } from 'zod';
import { channel } from './channel-spec';

/**
 * Forecasting over the store's sales history (docs/forecasting.md): per store and SKU (or a category
 * total), the model chosen by backtest, the forecast with its 80 % and 95 % bands, the model
 * comparison, the accuracy of past forecasts, and the stock at risk.
 */
export const FORECAST_HORIZONS = [7, 14, 30, 90] as const;
export const ForecastHorizonSchema = z.union([z.literal(7), z.literal(14), z.literal(30), z.literal(90)]);
export const AGGREGATIONS = ['day', 'week', 'month'] as const;
export const AggregationSchema = z.enum(AGGREGATIONS);
export type Aggregation = z.output<typeof AggregationSchema>;

const StoreIdSchema = z.string().min(1).max(64);
const SkuSchema = z.string().min(1).max(64);

/** What to forecast: one SKU in one store, or the total of a category in one store. */
export const SeriesKeySchema = z.union([
  z.strictObject({ storeId: StoreIdSchema, sku: SkuSchema }),
  z.strictObject({ storeId: StoreIdSchema, category: z.string().min(1).max(64) }),
]);
export type SeriesKey = z.output<typeof SeriesKeySchema>;

const MetricsSchema = z.object({ mase: z.number().nullable(), rmsse: z.number().nullable(), mae: z.number().nullable(), rmse: z.number().nullable(), mape: z.number().nullable() });

export const ModelScoreSchema = z.object({
  /** The family (`ets`, `arima`, `theta`, `prophet`, `lstm`, `combo`, …). */
  name: z.string(),
  /** The fitted structure, e.g. `ETS(A,N,A)`. */
  description: z.string(),
  /** Mean over the rolling-origin backtest windows; null when the series was too short to backtest. */
  backtest: MetricsSchema.nullable(),
  chosen: z.boolean(),
});

export const ForecastPointSchema = z.object({
  /** The period's first day (YYYY-MM-DD): the day, the Monday of the week, the first of the month. */
  date: z.string(),
  mean: z.number(),
  lower80: z.number(),
  upper80: z.number(),
  lower95: z.number(),
  upper95: z.number(),
});

export const InventorySchema = z.object({
  onHand: z.int(),
  /** The day of the latest stock count. */
  countedOn: z.string(),
  /** On-hand ÷ forecast daily demand; null when nothing is expected to sell. */
  daysOfCover: z.number().nullable(),
  /** The first day the forecast's cumulative demand passes what is on hand; null when not within 90 days. */
  stockoutDate: z.string().nullable(),
  /** Units sold in the last 365 days ÷ the average on-hand over the counts in that time (turns a year). */
  turnover: z.number().nullable(),
});

export const AtRiskRowSchema = z.object({
  storeId: z.string(),
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  /** Forecast units per day over the next 30 days. */
  dailyDemand: z.number(),
  risk: z.enum(['stockout', 'low', 'ok']),
}).extend(InventorySchema.shape);

export const ForecastRunSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  state: z.enum(['running', 'completed', 'failed']),
  /** Series forecast, of how many. */
  done: z.int(),
  total: z.int(),
  /** Whether the global LSTM took part, and how long its training took. */
  lstm: z.object({ trained: z.boolean(), backend: z.string().nullable(), trainMs: z.int().nullable(), note: z.string().nullable() }),
  failure: z.string().nullable(),
  elapsedMs: z.int(),
});
export type ForecastRun = z.output<typeof ForecastRunSchema>;

export const forecastChannels = {
  'forecast.catalog': channel({
    summary: 'The stores, SKUs and categories with sales history, and the latest forecasting run',
    permission: 'forecast:read',
    input: z.strictObject({}),
    output: z.object({
      stores: z.array(z.string()),
      skus: z.array(z.object({ sku: z.string(), name: z.string(), category: z.string() })),
      categories: z.array(z.string()),
      /** The sales history's first and last day; null when there is none. */
      firstDate: z.string().nullable(),
      lastDate: z.string().nullable(),
      lastRun: ForecastRunSchema.nullable(),
    }),
  }),
  'forecast.series': channel({
    summary: 'History and forecast of one SKU (or category total) in one store, with the model comparison and past accuracy',
    permission: 'forecast:read',
    input: z.strictObject({ key: SeriesKeySchema, horizon: ForecastHorizonSchema.default(30), aggregation: AggregationSchema.default('day') }),
    output: z.object({
      key: SeriesKeySchema,
      /** The SKU's name or the category. */
      name: z.string(),
      horizon: z.int(),
      aggregation: AggregationSchema,
      /** Aggregated units sold, oldest first (the last 2 years at most). */
      history: z.array(z.object({ date: z.string(), units: z.number() })),
      forecast: z.array(ForecastPointSchema),
      model: z.string(),
      description: z.string(),
      models: z.array(ModelScoreSchema),
      /** Past forecasts against what sold, once their days have passed; null when none has matured yet. */
      accuracy: z
        .object({ days: z.int(), mae: z.number(), mase: z.number().nullable(), points: z.array(z.object({ date: z.string(), forecast: z.number(), actual: z.number() })) })
        .nullable(),
      inventory: InventorySchema.nullable(),
      trainedAt: z.string(),
      /** Sales changed since the models were trained; a run is scheduled. */
      stale: z.boolean(),
    }),
  }),
  'forecast.atRisk': channel({
    summary: 'SKUs by days of cover, those expected to run out first',
    permission: 'forecast:read',
    input: z.strictObject({ storeId: StoreIdSchema.optional(), limit: z.int().min(1).max(500).default(50) }),
    output: z.array(AtRiskRowSchema),
  }),
  'forecast.run': channel({
    summary: 'Retrain every series now (the global LSTM included); progress is pushed as job.progress kind forecast',
    permission: 'forecast:read',
    input: z.strictObject({ lstm: z.boolean().default(true) }),
    output: ForecastRunSchema,
  }),
} as const;
