import { InvalidArgumentError, Option, type Command } from 'commander';
import { futureDates, readCsvSeries } from '../../core/forecast/csv-series';
import { runGlobalLstm, type LstmRunResult } from '../../core/forecast/lstm';
import { METRICS, type Accuracy } from '../../core/forecast/metrics';
import { backtestPlan } from '../../core/forecast/selection/backtest';
import { MODEL_CHOICES, type ModelChoice } from '../../core/forecast/selection/families';
import { forecastSeries, type ForecastResult } from '../../core/forecast/selection/select-model';
import { CliError, EXIT_USAGE, fileProblemsAsUsage } from '../errors';
import { intOption } from './options';

const DAY_MS = 86_400_000;

/** Named on the command line besides the statistical choices: the global LSTM, never part of auto. */
const NEURAL = ['lstm'] as const;

interface ForecastCliOptions {
  csv: string;
  valueColumn: string;
  dateColumn?: string;
  horizon: number;
  season?: number;
  model: ModelChoice | (typeof NEURAL)[number];
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
    .addOption(new Option('--model <name>', 'the model, or auto: the best backtest among snaive, ets, arima, theta, prophet, the combination of ets, arima and theta, and croston/sba/tsb for intermittent series (lstm: a TensorFlow.js LSTM trained on this one series, not part of auto)').choices([...MODEL_CHOICES, ...NEURAL]).default('auto'))
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: ForecastCliOptions) => {
      const series = await fileProblemsAsUsage(readCsvSeries(opts.csv, opts.valueColumn, opts.dateColumn));
      const season = opts.season ?? series.impliedSeason ?? 1;
      if (series.values.length < 2) throw new CliError('at least two observations are needed to forecast.', EXIT_USAGE);
      const days = series.dates?.map((date) => Math.floor(Date.parse(date) / DAY_MS));
      const lstm = opts.model === 'lstm' ? await runGlobalLstm([series.values], { season, horizons: [opts.horizon] }) : null;
      const result = lstm ? lstmResult(lstm, series.values.length, season, opts.horizon) : forecastSeries(series.values, season, opts.horizon, opts.model as ModelChoice, { days });
      const dates = series.dates && series.stepDays ? futureDates(series.dates[series.dates.length - 1]!, series.stepDays, opts.horizon) : null;
      const training = lstm ? { backend: lstm.backend, epochs: lstm.epochs, ms: lstm.trainMs, note: lstm.note } : null;
      process.stdout.write(opts.json ? `${JSON.stringify({ ...jsonReport(result, season, opts.horizon, dates), ...(training ? { training } : {}) })}\n` : textReport(result, season, dates, training));
    });
}

/** The LSTM's one series in the shape the statistical models report: the same backtest plan, one candidate. */
function lstmResult(run: LstmRunResult, n: number, season: number, horizon: number): ForecastResult {
  const output = run.series[0]!;
  const { forecast, backtest } = output.byHorizon[horizon]!;
  return { model: 'lstm', description: output.description, forecast, backtest, plan: backtestPlan(n, horizon, season), candidates: [{ name: 'lstm', description: output.description, backtest }] };
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

interface Training {
  backend: string;
  epochs: number;
  ms: number;
  note: string | null;
}

function textReport(result: ForecastResult, season: number, dates: string[] | null, training: Training | null): string {
  const num = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(4)) : '—');
  const metrics = (a: Accuracy | null) => (a ? METRICS.map((k) => `${k.toUpperCase()} ${num(a[k])}`).join('  ') : 'not backtested (series too short)');
  const lines = [
    `model: ${result.model} — ${result.description} (season ${season})`,
    result.plan.origins.length
      ? `backtest: ${result.plan.origins.length} rolling-origin window${result.plan.origins.length === 1 ? '' : 's'} of ${result.plan.horizon} step${result.plan.horizon === 1 ? '' : 's'}: ${metrics(result.backtest)}`
      : 'backtest: the series is too short to hold one out',
  ];
  if (training) lines.push(`training: ${training.epochs} epochs on the ${training.backend} backend in ${(training.ms / 1000).toFixed(1)} s${training.note ? ` (${training.note})` : ''}`);
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

