/**
 * Times a full forecasting run over the demo's sales history (2 stores × 40 SKUs × 730 days, plus
 * the category totals), without and with the global LSTM, and reports the acceptance figures
 * on the SKU series (the chosen model against seasonal naive on RMSSE; every model's mean backtest,
 * the LSTM's included): `npx tsx test/bench/forecast-demo-run.ts [--no-lstm]`.
 * The figures in docs/forecasting-store.md come from here.
 */
import path from 'node:path';
import { EventBus } from '../../main/core/bus';
import { generateDemo } from '../../main/core/demo';
import { AuditStore } from '../../main/core/store';
import { tempDir } from '../../main/core/store/test-helpers';
import type { CachedResult } from '../../main/core/forecast/service/forecast-records';
import { ForecastQueries } from '../../main/core/forecast/service/forecast-queries';
import { ForecastService } from '../../main/core/forecast/service/forecast-service';

async function main(): Promise<void> {
  const tmp = tempDir('watchdog-forecast-measure-');
  const store = AuditStore.open(path.join(tmp.dir, 'measure.db'));
  for (const chunk of generateDemo({ days: 1, stores: 2, seed: 1, end: new Date('2026-11-30T00:00:00Z') })) {
    if (chunk.kind === 'catalog') store.sales.upsertSkus(chunk.skus);
    else if (chunk.kind === 'sales') store.sales.upsertDays(chunk.rows);
    else if (chunk.kind === 'stock') store.stock.upsertSnapshots(chunk.rows);
    else break;
  }
  const bus = new EventBus();
  let last = 0;
  bus.subscribe((event, payload) => {
    const p = payload as { phase: string; done: number; total: number };
    if (event === 'job.progress' && Date.now() - last > 10_000) {
      last = Date.now();
      console.log(`  ${p.phase} ${p.done}/${p.total}`);
    }
  });
  const service = new ForecastService({ db: store.db, bus });
  try {
    for (const lstm of process.argv.includes('--no-lstm') ? [false] : [false, true]) {
      const run = await service.run({ lstm });
      console.log(`lstm ${lstm}: ${run.state} ${run.done}/${run.total} series in ${(run.elapsedMs / 1000).toFixed(1)} s`, JSON.stringify(run.lstm), run.failure ?? '');
    }
    const queries = new ForecastQueries(service);
    const risky = queries.atRisk({ limit: 8 });
    console.log(risky.map((r) => `${r.storeId} ${r.sku} ${r.risk} onHand ${r.onHand} cover ${r.daysOfCover?.toFixed(1)} out ${r.stockoutDate}`).join('\n'));
    const models = new Map<string, number>();
    for (const r of service.records.results(30)) models.set(r.model, (models.get(r.model) ?? 0) + 1);
    console.log('chosen models', JSON.stringify(Object.fromEntries(models)));
    reportSkuBacktests(service.records.results(30).filter((r) => r.seriesKey.startsWith('sku:')));
  } finally {
    await service.close();
    store.close();
    tmp.cleanup();
  }
}

/** The acceptance figures: how often the chosen model beats seasonal naive on RMSSE, and each model's mean backtest. */
function reportSkuBacktests(results: readonly CachedResult[]): void {
  const rmsse = (r: CachedResult, name: string) => r.models.find((m) => m.name === name)?.backtest?.rmsse;
  const compared = results.filter((r) => Number.isFinite(rmsse(r, r.model)) && Number.isFinite(rmsse(r, 'snaive')));
  const beats = compared.filter((r) => rmsse(r, r.model)! < rmsse(r, 'snaive')!).length;
  console.log(`SKU series: the chosen model's backtest RMSSE beats seasonal naive on ${beats} of ${compared.length}`);
  const names = [...new Set(results.flatMap((r) => r.models.map((m) => m.name)))];
  for (const name of names) {
    const scores = results.flatMap((r) => r.models.filter((m) => m.name === name && m.backtest && Number.isFinite(m.backtest.rmsse)).map((m) => m.backtest!));
    const mean = (key: 'mase' | 'rmsse') => scores.reduce((sum, b) => sum + b[key], 0) / scores.length;
    const chosen = results.filter((r) => r.model === name).length;
    console.log(`  ${name.padEnd(8)} ${scores.length} series  mean MASE ${mean('mase').toFixed(3)}  mean RMSSE ${mean('rmsse').toFixed(3)}  chosen on ${chosen}`);
  }
}

void main();
