import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../main/core/demo/demo-users';
import { tempDir } from '../../main/core/store/test-helpers';

/**
 * `watchdog import` as a user runs it: the built CLI, a real set-up log, the till export fixture that
 * the import wizard's end-to-end test uses too.
 */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const FIXTURE = path.join(root, 'test', 'fixtures', 'imports', 'till-export.csv');
const SALES = path.join(root, 'test', 'fixtures', 'imports', 'sales-history.csv');
const STOCK = path.join(root, 'test', 'fixtures', 'imports', 'stock-snapshots.csv');
const run = (...args: string[]) => {
  const env = { ...process.env, WATCHDOG_DB: '', WATCHDOG_RECOVERY_KEY: '', WATCHDOG_USER: DEMO_ADMIN.name, WATCHDOG_PASSWORD: DEMO_ADMIN.password };
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: npm run build');
  tmp = tempDir();
  db = path.join(tmp.dir, 'import.db');
  const setup = run('setup', '--db', db, '--store', 'Test store', '--admin', DEMO_ADMIN.name);
  expect(setup.code, setup.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('watchdog import', () => {
  it('previews the columns, the first rows and a guessed mapping that can be passed back with --mapping', () => {
    const preview = run('import', FIXTURE, '--preview', '--rows', '3');
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^CSV, delimiter ",", [\d,]+ bytes\. Columns: Timestamp, Store, Register, Cashier, Type, Receipt, Amount, Currency, Items, Note$/m);
    expect(preview.stdout).toMatch(/^4\s+2026-03-02 09:01:12\s+S001\s+R1\s+jmorales\s+Sale\s+100231\s+12\.49\s+USD\s+2$/m);
    expect(preview.stdout).not.toMatch(/^5\s/m);
    const json = /^\{$[\s\S]*?^\}$/m.exec(preview.stdout)?.[0] ?? '';
    expect(JSON.parse(json)).toMatchObject({ fields: { ts: { column: 'Timestamp' }, action: { column: 'Type' }, amount: { column: 'Amount' } }, details: ['Items', 'Note'] });
    fs.writeFileSync(path.join(tmp.dir, 'mapping.json'), json);
  });

  it('imports the good rows, writes the two bad ones to --errors and exits 2; again, it stores nothing twice', () => {
    const errors = path.join(tmp.dir, 'errors.csv');
    const first = run('import', FIXTURE, '--db', db, '--mapping', path.join(tmp.dir, 'mapping.json'), '--errors', errors);
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toMatch(/^40 rows read in [\d.]+ s: 38 events stored, 0 already present \(not stored twice\), 2 rejected\.$/m);
    expect(first.stderr).toMatch(/row 14: ts: Invalid ISO datetime \(column Timestamp: "2026-02-30 09:44:29"\)/);
    expect(first.stderr).toMatch(/row 28: action: must be a dotted lower-case verb/);
    expect(fs.readFileSync(errors, 'utf8').trim().split('\n').map((l) => l.split(',')[0])).toEqual(['row', '14', '28']);
    const listed = JSON.parse(run('events', '--db', db, '--from', '2026-03-02T00:00:00Z', '--to', '2026-03-03T00:00:00Z', '--limit', '100', '--json').stdout) as { action: string }[];
    expect(listed).toHaveLength(38);
    // Without --mapping, the guessed one (the same here); without --errors, a temp report.
    const again = run('import', FIXTURE, '--db', db);
    expect(again.code).toBe(2);
    expect(again.stdout).toMatch(/40 rows read in [\d.]+ s: 0 events stored, 38 already present/);
    expect(again.stderr).toMatch(/^Mapping guessed from the column names \(see --preview\): ts ← Timestamp, store_id ← Store, .*; details ← Items, Note\.$/m);
    const report = /Every reason: (.*\.csv)$/m.exec(again.stderr)?.[1] as string;
    expect(fs.readFileSync(report, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    fs.rmSync(report);
  });

  it('exits 2 with every problem of a mapping that cannot work, before logging in', () => {
    const bad = path.join(tmp.dir, 'bad-mapping.json');
    fs.writeFileSync(bad, JSON.stringify({ fields: { ts: { column: 'Timestamp' }, colour: { value: 'red' } } }));
    const result = run('import', FIXTURE, '--db', db, '--mapping', bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/fields\.colour: is not an event field/);
    expect(result.stderr).toMatch(/fields\.store_id: is required/);
    fs.writeFileSync(bad, JSON.stringify({ fields: { ts: { column: 'When' }, store_id: { value: 'S001' }, action: { column: 'Type' } } }));
    expect(run('import', FIXTURE, '--db', db, '--mapping', bad)).toMatchObject({ code: 2, stderr: expect.stringMatching(/fields\.ts\.column: "When" is not a column of this file \(its columns: Timestamp, Store/) });
    const incomplete = path.join(tmp.dir, 'no-currency.jsonl');
    fs.writeFileSync(incomplete, '{"time":"2026-03-02T09:00:00Z","store":"S001","type":"Sale","total":"1.00"}\n');
    expect(run('import', incomplete, '--db', db)).toMatchObject({ code: 2, stderr: expect.stringMatching(/guessed from the column names is incomplete:\n {2}fields\.currency: is required when an amount is mapped/) });
  });

  it('imports sales and stock history with --kind, and records every import in the log', () => {
    const sales = run('import', SALES, '--kind', 'sales', '--db', db);
    expect(sales.code, sales.stderr).toBe(2);
    expect(sales.stdout).toMatch(/^30 rows read in [\d.]+ s: 28 imported, 2 rejected; \d+ store × SKU × day sales totals written \(2 stores, 3 SKUs, 2026-03-01 to 2026-03-03\)\.$/m);
    expect(sales.stderr).toMatch(/row 14: date: /);
    expect(sales.stderr).toMatch(/row 19: units: /);
    const again = run('import', SALES, '--kind', 'sales', '--db', db);
    expect(again.stdout).toMatch(/: 0 imported, 2 rejected;/);
    const stock = run('import', STOCK, '--kind', 'stock', '--db', db);
    expect(stock.code, stock.stderr).toBe(0);
    expect(stock.stdout).toMatch(/^12 rows read in [\d.]+ s: 12 imported, 0 rejected; \d+ store × SKU × day stock counts written/m);
    const records = JSON.parse(run('events', '--db', db, '--action', 'data.import', '--limit', '100', '--json').stdout) as { resource_id: string; details: Record<string, unknown> }[];
    const kinds = records.map((r) => `${String(r.details.kind)} ${r.resource_id} ${String(r.details.rows_stored)}`).sort();
    expect(kinds).toEqual(['events till-export.csv 0', 'events till-export.csv 38', 'sales sales-history.csv 0', 'sales sales-history.csv 28', 'stock stock-snapshots.csv 12']);
  });
});
