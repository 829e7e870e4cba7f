/**
 * Accuracy on the forecasting development set (../shared/data/forecast): for each series the last
 * `horizon` points are held out, our models forecast them from the rest, and MASE (scaled by the
 * training part's in-sample seasonal naive error) is set beside R forecast 8.20's figures.
 *
 *   npx tsx test/bench/forecast-accuracy.ts           prints the table
 *   npx tsx test/bench/forecast-accuracy.ts --write   also puts it in docs/forecasting.md
 *   npx tsx test/bench/forecast-accuracy.ts --demo    also: RMSSE on a few demo daily sales series
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDemo } from '../../main/core/demo';
import { accuracy } from '../../main/core/forecast/metrics';
import { forecastSeries } from '../../main/core/forecast/selection/select-model';
import { fitSingle } from '../../main/core/forecast/selection/families';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEV_SET = path.resolve(here, '../../../shared/data/forecast');
const DOC = path.resolve(here, '../../docs/forecasting.md');

export interface SeriesResult {
  name: string;
  frequency: number;
  length: number;
  horizon: number;
  auto: number;
  chosen: string;
  ets: number;
  arima: number;
  theta: number;
  prophet: number;
  r: { naive: number; ets: number; arima: number; theta: number };
  seconds: number;
}

function readSeries(file: string): number[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => Number(line.split(',')[1]));
}

/** The season our models use: the frequency when it is a whole number above 1, otherwise 1 (0.1 marks yearly data). */
export const seasonOf = (frequency: number) => (frequency > 1 && Number.isInteger(frequency) ? frequency : 1);

export function evaluateDevSet(dir = DEV_SET): SeriesResult[] {
  const rows = fs.readFileSync(path.join(dir, 'r_forecast_baselines.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return rows.map((row) => {
    const cells = row.split(',').map((c) => c.replace(/^"|"$/g, ''));
    const [name, frequency, length, horizon, naive, ets, arima, theta] = [cells[0]!, ...cells.slice(1).map(Number)] as [string, ...number[]];
    const y = readSeries(path.join(dir, `${name}.csv`));
    const h = horizon!;
    const train = y.slice(0, y.length - h);
    const test = y.slice(y.length - h);
    const m = seasonOf(frequency!);
    const mase = (forecast: number[]) => accuracy(train, test, forecast, m).mase;
    const started = performance.now();
    const auto = forecastSeries(train, m, h, 'auto');
    const seconds = (performance.now() - started) / 1000;
    return {
      name,
      frequency: frequency!,
      length: length!,
      horizon: h,
      auto: mase(auto.forecast.mean),
      chosen: auto.model === 'combo' ? 'combo' : auto.description,
      ets: mase(fitSingle('ets', train, m).pointForecast(h)),
      arima: mase(fitSingle('arima', train, m).pointForecast(h)),
      theta: mase(fitSingle('theta', train, m).pointForecast(h)),
      prophet: mase(fitSingle('prophet', train, m).pointForecast(h)),
      r: { naive: naive!, ets: ets!, arima: arima!, theta: theta! },
      seconds,
    };
  });
}

const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function markdownTable(results: SeriesResult[]): string {
  const f = (v: number) => v.toFixed(3);
  const lines = [
    '| series | m | n | h | **ours: auto** | chosen | ours: ets | ours: arima | ours: theta | ours: prophet | R naive | R ets | R auto.arima | R theta |',
    '|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.name} | ${r.frequency} | ${r.length} | ${r.horizon} | **${f(r.auto)}** | ${r.chosen} | ${f(r.ets)} | ${f(r.arima)} | ${f(r.theta)} | ${f(r.prophet)} | ${f(r.r.naive)} | ${f(r.r.ets)} | ${f(r.r.arima)} | ${f(r.r.theta)} |`),
    `| **mean** | | | | **${f(avg(results.map((r) => r.auto)))}** | | ${f(avg(results.map((r) => r.ets)))} | ${f(avg(results.map((r) => r.arima)))} | ${f(avg(results.map((r) => r.theta)))} | ${f(avg(results.map((r) => r.prophet)))} | ${f(avg(results.map((r) => r.r.naive)))} | ${f(avg(results.map((r) => r.r.ets)))} | ${f(avg(results.map((r) => r.r.arima)))} | ${f(avg(results.map((r) => r.r.theta)))} |`,
  ];
  const better = results.filter((r) => r.auto <= r.r.ets).length;
  lines.push('', `Auto is at least as good as R's ets on ${better} of ${results.length} series; mean MASE ${f(avg(results.map((r) => r.auto)))} against auto.arima's ${f(avg(results.map((r) => r.r.arima)))}.`);
  return lines.join('\n');
}

/** Demo SKUs for the daily comparison: a staple, a seasonal drink, fresh goods with December holidays, household, a slow mover. */
export const DEMO_SKUS = ['SKU-1001', 'SKU-1101', 'SKU-1201', 'SKU-1301', 'SKU-1305', 'SKU-1501', 'SKU-1207'];
const DEMO_HOLDOUT = 28;

/**
 * Daily units of a few demo SKUs at one store over `salesDays` days; the last 28 days held out. RMSSE of the
 * Prophet-style regression (given the dates, so holidays and the yearly terms apply) beside the
 * seasonal naive, ETS and auto (season 7, without the dates, as the 1,000-series bench runs it).
 */
export function evaluateDemo(salesDays = 730, skus = DEMO_SKUS): { sku: string; name: string; prophet: number; snaive: number; ets: number; auto: number; autoChoice: string }[] {
  const rows = new Map<string, { day: number; units: number }[]>(skus.map((sku) => [sku, []]));
  const names = new Map<string, string>();
  for (const chunk of generateDemo({ days: 1, stores: 1, seed: 7, end: new Date('2026-11-30T00:00:00Z'), salesDays })) {
    if (chunk.kind === 'catalog') for (const sku of chunk.skus) names.set(sku.sku, sku.name);
    if (chunk.kind === 'sales') for (const row of chunk.rows) rows.get(row.sku)?.push({ day: Math.floor(Date.parse(row.date) / 86_400_000), units: row.units });
    if (chunk.kind === 'events') break;
  }
  return skus.map((sku) => {
    const series = rows.get(sku)!;
    const y = series.map((r) => r.units);
    const train = y.slice(0, y.length - DEMO_HOLDOUT);
    const test = y.slice(y.length - DEMO_HOLDOUT);
    const rmsse = (forecast: number[]) => accuracy(train, test, forecast.map((v) => Math.max(0, v)), 7).rmsse;
    const auto = forecastSeries(train, 7, DEMO_HOLDOUT);
    return {
      sku,
      name: names.get(sku) ?? sku,
      prophet: rmsse(fitSingle('prophet', train, 7, { days: series.map((r) => r.day) }).pointForecast(DEMO_HOLDOUT)),
      snaive: rmsse(fitSingle('snaive', train, 7).pointForecast(DEMO_HOLDOUT)),
      ets: rmsse(fitSingle('ets', train, 7).pointForecast(DEMO_HOLDOUT)),
      auto: rmsse(auto.forecast.mean),
      autoChoice: auto.model,
    };
  });
}

function printDemo(salesDays: number) {
  const results = evaluateDemo(salesDays);
  const f = (v: number) => v.toFixed(3);
  console.log(`\n| demo SKU (store 1, ${salesDays} days, last 28 held out) | prophet | snaive | ets | auto (chosen) |\n|---|---:|---:|---:|---:|`);
  for (const r of results) console.log(`| ${r.sku} ${r.name} | ${f(r.prophet)} | ${f(r.snaive)} | ${f(r.ets)} | ${f(r.auto)} (${r.autoChoice}) |`);
  console.log(`| **mean** | ${f(avg(results.map((r) => r.prophet)))} | ${f(avg(results.map((r) => r.snaive)))} | ${f(avg(results.map((r) => r.ets)))} | ${f(avg(results.map((r) => r.auto)))} |`);
}

const BEGIN = '<!-- accuracy-table:begin (npx tsx test/bench/forecast-accuracy.ts --write) -->';
const END = '<!-- accuracy-table:end -->';

function main() {
  const results = evaluateDevSet();
  const table = markdownTable(results);
  console.log(table);
  console.log(`\nauto selection took ${results.map((r) => `${r.name} ${r.seconds.toFixed(2)} s`).join(', ')}`);
  if (process.argv.includes('--write')) {
    const doc = fs.readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    if (start < 0 || end < start) throw new Error(`${DOC} has no accuracy-table markers`);
    fs.writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n${table}\n${doc.slice(end)}`);
    console.log(`Wrote the table to ${path.relative(process.cwd(), DOC)}.`);
  }
  // 730 days leave 702 to train on, under the two years the yearly terms need; 758 leave 730.
  if (process.argv.includes('--demo')) for (const days of [730, 758]) printDemo(days);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
