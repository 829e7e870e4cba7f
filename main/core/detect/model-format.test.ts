import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scoreMatrix, trainIsolationForest } from './isolation-forest';
import { deserializeModel, modelInfo, serializeModel } from './model-format';
import { bytesOf, uniformMatrix } from './test-data';

const matrix = uniformMatrix(600, 4);
const model = trainIsolationForest(matrix, { seed: 3, features: ['amount', 'items', 'discount', 'hour'], trainedOn: { source: 'till.csv' }, trainedAt: '2026-03-01T12:00:00.000Z' });
const bytes = serializeModel(model);

/** The bytes with their checksum made right again, as a careless (or hostile) editor would leave them. */
function resealed(edit: (copy: Uint8Array, view: DataView) => void): Uint8Array {
  const copy = Uint8Array.from(bytes);
  edit(copy, new DataView(copy.buffer));
  copy.set(createHash('sha256').update(copy.subarray(0, copy.length - 32)).digest(), copy.length - 32);
  return copy;
}

describe('model file', () => {
  it('round-trips: the same metadata, the same arrays, the same scores bit for bit, the same bytes', () => {
    const loaded = deserializeModel(bytes);
    expect(modelInfo(loaded)).toEqual(modelInfo(model));
    for (const [name, array] of Object.entries(model.forest)) expect(bytesOf(loaded.forest[name as keyof typeof model.forest]).equals(bytesOf(array)), name).toBe(true);
    expect(bytesOf(scoreMatrix(loaded, matrix)).equals(bytesOf(scoreMatrix(model, matrix)))).toBe(true);
    expect(bytesOf(serializeModel(loaded)).equals(bytesOf(bytes))).toBe(true);
    expect(modelInfo(loaded)).toMatchObject({ version: 1, kind: 'isolation-forest', trees: 100, maxSamples: 256, heightLimit: 8, seed: 3, trainedOn: { rows: 600, source: 'till.csv' } });
  });

  it('starts with "WDIF" and the format version, and refuses anything else', () => {
    expect(Buffer.from(bytes.subarray(0, 6)).toString('hex')).toBe(`${Buffer.from('WDIF').toString('hex')}0100`);
    expect(() => deserializeModel(Buffer.from('f0,f1\n1,2\n'))).toThrow(/not a Watchdog isolation-forest model/);
    expect(() => deserializeModel(new Uint8Array(0))).toThrow(/not a Watchdog isolation-forest model/);
  });

  it('says a model from a newer version is from a newer version', () => {
    const future = resealed((_, view) => view.setUint16(4, 2, true));
    expect(() => deserializeModel(future)).toThrow('The model was saved in format 2 by a newer version of Watchdog; this version reads format 1 only. Train it again here.');
  });

  it('finds any changed byte, and a cut-off file, by the checksum', () => {
    for (const at of [20, bytes.length >> 1, bytes.length - 40, bytes.length - 1]) {
      const damaged = Uint8Array.from(bytes);
      damaged[at]! ^= 0x10;
      expect(() => deserializeModel(damaged)).toThrow('The model file is damaged: its checksum does not match its contents.');
    }
    expect(() => deserializeModel(bytes.subarray(0, bytes.length - 100))).toThrow(/damaged/);
  });

  it('refuses trees that could not have been grown, even with a good checksum', () => {
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    const ints = (12 + headerLength + 7) & ~7;
    const featureAt = ints + 4 * 101;
    const rightAt = featureAt + 4 * model.forest.feature.length;
    // The root's right child pointing back at the root would make a walk that never ends.
    expect(() => deserializeModel(resealed((_, view) => view.setInt32(rightAt, 0, true)))).toThrow(/trees are not valid: node 0 has its right child outside its tree/);
    expect(() => deserializeModel(resealed((_, view) => view.setInt32(featureAt, 9, true)))).toThrow(/node 0 splits on column 9, which does not exist/);
    const header = resealed((copy) => copy.set(Buffer.from('"kind":"isolation-FOREST"'), 12 + Buffer.from(JSON.stringify(modelInfo(model))).indexOf('"kind"')));
    expect(() => deserializeModel(header)).toThrow(/header is not valid: kind/);
  });
});
