/**
 * Times a full forecasting run over the demo's sales history (2 stores × 40 SKUs × 730 days, plus
 * the category totals), without and with the global LSTM: `npx tsx main/core/forecast/service/measure-demo-run.ts [--no-lstm]`.
 * The figures in docs/forecasting-store.md come from here.
 */
import path from 'node:path';
import { EventBus } from '../../bus';
import { generateDemo } from '../../demo';
import { AuditStore } from '../../store';
import { tempDir } from '../../store/test-helpers';
import { ForecastQueries } from './forecast-queries';
import { ForecastService } from './forecast-service';

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
  } finally {
    await service.close();
    store.close();
    tmp.cleanup();
  }
}

void main();
