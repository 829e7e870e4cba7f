import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/test-helpers';
import { readCsvMatrix } from './csv-matrix';

const tmp = tempDir('watchdog-detect-');
afterAll(() => tmp.cleanup());
let files = 0;
function csv(text: string): string {
  const file = path.join(tmp.dir, `set-${++files}.csv`);
  fs.writeFileSync(file, text);
  return file;
}

describe('numeric CSV → matrix', () => {
  it('reads every column as a feature, row-major, on a SharedArrayBuffer', async () => {
    const m = await readCsvMatrix(csv('a,b,c\n1,2.5,-3\n4e2, .5 ,+6\n'));
    expect(m).toMatchObject({ rows: 2, cols: 3, features: ['a', 'b', 'c'] });
    expect([...m.data]).toEqual([1, 2.5, -3, 400, 0.5, 6]);
    expect(m.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...m.fileRows]).toEqual([2, 3]);
  });

  it('leaves out the excluded columns (a label), and skips blank rows; semicolons and a BOM are fine', async () => {
    const m = await readCsvMatrix(csv('\uFEFFx;is_outlier;y\n1;0;2\n\n3;1;4\n'), { exclude: ['is_outlier'] });
    expect(m).toMatchObject({ rows: 2, cols: 2, features: ['x', 'y'] });
    expect([...m.data]).toEqual([1, 2, 3, 4]);
  });

  it('grows past its first buffers', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i * 2}`);
    const m = await readCsvMatrix(csv(`a,b\n${rows.join('\n')}\n`));
    expect(m.rows).toBe(5000);
    expect(m.data[2 * 4999 + 1]).toBe(9998);
  });

  it('names the row and the column of a cell that is not a number', async () => {
    const file = csv('f0,f1,label\n1,2,ok\n3,abc,ok\n');
    await expect(readCsvMatrix(file, { exclude: ['label'] })).rejects.toThrow(`${path.basename(file)}, row 3, column "f1": is "abc", not a number (every column not excluded is a feature and needs a number in every row).`);
    await expect(readCsvMatrix(file)).rejects.toThrow(/row 2, column "label": is "ok", not a number/);
    await expect(readCsvMatrix(csv('a,b\n1,\n'))).rejects.toThrow(/row 2, column "b": is empty, not a number/);
    await expect(readCsvMatrix(csv('a\n0x10\n'))).rejects.toThrow(/is "0x10", not a number/);
    await expect(readCsvMatrix(csv('a\nNaN\n'))).rejects.toThrow(/is "NaN", not a number/);
    await expect(readCsvMatrix(csv('a\n1e999\n'))).rejects.toThrow(/is "1e999", not a number/);
    await expect(readCsvMatrix(csv('a,b\n1,2,3\n'))).rejects.toThrow(/row 2: has 3 cells but the header has 2/);
  });

  it('says so when there is nothing to score', async () => {
    await expect(readCsvMatrix(csv(''))).rejects.toThrow(/is empty: a header row and at least one row of numbers are needed/);
    await expect(readCsvMatrix(csv('a,b\n'))).rejects.toThrow(/has a header but no rows of numbers/);
    await expect(readCsvMatrix(csv('label\n1\n'), { exclude: ['label'] })).rejects.toThrow(/has no feature columns left once the excluded ones are taken out/);
    await expect(readCsvMatrix(csv('a,b\n1,2\n'), { exclude: ['c'] })).rejects.toThrow(/"c" is not a column of set-\d+\.csv \(its columns: a, b\)/);
    await expect(readCsvMatrix(path.join(tmp.dir, 'missing.csv'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
