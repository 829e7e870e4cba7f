/**
 * Automatic model selection for 1,000 daily series of 730 days, like the demo's sales: 25 stores ×
 * 40 SKUs from the demo's own sales model (weekday profile, yearly season, store trend, holidays,
 * promotions, negative-binomial noise, five intermittent slow movers per store). Season 7 (see
 * docs/forecasting.md), a 28-day horizon, a worker per core. Prints the time and what was chosen;
 * the figures are for people to read, not a test.
 *
 *   npx tsx test/bench/forecast-bench.ts [series=1000] [workers=cores]
 */
import os from 'node:os';
import { epochDayOf } from '../../main/core/demo/calendar';
import { buildSalesHistory } from '../../main/core/demo/sales';
import { storeLayouts } from '../../main/core/demo/staff';
import { ForecastWorkers } from '../../main/core/forecast/forecast-workers';

const SERIES = Number(process.argv[2] ?? 1000);
const WORKERS = Number(process.argv[3] ?? os.availableParallelism());
const DAYS = 730;
const HORIZON = 28;
const SKUS = 40;

function demoSeries(count: number): number[][] {
  const stores = storeLayouts(Math.ceil(count / SKUS));
  const firstDay = epochDayOf(Date.parse('2024-01-01T00:00:00Z'));
  const history = buildSalesHistory(7, stores, firstDay, DAYS);
  const series: number[][] = [];
  for (let s = 0; s < stores.length && series.length < count; s++) {
    for (let k = 0; k < SKUS && series.length < count; k++) {
      series.push(Array.from({ length: DAYS }, (_, d) => history.unitsOn(s, firstDay + d, k)));
    }
  }
  return series;
}

async function main() {
  const series = demoSeries(SERIES);
  const zeros = series.filter((y) => y.filter((v) => v === 0).length / y.length > 0.5).length;
  console.log(`${series.length} series × ${DAYS} days (${zeros} with more than half zero days), horizon ${HORIZON}, season 7, ${WORKERS} workers on ${os.availableParallelism()} cores`);
  const pool = new ForecastWorkers(WORKERS);
  const started = performance.now();
  let lastReport = started;
  const results = await pool.forecastMany(series, {
    season: 7,
    horizon: HORIZON,
    onProgress: (done, total) => {
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        console.log(`  ${done}/${total} after ${((lastReport - started) / 1000).toFixed(0)} s`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const chosen = new Map<string, number>();
  for (const r of results) chosen.set(r.model, (chosen.get(r.model) ?? 0) + 1);
  const mase = results.map((r) => r.backtest?.mase ?? NaN).filter(Number.isFinite);
  console.log(`auto selection: ${seconds.toFixed(1)} s for ${series.length} series (${((seconds * 1000) / series.length).toFixed(0)} ms a series; target 300 s for 1,000)`);
  console.log(`chosen: ${[...chosen].sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name} ${count}`).join(', ')}`);
  console.log(`mean backtest MASE of the chosen models: ${(mase.reduce((a, b) => a + b, 0) / mase.length).toFixed(3)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
