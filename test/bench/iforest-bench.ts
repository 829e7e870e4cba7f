/**
 * `npx tsx test/bench/iforest-bench.ts`: the isolation forest's figures on this machine
 * (docs/detection.md). Trains 100 trees on 256-row subsamples of a 1,000,000 × 8 matrix (median of
 * 20), then scores all its rows through the worker pool (one worker per core) and on one thread,
 * alternately, median of 3 each. IFOREST_ROWS changes the row count. Nothing here asserts: shared
 * machines are noisy, so read the figures beside the load average printed with them.
 */
import os from 'node:os';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Matrix } from '../../main/core/detect/forest';
import { IForestWorkers } from '../../main/core/detect/iforest-workers';
import { scoreMatrix, trainIsolationForest, type Model } from '../../main/core/detect/isolation-forest';
import { printTable, type BenchRow } from './stats';

const ROWS = Number(process.env.IFOREST_ROWS ?? 1_000_000);
const COLS = 8;
const TRAIN_RUNS = 20;
const SCORE_RUNS = 3;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed<T>(work: () => T | Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

/** Uniform rows on a SharedArrayBuffer, as readCsvMatrix leaves them, so the workers read them in place. */
function randomMatrix(rows: number, cols: number): Matrix {
  const rng = xoroshiro128plus(2026);
  const data = new Float64Array(new SharedArrayBuffer(rows * cols * Float64Array.BYTES_PER_ELEMENT));
  for (let i = 0; i < data.length; i++) data[i] = uniformFloat64(rng);
  return { rows, cols, data };
}

async function main(): Promise<void> {
  console.log(`isolation forest: ${ROWS.toLocaleString('en-US')} rows × ${COLS}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const matrix = randomMatrix(ROWS, COLS);

  const trainMs: number[] = [];
  let model: Model | null = null;
  for (let seed = 0; seed < TRAIN_RUNS + 2; seed++) {
    const [ms, trained] = await timed(() => trainIsolationForest(matrix, { seed }));
    // The first two runs compile the code; a running host has done that long before.
    if (seed >= 2) trainMs.push(ms);
    model = trained;
  }
  if (!model) throw new Error('no model');

  const pool = new IForestWorkers();
  // Started, loaded and compiled before the clock, as in a running host.
  await pool.score(model, randomMatrix(50_000, COLS));
  scoreMatrix(model, randomMatrix(50_000, COLS));
  const workerMs: number[] = [];
  const threadMs: number[] = [];
  let same = true;
  for (let run = 0; run < SCORE_RUNS; run++) {
    const [wms, viaWorkers] = await timed(() => pool.score(model, matrix));
    const [tms, onThread] = await timed(() => scoreMatrix(model, matrix));
    workerMs.push(wms);
    threadMs.push(tms);
    same &&= Buffer.from(viaWorkers.buffer).equals(Buffer.from(onThread.buffer));
  }
  await pool.close();

  const rows: BenchRow[] = [
    { name: `train 100 trees × ${model.maxSamples} rows (median of ${TRAIN_RUNS}; min ${Math.min(...trainMs).toFixed(1)})`, value: median(trainMs), unit: 'ms', target: '≤ 100 ms', pass: median(trainMs) <= 100 },
    { name: `score ${ROWS.toLocaleString('en-US')} × ${COLS}, ${pool.size} workers (median of ${SCORE_RUNS})`, value: median(workerMs) / 1000, unit: 's', target: '≤ 3 s', pass: median(workerMs) <= 3000 },
    { name: `score ${ROWS.toLocaleString('en-US')} × ${COLS}, one thread (median of ${SCORE_RUNS})`, value: median(threadMs) / 1000, unit: 's', target: '', pass: null },
    { name: 'one thread ÷ workers, run by run', value: median(threadMs.map((t, i) => t / workerMs[i]!)), unit: '×', target: '', pass: null },
  ];
  printTable(rows);
  console.log(`workers and one thread gave ${same ? 'identical' : 'DIFFERENT'} scores; ${model.metrics.nodes.toLocaleString('en-US')} nodes; runs: workers ${workerMs.map((t) => t.toFixed(0)).join(', ')} ms, one thread ${threadMs.map((t) => t.toFixed(0)).join(', ')} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
