import type { runGlobalLstm } from '../lstm/index';
import type { LstmEntry, LstmSummary } from './forecast-records';
import type { DailySeries } from './sales-series';

export const LSTM_HORIZONS = [7, 14, 30, 90];

export type RunGlobalLstm = typeof runGlobalLstm;

/**
 * Loaded on first use: TensorFlow.js is heavy, and a host that never trains the LSTM (the CLI, a
 * run with lstm: false) should not pay for it.
 */
async function loadLstm(): Promise<RunGlobalLstm> {
  return (await import('../lstm/index')).runGlobalLstm;
}

export interface LstmOutcome {
  summary: LstmSummary;
  entries: LstmEntry[];
}

/**
 * Trains the global LSTM over the SKU series and returns its forecast per series and horizon. Never
 * throws: a failure (no module yet, a backend that cannot start, a training error) is the note.
 */
export async function trainLstm(
  skuSeries: readonly DailySeries[],
  dataVersion: string,
  options: { run?: RunGlobalLstm; signal?: AbortSignal; onProgress?: (done: number, total: number, phase: string) => void; epochs?: number },
): Promise<LstmOutcome> {
  if (!skuSeries.length) return { summary: { trained: false, backend: null, trainMs: null, note: 'No SKU series to train on.' }, entries: [] };
  try {
    const run = options.run ?? (await loadLstm());
    const result = await run(skuSeries.map((s) => s.units), { season: 7, horizons: LSTM_HORIZONS, seed: 1, epochs: options.epochs, onProgress: options.onProgress, signal: options.signal });
    const entries = skuSeries.flatMap((s, i) => {
      const out = result.series[i];
      if (!out) return [];
      return LSTM_HORIZONS.flatMap((horizon) => {
        const h = out.byHorizon[horizon];
        return h ? [{ storeId: s.storeId, seriesKey: s.seriesKey, horizon, dataVersion, description: out.description, forecast: h.forecast, backtest: h.backtest }] : [];
      });
    });
    return { summary: { trained: true, backend: result.backend, trainMs: Math.round(result.trainMs), note: result.note }, entries };
  } catch (error) {
    const why = (error as Error).message ?? String(error);
    return { summary: { trained: false, backend: null, trainMs: null, note: `The LSTM did not train: ${why}` }, entries: [] };
  }
}
