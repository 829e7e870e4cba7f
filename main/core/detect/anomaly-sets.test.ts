import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvMatrix } from './csv-matrix';
import { scoreMatrix, trainIsolationForest } from './isolation-forest';
import { rocAuc } from './roc-auc';

/**
 * The acceptance check of the isolation forest: on the development sets beside the checkout
 * (../shared/data/anomaly), the ROC AUC averaged over 10 seeds is at least scikit-learn's figure in
 * baselines.txt less 0.01. Seeds 0–9, as the baselines were made (random_state 0–9).
 */
const DATA = path.resolve(__dirname, '../../../../shared/data/anomaly');
const SEEDS = Array.from({ length: 10 }, (_, i) => i);
const LABEL = 'is_outlier';

/** "wdbc_dev: n=367 d=30 outliers=10 scikit-learn … ROC AUC 0.944 +- 0.007" */
function baselines(): { set: string; rows?: number; cols?: number; auc: number }[] {
  return fs
    .readFileSync(path.join(DATA, 'baselines.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const match = /^([\w.-]+):.*ROC AUC ([\d.]+)/.exec(line);
      if (!match) throw new Error(`baselines.txt: cannot read "${line}"`);
      const size = /\bn=(\d+) d=(\d+)\b/.exec(line);
      return { set: match[1]!, auc: Number(match[2]), ...(size && { rows: Number(size[1]), cols: Number(size[2]) }) };
    });
}

describe('isolation forest against scikit-learn on the anomaly development sets', () => {
  const sets = baselines();

  it('has the two development sets (and any others listed)', () => {
    expect(sets.map((s) => s.set)).toEqual(expect.arrayContaining(['wdbc_dev', 'wine_dev']));
  });

  it.each(sets)('$set: mean ROC AUC over 10 seeds ≥ scikit-learn $auc − 0.01', async ({ set, rows, cols, auc }) => {
    const file = path.join(DATA, `${set}.csv`);
    const features = await readCsvMatrix(file, { exclude: [LABEL] });
    if (rows !== undefined) expect(features).toMatchObject({ rows, cols });
    const labelColumn = await readCsvMatrix(file, { exclude: features.features });
    const labels = Array.from(labelColumn.data, (value) => value === 1);
    const aucs = SEEDS.map((seed) => rocAuc(scoreMatrix(trainIsolationForest(features, { seed, features: features.features }), features), labels));
    const mean = aucs.reduce((a, b) => a + b) / aucs.length;
    expect(mean).toBeGreaterThanOrEqual(auc - 0.01);
  });
});
