import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../api/errors';
import { tempDir } from '../store/test-helpers';
import { previewImport } from './preview';
import { CHUNK_BYTES, detectFormat, openRows, type ImportFormat, type RawRow } from './source';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('watchdog-sources-');
});
afterAll(() => tmp.cleanup());

const write = (name: string, text: string | Buffer) => {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const readAll = async (file: string, format?: ImportFormat): Promise<RawRow[]> => {
  const rows: RawRow[] = [];
  for await (const chunk of openRows(file, format).chunks()) rows.push(...chunk);
  return rows;
};
const failure = async (work: Promise<unknown>): Promise<AppError> => {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('did not fail');
};

describe('CSV', () => {
  it('numbers rows as a spreadsheet does: header row 1, a quoted cell across lines is one row, blank rows counted and skipped', async () => {
    const file = write('quoted.csv', '\uFEFFTimestamp,Note,Amount\r\n2026-01-05 09:00,"Line one\r\nline two, with a comma",1.00\r\n\r\n2026-01-05 09:01,"He said ""no""",2.00\r\n,,\r\n2026-01-05 09:02,plain,3.00\r\n');
    const rows = await readAll(file);
    expect(rows.map((r) => r.row)).toEqual([2, 4, 6]);
    expect(rows[0]?.data).toEqual({ Timestamp: '2026-01-05 09:00', Note: 'Line one\r\nline two, with a comma', Amount: '1.00' });
    expect(rows[1]?.data?.Note).toBe('He said "no"');
    // The BOM is not part of the first column's name.
    const source = openRows(file);
    for await (const _ of source.chunks()) break;
    expect(source.columns).toEqual(['Timestamp', 'Note', 'Amount']);
  });

  it('finds the delimiter, names blank and repeated headers, and refuses a row with more cells than the header', async () => {
    const file = write('semicolon.csv', 'Store;;Store;Amount\nS001;x;S002;1,50\nS001;y;S003;2,00;extra\nS001;z\n');
    const source = openRows(file);
    const rows: RawRow[] = [];
    for await (const chunk of source.chunks()) rows.push(...chunk);
    expect(source.delimiter).toBe(';');
    expect(source.columns).toEqual(['Store', 'Column 2', 'Store (2)', 'Amount']);
    expect(rows).toEqual([
      { row: 2, data: { Store: 'S001', 'Column 2': 'x', 'Store (2)': 'S002', Amount: '1,50' } },
      { row: 3, data: null, problem: 'has 5 cells but the header has 4 (an unquoted delimiter in a value?)' },
      // A short row is read with its missing cells empty.
      { row: 4, data: { Store: 'S001', 'Column 2': 'z', 'Store (2)': '', Amount: '' } },
    ]);
  });

  it('reads a file of many chunks with multi-byte characters across chunk boundaries intact', async () => {
    const line = (i: number) => `${i},"Café ☕ 🧾 ${'é'.repeat(i % 7)}",ok\n`;
    const count = Math.ceil((3 * CHUNK_BYTES) / line(0).length);
    const file = write('utf8.csv', `n,text,flag\n${Array.from({ length: count }, (_, i) => line(i)).join('')}`);
    const rows = await readAll(file);
    expect(rows).toEqual(Array.from({ length: count }, (_, i) => ({ row: i + 2, data: { n: String(i), text: `Café ☕ 🧾 ${'é'.repeat(i % 7)}`, flag: 'ok' } })));
  });

  it('reports a quote that is never closed at the end of the file as that row’s problem', async () => {
    const rows = await readAll(write('open-quote.csv', 'a,b\n1,2\n3,"never closed\n4,5\n'));
    expect(rows[0]).toEqual({ row: 2, data: { a: '1', b: '2' } });
    expect(rows[1]).toMatchObject({ row: 3, data: null, problem: expect.stringMatching(/^is not valid CSV: Quoted field unterminated/) });
  });
});

describe('JSON Lines and JSON arrays', () => {
  it('numbers JSON Lines by line, skipping blank lines, and reports a bad line as a bad row', async () => {
    const rows = await readAll(write('events.jsonl', '{"a":1}\n\n{"a":2}\r\nnot json\n[1]\n{"a":3}'));
    expect(rows).toEqual([
      { row: 1, data: { a: 1 } },
      { row: 3, data: { a: 2 } },
      { row: 4, data: null, problem: expect.stringMatching(/^is not valid JSON: /) },
      { row: 5, data: null, problem: 'must be a JSON object (one event), not a list' },
      { row: 6, data: { a: 3 } },
    ]);
  });

  it('streams a JSON array element by element across chunks, strings with brackets and escapes included', async () => {
    const item = (i: number) => ({ i, text: `a "quoted" ] } [ { \\ ${'x'.repeat(i % 50)}`, nested: { list: [i, [i + 1]] } });
    const count = Math.ceil((3 * CHUNK_BYTES) / JSON.stringify(item(0)).length);
    const items = Array.from({ length: count }, (_, i) => item(i));
    const rows = await readAll(write('big.json', JSON.stringify(items, null, 2)));
    expect(rows).toEqual(items.map((data, i) => ({ row: i + 1, data })));
  });

  it('reports a bad element as its row, and a file that is not one array as an error', async () => {
    expect(await readAll(write('mixed.json', '[{"a":1}, 7, {"a":2,}, {"a":3}]'))).toEqual([
      { row: 1, data: { a: 1 } },
      { row: 2, data: null, problem: 'must be a JSON object (one event), not 7' },
      { row: 3, data: null, problem: expect.stringMatching(/^is not valid JSON: /) },
      { row: 4, data: { a: 3 } },
    ]);
    expect((await failure(readAll(write('object.json', '{"a":1}'), 'json'))).message).toMatch(/must hold an array of events .* but it starts with "\{"/);
    expect((await failure(readAll(write('open.json', '[{"a":1},'), 'json'))).message).toMatch(/ends before its array is closed/);
    expect((await failure(readAll(write('after.json', '[{"a":1}] {"b":2}'), 'json'))).message).toMatch(/more after its array ended/);
  });
});

describe('formats and preview', () => {
  it('tells formats from names, or else from the first character', () => {
    expect(detectFormat('x.CSV')).toBe('csv');
    expect(detectFormat('x.ndjson')).toBe('jsonl');
    expect(detectFormat(write('noext-array', '\n [ {} ]'))).toBe('json');
    expect(detectFormat(write('noext-lines', '{"a":1}\n'))).toBe('jsonl');
    expect(detectFormat(write('noext-table', 'a,b\n'))).toBe('csv');
  });

  it('refuses a missing file before reading', () => {
    expect(() => openRows(path.join(tmp.dir, 'missing.csv'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/no such file/) }));
  });

  it('previews JSON with the union of the first rows’ keys as columns and every cell as text', async () => {
    const file = write('preview.jsonl', '{"when":"2026-01-05T09:00:00Z","store":"S001","type":"Sale","total":1.5}\n{"when":"2026-01-05T09:01:00Z","store":"S001","type":"Refund","extra":{"k":[1]}}\n');
    const preview = await previewImport(file, { rows: 5 });
    expect(preview).toMatchObject({ format: 'jsonl', delimiter: null, columns: ['when', 'store', 'type', 'total', 'extra'] });
    expect(preview.rows).toEqual([
      { row: 1, cells: ['2026-01-05T09:00:00Z', 'S001', 'Sale', '1.5', ''] },
      { row: 2, cells: ['2026-01-05T09:01:00Z', 'S001', 'Refund', '', '{"k":[1]}'] },
    ]);
    // "extra" holds JSON objects, so it is taken as the details object itself.
    expect(preview.mapping.fields).toEqual({ ts: { column: 'when' }, store_id: { column: 'store' }, action: { column: 'type' }, amount: { column: 'total' }, details: { column: 'extra' } });
    expect(preview.mappingProblems).toEqual([expect.objectContaining({ path: 'fields.currency' })]);
  });
});
