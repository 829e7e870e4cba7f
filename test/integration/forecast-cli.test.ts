import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/core/store/test-helpers';

/**
 * `watchdog forecast` as a user runs it: the built CLI on files, with no database and no user.
 */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const BJSALES = path.resolve(root, '../shared/data/forecast/BJsales_lead.csv');
const run = (...args: string[]) => {
  const env = { ...process.env, WATCHDOG_DB: '', WATCHDOG_USER: '', WATCHDOG_PASSWORD: '', WATCHDOG_RECOVERY_KEY: '' };
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

interface JsonReport {
  model: string;
  description: string;
  season: number;
  horizon: number;
  forecast: { step: number; date?: string; mean: number; lower80: number; upper80: number; lower95: number; upper95: number }[];
  backtest: { windows: number; horizon: number; metrics: Record<string, number | null> };
  candidates: { model: string; backtest: Record<string, number | null> | null }[];
}

let tmp: ReturnType<typeof tempDir>;
let daily: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: npm run build');
  tmp = tempDir('watchdog-forecast-cli-');
  // Ten weeks of daily sales with a Saturday peak.
  const profile = [0.86, 0.84, 0.9, 0.96, 1.12, 1.28, 1.04];
  const start = Date.parse('2025-03-03T00:00:00Z');
  const rows = Array.from({ length: 70 }, (_, i) => `${new Date(start + i * 86_400_000).toISOString().slice(0, 10)},${Math.round(50 * profile[i % 7]! + ((i * 7919) % 5) - 2)}`);
  daily = path.join(tmp.dir, 'daily.csv');
  fs.writeFileSync(daily, `day,units\n${rows.join('\n')}\n`);
});
afterAll(() => tmp.cleanup());

describe('watchdog forecast', { timeout: 120_000 }, () => {
  it('prints the chosen model, the backtest metrics and H rows of forecast with intervals', () => {
    const result = run('forecast', '--csv', BJSALES, '--value-column', 'y', '--horizon', '10');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^model: (snaive|ets|arima|theta|combo) — /);
    expect(result.stdout).toMatch(/backtest: 3 rolling-origin windows of 10 steps: MASE [\d.]+ {2}RMSSE [\d.]+ {2}MAE [\d.]+ {2}RMSE [\d.]+ {2}MAPE [\d.]+/);
    const table = result.stdout.slice(result.stdout.indexOf('step\tforecast'));
    const rows = table.trim().split('\n').slice(1).map((line) => line.split('\t'));
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
    for (const [, mean, lo80, hi80, lo95, hi95] of rows) expect([lo95, lo80, mean, hi80, hi95].map(Number)).toEqual([lo95, lo80, mean, hi80, hi95].map(Number).sort((a, b) => a - b));
  });

  it('with --json and a date column: daily dates imply season 7 and name the forecast days', () => {
    const result = run('forecast', '--csv', daily, '--value-column', 'units', '--date-column', 'day', '--horizon', '7', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.season).toBe(7);
    expect(report.forecast.map((f) => f.date)).toEqual(['2025-05-12', '2025-05-13', '2025-05-14', '2025-05-15', '2025-05-16', '2025-05-17', '2025-05-18']);
    // The Saturday peak survives into the forecast.
    const saturday = report.forecast.find((f) => f.date === '2025-05-17')!;
    expect(saturday.mean).toBe(Math.max(...report.forecast.map((f) => f.mean)));
    for (const f of report.forecast) expect(f.lower95 <= f.lower80 && f.lower80 <= f.mean && f.mean <= f.upper80 && f.upper80 <= f.upper95).toBe(true);
    expect(Object.keys(report.backtest.metrics)).toEqual(['mase', 'rmsse', 'mae', 'rmse', 'mape']);
    expect(report.candidates.map((c) => c.model)).toEqual(['snaive', 'ets', 'arima', 'theta', 'prophet', 'combo']);
    const chosen = report.candidates.find((c) => c.model === report.model)!;
    expect(chosen.backtest!.mase).toBe(Math.min(...report.candidates.map((c) => c.backtest!.mase!)));
  });

  it('runs a named model, and --season overrides the dates', () => {
    const result = run('forecast', '--csv', daily, '--value-column', 'units', '--date-column', 'day', '--horizon', '3', '--season', '1', '--model', 'theta', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report).toMatchObject({ model: 'theta', season: 1, horizon: 3 });
    expect(report.candidates).toHaveLength(1);
  });

  it('runs the Prophet-style regression with --model prophet, weekly terms from the daily dates', () => {
    const result = run('forecast', '--csv', daily, '--value-column', 'units', '--date-column', 'day', '--horizon', '7', '--model', 'prophet', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.model).toBe('prophet');
    expect(report.description).toMatch(/^Prophet\(\d+ changepoints; weekly order 3; /);
    expect(report.candidates.map((c) => c.model)).toEqual(['prophet']);
    const saturday = report.forecast.find((f) => f.date === '2025-05-17')!;
    expect(saturday.mean).toBe(Math.max(...report.forecast.map((f) => f.mean)));
    for (const f of report.forecast) expect(f.lower95 <= f.lower80 && f.lower80 <= f.mean && f.mean <= f.upper80 && f.upper80 <= f.upper95).toBe(true);
  });

  it('runs the global LSTM on the one series with --model lstm: backtest, intervals and how it trained', () => {
    const result = run('forecast', '--csv', daily, '--value-column', 'units', '--date-column', 'day', '--horizon', '7', '--model', 'lstm', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport & { training: { backend: string; epochs: number } };
    expect(report.model).toBe('lstm');
    expect(report.description).toBe('LSTM(32), 28-day window, global over 1 series');
    expect(report.candidates.map((c) => c.model)).toEqual(['lstm']);
    expect(report.backtest.windows).toBe(3);
    expect(report.backtest.metrics.mase).toBeGreaterThan(0);
    expect(['wasm', 'cpu', 'tensorflow']).toContain(report.training.backend);
    expect(report.forecast.map((f) => f.date)).toEqual(['2025-05-12', '2025-05-13', '2025-05-14', '2025-05-15', '2025-05-16', '2025-05-17', '2025-05-18']);
    for (const f of report.forecast) expect(f.lower95 <= f.lower80 && f.lower80 <= f.mean && f.mean <= f.upper80 && f.upper80 <= f.upper95).toBe(true);
  });

  it('refuses bad input with a sentence and exit code 2; a missing file exits 1', () => {
    const column = run('forecast', '--csv', BJSALES, '--value-column', 'sales', '--horizon', '5');
    expect(column.code).toBe(2);
    expect(column.stderr).toMatch(/"sales" is not a column of BJsales_lead\.csv \(its columns: t, y\)/);
    const horizon = run('forecast', '--csv', BJSALES, '--value-column', 'y', '--horizon', '0');
    expect(horizon.code).toBe(2);
    expect(horizon.stderr).toMatch(/must be a whole number of at least 1/);
    const missing = run('forecast', '--csv', path.join(tmp.dir, 'nope.csv'), '--value-column', 'y', '--horizon', '5');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });
});
