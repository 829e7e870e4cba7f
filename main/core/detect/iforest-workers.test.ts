import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectOutliers, IN_THREAD_ROWS } from './detect-outliers';
import { IForestWorkers } from './iforest-workers';
import { scoreMatrix, trainIsolationForest } from './isolation-forest';
import { modelInfo } from './model-format';
import { bytesOf, uniformMatrix } from './test-data';

/** Workers started from the TypeScript source through tsx, as the bundle starts out/main/iforest-worker.cjs. */
let pool: IForestWorkers;
beforeAll(() => {
  pool = new IForestWorkers(2);
});
afterAll(() => pool.close());

const matrix = uniformMatrix(IN_THREAD_ROWS + 1234, 5);
const sameScores = (a: Float64Array, b: Float64Array) => a.length === b.length && bytesOf(a).equals(bytesOf(b));

describe('isolation-forest workers', () => {
  it('score every row exactly as the calling thread does, from float64 or float32 rows', async () => {
    const model = trainIsolationForest(matrix, { seed: 4 });
    expect(sameScores(await pool.score(model, matrix), scoreMatrix(model, matrix))).toBe(true);
    const narrow = { ...matrix, data: Float32Array.from(matrix.data) };
    expect(sameScores(await pool.score(model, narrow), scoreMatrix(model, narrow))).toBe(true);
  });

  it('train the same forest as the calling thread', async () => {
    const options = { seed: 8, features: ['a', 'b', 'c', 'd', 'e'], trainedAt: '2026-03-01T00:00:00.000Z' };
    const inWorker = await pool.train(matrix, options);
    const here = trainIsolationForest(matrix, options);
    expect({ ...modelInfo(inWorker), metrics: { ...inWorker.metrics, trainingMs: 0 } }).toEqual({ ...modelInfo(here), metrics: { ...here.metrics, trainingMs: 0 } });
    for (const [name, array] of Object.entries(here.forest)) expect(bytesOf(inWorker.forest[name as keyof typeof here.forest]).equals(bytesOf(array)), name).toBe(true);
    expect(sameScores(scoreMatrix(inWorker, matrix), scoreMatrix(here, matrix))).toBe(true);
  });

  it('pass on a training failure as a rejection, and keep working', async () => {
    await expect(pool.train(matrix, { seed: -1 })).rejects.toThrow(/seed must be a whole number/);
    await expect(pool.train(uniformMatrix(10, 2), { seed: 1 })).resolves.toMatchObject({ maxSamples: 10 });
  });

  it('detectOutliers gives the same model and scores whether the rows go to workers or not', async () => {
    const options = { seed: 2, trainedAt: '2026-03-01T00:00:00.000Z' };
    const viaWorkers = await detectOutliers(matrix, { ...options, workers: pool });
    const model = trainIsolationForest(matrix, options);
    expect(sameScores(viaWorkers.scores, scoreMatrix(model, matrix))).toBe(true);
    expect(viaWorkers.model.metrics.trainingScores).toMatchObject({ min: expect.any(Number), p99: expect.any(Number) });
    const small = uniformMatrix(300, 2);
    const inThread = await detectOutliers(small, options);
    expect(sameScores(inThread.scores, scoreMatrix(trainIsolationForest(small, options), small))).toBe(true);
  });
});
