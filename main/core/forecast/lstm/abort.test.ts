import { describe, expect, it } from 'vitest';
import { runGlobalLstm } from './index';
import { weeklySeries } from './test-series';

describe('runGlobalLstm', { timeout: 30_000 }, () => {
  it('rejects with an AbortError when aborted mid-training, and at once when aborted before', async () => {
    const controller = new AbortController();
    let reports = 0;
    const run = runGlobalLstm(weeklySeries(12, 84), {
      season: 7,
      horizons: [7],
      epochs: 50,
      signal: controller.signal,
      onProgress: (done) => {
        reports = done;
        if (done === 1) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    // The worker is gone: no epoch reports after the abort (an epoch here takes well under 3 s).
    const atAbort = reports;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(reports).toBe(atAbort);
    await expect(runGlobalLstm([[1, 2, 3]], { season: 1, horizons: [1], signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
