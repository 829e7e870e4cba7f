import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvMatrix } from '../../main/core/detect/csv-matrix';
import { IN_THREAD_ROWS } from '../../main/core/detect/detect-outliers';
import { scoreMatrix, trainIsolationForest } from '../../main/core/detect/isolation-forest';
import { tempDir } from '../../main/core/store/test-helpers';

/**
 * `watchdog detect` as a user runs it: the built CLI on a development set beside the checkout
 * (../shared/data/anomaly), with no database and no user. A file large enough for the worker pool
 * checks that the bundled worker (out/main/iforest-worker.cjs) scores as the source does.
 */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const WINE = path.resolve(root, '../shared/data/anomaly/wine_dev.csv');
const run = (...args: string[]) => {
  // No database and no user: the command must not need them.
  const env = { ...process.env, WATCHDOG_DB: '', WATCHDOG_USER: '', WATCHDOG_PASSWORD: '', WATCHDOG_RECOVERY_KEY: '' };
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
const lines = (stdout: string) => stdout.trimEnd().split('\n');

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: npm run build');
  tmp = tempDir('watchdog-detect-cli-');
});
afterAll(() => tmp.cleanup());

// Each run starts the whole CLI bundle (about a second on a busy machine), and some tests make five.
describe('watchdog detect', { timeout: 60_000 }, () => {
  it('prints one score per row of wine_dev.csv, in row order, the same for the same seed', () => {
    const first = run('detect', '--csv', WINE, '--exclude-column', 'is_outlier', '--seed', '7');
    expect(first.code, first.stderr).toBe(0);
    const scores = lines(first.stdout).map(Number);
    expect(scores).toHaveLength(fs.readFileSync(WINE, 'utf8').trim().split('\n').length - 1);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
    expect(run('detect', '--csv', WINE, '--exclude-column', 'is_outlier', '--seed', '7').stdout).toBe(first.stdout);
    expect(run('detect', '--csv', WINE, '--exclude-column', 'is_outlier', '--seed', '8').stdout).not.toBe(first.stdout);
    // Seed 1 unless told otherwise.
    expect(run('detect', '--csv', WINE, '--exclude-column', 'is_outlier').stdout).toBe(run('detect', '--csv', WINE, '--exclude-column', 'is_outlier', '--seed', '1').stdout);
  });

  it('with --json, prints what was trained on what, and the same scores', async () => {
    const result = run('detect', '--csv', WINE, '--exclude-column', 'is_outlier', '--seed', '3', '--json');
    expect(result.code, result.stderr).toBe(0);
    const { model, scores } = JSON.parse(result.stdout) as { model: Record<string, unknown>; scores: number[] };
    expect(model).toMatchObject({
      version: 1,
      kind: 'isolation-forest',
      trees: 100,
      maxSamples: 117,
      heightLimit: 7,
      seed: 3,
      features: Array.from({ length: 13 }, (_, i) => `f${i}`),
      trainedOn: { rows: 117, source: 'wine_dev.csv', sha256: createHash('sha256').update(fs.readFileSync(WINE)).digest('hex') },
      metrics: { nodes: expect.any(Number), trainingScores: { p50: expect.any(Number), max: expect.any(Number) } },
    });
    expect(Number.isNaN(Date.parse(model.trainedAt as string))).toBe(false);
    expect(scores.join('\n')).toBe(lines(run('detect', '--csv', WINE, '--exclude-column', 'is_outlier', '--seed', '3').stdout).join('\n'));
    // The bundle scores exactly as the source does.
    const matrix = await readCsvMatrix(WINE, { exclude: ['is_outlier'] });
    expect(scores).toEqual(Array.from(scoreMatrix(trainIsolationForest(matrix, { seed: 3 }), matrix)));
  });

  it('scores a file large enough for the worker pool exactly as one thread does', async () => {
    const file = path.join(tmp.dir, 'large.csv');
    const rows = IN_THREAD_ROWS + 5000;
    const text = Array.from({ length: rows }, (_, i) => `${(i * 7919) % 1000},${Math.sin(i).toFixed(6)},${i % 17}`);
    fs.writeFileSync(file, `a,b,c\n${text.join('\n')}\n`);
    const result = run('detect', '--csv', file, '--seed', '5');
    expect(result.code, result.stderr).toBe(0);
    const matrix = await readCsvMatrix(file);
    const expected = scoreMatrix(trainIsolationForest(matrix, { seed: 5 }), matrix);
    const printed = lines(result.stdout).map(Number);
    expect(printed).toHaveLength(rows);
    expect(printed.every((score, i) => score === expected[i])).toBe(true);
  });

  it('exits 2 naming the row and the column of a cell that is not a number', () => {
    const file = path.join(tmp.dir, 'bad.csv');
    fs.writeFileSync(file, 'f0,f1,is_outlier\n1.5,2,0\n2.5,n/a,0\n3.5,4,1\n');
    const result = run('detect', '--csv', file, '--exclude-column', 'is_outlier');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('watchdog: bad.csv, row 3, column "f1": is "n/a", not a number (every column not excluded is a feature and needs a number in every row).\n');
  });

  it('exits 2 on an unknown column, a bad seed or no --csv; 1 on a missing file', () => {
    expect(run('detect', '--csv', WINE, '--exclude-column', 'label')).toMatchObject({ code: 2, stderr: expect.stringMatching(/"label" is not a column of wine_dev\.csv \(its columns: f0, f1, .*is_outlier\)/) });
    expect(run('detect', '--csv', WINE, '--seed=-3')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--seed.*must be a whole number from 0/) });
    expect(run('detect')).toMatchObject({ code: 2, stderr: expect.stringMatching(/required option '--csv <file>' not specified/) });
    expect(run('detect', '--csv', path.join(tmp.dir, 'missing.csv'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/no such file/) });
  });
});
