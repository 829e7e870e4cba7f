/**
 * The global LSTM on 1,000 synthetic daily SKU series of 730 days (weekday profile, yearly season,
 * trend, Poisson noise, one in ten intermittent): the last 28 days held out, the model trained on
 * the rest (backtest model, then the final one) in its worker. Prints the time, the backend and the
 * hold-out MASE/RMSSE of the LSTM against the seasonal naive; figures to read, not a test.
 *
 *   npx tsx test/bench/lstm-bench.ts [series=1000] [days=730]     (or: npm run bench -- lstm)
 */
import os from 'node:os';
import { runGlobalLstm } from '../../main/core/forecast/lstm';
import { accuracy } from '../../main/core/forecast/metrics';
import { SeededRandom } from '../../main/core/forecast/rng';

const HOLD_OUT = 28;
const WEEK = [0.85, 0.85, 0.9, 0.95, 1.1, 1.35, 1.0];

function poisson(mean: number, random: SeededRandom): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

export function syntheticSkus(count: number, days: number, seed = 42): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, (_, s) => {
    const intermittent = s % 10 === 9;
    const level = intermittent ? 0.2 + 0.8 * random.next() : Math.exp(1.5 + 2.5 * random.next());
    const week = WEEK.map((w) => w * (0.9 + 0.2 * random.next()));
    const yearly = 0.3 * random.next();
    const phase = 365 * random.next();
    const trend = -0.2 + 0.5 * random.next();
    return Array.from({ length: days }, (_, t) => {
      const mean = level * week[t % 7]! * (1 + yearly * Math.sin((2 * Math.PI * (t + phase)) / 365.25)) * (1 + (trend * t) / days);
      return poisson(Math.max(0, mean), random);
    });
  });
}

const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export async function lstmBench(count = 1000, days = 730): Promise<void> {
  const series = syntheticSkus(count, days);
  const train = series.map((y) => y.slice(0, days - HOLD_OUT));
  console.log(`${count} series × ${days} days (${series.filter((_, s) => s % 10 === 9).length} intermittent), last ${HOLD_OUT} held out, season 7, ${os.availableParallelism()} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let lastReport = started;
  const result = await runGlobalLstm(train, {
    season: 7,
    horizons: [HOLD_OUT],
    onProgress: (done, total, phase) => {
      if (performance.now() - lastReport > 15_000 || done === total) {
        lastReport = performance.now();
        console.log(`  ${done}/${total} ${phase} after ${((lastReport - started) / 1000).toFixed(0)} s`);
      }
    },
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const lstm = series.map((y, s) => accuracy(train[s]!, y.slice(-HOLD_OUT), result.series[s]!.byHorizon[HOLD_OUT]!.forecast.mean, 7));
  const snaive = series.map((y, s) => accuracy(train[s]!, y.slice(-HOLD_OUT), Array.from({ length: HOLD_OUT }, (_, k) => train[s]![train[s]!.length - 7 + (k % 7)]!), 7));
  const backtest = result.series.map((o) => o.byHorizon[HOLD_OUT]!.backtest?.mase ?? NaN).filter(Number.isFinite);
  const inside = series.map((y, s) => {
    const f = result.series[s]!.byHorizon[HOLD_OUT]!.forecast;
    const actual = y.slice(-HOLD_OUT);
    return [actual.filter((v, k) => v >= f.lower80[k]! && v <= f.upper80[k]!).length / HOLD_OUT, actual.filter((v, k) => v >= f.lower95[k]! && v <= f.upper95[k]!).length / HOLD_OUT];
  });
  console.log(`backend ${result.backend}${result.note ? ` (${result.note})` : ''}; ${result.epochs} epochs; training, backtest and forecasts ${(result.trainMs / 1000).toFixed(1)} s in the worker, ${wall.toFixed(1)} s wall clock with its start`);
  // The WASM backend runs on one thread: CPU time is what the run takes on a free core, whatever the load.
  console.log(`CPU time of this process (all threads): ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average now ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`hold-out mean MASE: LSTM ${avg(lstm.map((a) => a.mase)).toFixed(3)}, seasonal naive ${avg(snaive.map((a) => a.mase)).toFixed(3)}`);
  console.log(`hold-out mean RMSSE: LSTM ${avg(lstm.map((a) => a.rmsse)).toFixed(3)}, seasonal naive ${avg(snaive.map((a) => a.rmsse)).toFixed(3)}`);
  console.log(`LSTM backtest mean MASE (3 windows before the hold-out): ${avg(backtest).toFixed(3)}`);
  console.log(`hold-out coverage: ${(100 * avg(inside.map((c) => c[0]!))).toFixed(1)} % inside the 80 % bounds, ${(100 * avg(inside.map((c) => c[1]!))).toFixed(1)} % inside the 95 % ones`);
}

if (process.argv[1]?.endsWith('lstm-bench.ts')) {
  lstmBench(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 730)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
