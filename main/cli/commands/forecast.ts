import { InvalidArgumentError, Option, type Command } from 'commander';
import { futureDates, readCsvSeries } from '../../core/forecast/csv-series';
import { METRICS, type Accuracy } from '../../core/forecast/metrics';
import { MODEL_CHOICES, type ModelChoice } from '../../core/forecast/selection/families';
import { forecastSeries, type ForecastResult } from '../../core/forecast/selection/select-model';
import { CliError, EXIT_USAGE, fileProblemsAsUsage } from '../errors';
import { intOption } from './options';

const DAY_MS = 86_400_000;

/** Named on the command line but not built yet: asking for them is a usage error with a sentence. */
const NOT_YET = ['lstm'] as const;

interface ForecastCliOptions {
  csv: string;
  valueColumn: string;
  dateColumn?: string;
  horizon: number;
  season?: number;
  model: ModelChoice | (typeof NOT_YET)[number];
  json?: boolean;
}

/**
 * `watchdog forecast --csv FILE --value-column y --horizon H`: forecasts one series from a CSV with
 * the chosen model (or the one with the best rolling-origin backtest), with 80 % and 95 % intervals
 * and the backtest's accuracy. It reads only the file: no database, no login (docs/forecasting.md).
 */
export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description('Forecast one series from a CSV: the chosen model, the forecast with 80 % and 95 % intervals, and rolling-origin backtest accuracy (no database or login needed)')
    .requiredOption('--csv <file>', 'a CSV file with a header row, one observation per row in time order')
    .requiredOption('--value-column <name>', 'the column holding the series')
    .option('--date-column <name>', 'a column of increasing dates: names the forecast dates and sets the season (daily 7, weekly 52, monthly 12, quarterly 4)')
    .requiredOption('--horizon <n>', 'how many steps ahead to forecast', positiveInt)
    .option('--season <m>', 'season length in observations (1: none); overrides what the dates imply', positiveInt)
    .addOption(new Option('--model <name>', 'the model, or auto: the best backtest among snaive, ets, arima, theta, prophet, the combination of ets, arima and theta, and croston/sba/tsb for intermittent series').choices([...MODEL_CHOICES, ...NOT_YET]).default('auto'))
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: ForecastCliOptions) => {
      if ((NOT_YET as readonly string[]).includes(opts.model)) {
        throw new CliError(`the ${opts.model} model is not available yet; use auto, snaive, ets, arima, theta, croston, sba, tsb, prophet or combo.`, EXIT_USAGE);
      }
      const series = await fileProblemsAsUsage(readCsvSeries(opts.csv, opts.valueColumn, opts.dateColumn));
      const season = opts.season ?? series.impliedSeason ?? 1;
      if (series.values.length < 2) throw new CliError('at least two observations are needed to forecast.', EXIT_USAGE);
      const days = series.dates?.map((date) => Math.floor(Date.parse(date) / DAY_MS));
      const result = forecastSeries(series.values, season, opts.horizon, opts.model as ModelChoice, { days });
      const dates = series.dates && series.stepDays ? futureDates(series.dates[series.dates.length - 1]!, series.stepDays, opts.horizon) : null;
      process.stdout.write(opts.json ? `${JSON.stringify(jsonReport(result, season, opts.horizon, dates))}\n` : textReport(result, season, dates));
    });
}

function jsonReport(result: ForecastResult, season: number, horizon: number, dates: string[] | null) {
  const { forecast } = result;
  return {
    model: result.model,
    description: result.description,
    season,
    horizon,
    forecast: forecast.mean.map((mean, i) => ({
      step: i + 1,
      ...(dates ? { date: dates[i] } : {}),
      mean,
      lower80: forecast.lower80[i],
      upper80: forecast.upper80[i],
      lower95: forecast.lower95[i],
      upper95: forecast.upper95[i],
    })),
    backtest: { windows: result.plan.origins.length, horizon: result.plan.horizon, origins: result.plan.origins, metrics: finite(result.backtest) },
    candidates: result.candidates.map((c) => ({ model: c.name, description: c.description, backtest: finite(c.backtest) })),
  };
}

/** JSON has no NaN: a measure that does not exist (MAPE over all-zero actuals) is null. */
function finite(accuracy: Accuracy | null): Record<string, number | null> | null {
  return accuracy ? Object.fromEntries(METRICS.map((key) => [key, Number.isFinite(accuracy[key]) ? accuracy[key] : null])) : null;
}

function textReport(result: ForecastResult, season: number, dates: string[] | null): string {
  const num = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(4)) : '—');
  const metrics = (a: Accuracy | null) => (a ? METRICS.map((k) => `${k.toUpperCase()} ${num(a[k])}`).join('  ') : 'not backtested (series too short)');
  const lines = [
    `model: ${result.model} — ${result.description} (season ${season})`,
    result.plan.origins.length
      ? `backtest: ${result.plan.origins.length} rolling-origin window${result.plan.origins.length === 1 ? '' : 's'} of ${result.plan.horizon} step${result.plan.horizon === 1 ? '' : 's'}: ${metrics(result.backtest)}`
      : 'backtest: the series is too short to hold one out',
  ];
  if (result.candidates.length > 1) {
    lines.push('candidates (mean over the windows):');
    for (const c of result.candidates) lines.push(`  ${c.name === result.model ? '*' : ' '} ${c.name.padEnd(8)} ${metrics(c.backtest)}   ${c.description}`);
  }
  lines.push('', [dates ? 'date'.padEnd(10) : 'step', 'forecast', 'lo 80', 'hi 80', 'lo 95', 'hi 95'].join('\t'));
  const f = result.forecast;
  f.mean.forEach((mean, i) => lines.push([dates ? dates[i] : String(i + 1), num(mean), num(f.lower80[i]!), num(f.upper80[i]!), num(f.lower95[i]!), num(f.upper95[i]!)].join('\t')));
  return `${lines.join('\n')}\n`;
}

function positiveInt(value: string): number {
  const n = intOption(value);
  if (n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

