/** Forecast accuracy measures. MASE and RMSSE are scaled by the in-sample seasonal naive error of the training part. */
export interface Accuracy {
  readonly mase: number;
  readonly rmsse: number;
  readonly mae: number;
  readonly rmse: number;
  /** Percent, over the points where the actual value is not zero; NaN when every actual is zero. */
  readonly mape: number;
}

export const METRICS = ['mase', 'rmsse', 'mae', 'rmse', 'mape'] as const;

/**
 * The in-sample naive errors that scale MASE (mean absolute) and RMSSE (mean squared), with the
 * seasonal lag, or lag 1 when the training part is not longer than one season.
 */
export function naiveScale(train: readonly number[], lag: number): { mae: number; mse: number } {
  const k = lag >= 1 && train.length > lag ? Math.round(lag) : 1;
  let abs = 0;
  let sq = 0;
  for (let t = k; t < train.length; t++) {
    const d = train[t]! - train[t - k]!;
    abs += Math.abs(d);
    sq += d * d;
  }
  const n = Math.max(1, train.length - k);
  return { mae: abs / n, mse: sq / n };
}

export function accuracy(train: readonly number[], actual: readonly number[], forecast: readonly number[], lag: number): Accuracy {
  const n = Math.min(actual.length, forecast.length);
  let abs = 0;
  let sq = 0;
  let pct = 0;
  let pctCount = 0;
  for (let i = 0; i < n; i++) {
    const e = actual[i]! - forecast[i]!;
    abs += Math.abs(e);
    sq += e * e;
    if (actual[i] !== 0) {
      pct += Math.abs(e / actual[i]!);
      pctCount++;
    }
  }
  const scale = naiveScale(train, lag);
  const mae = abs / n;
  const mse = sq / n;
  return {
    mase: mae / scale.mae,
    rmsse: Math.sqrt(mse / scale.mse),
    mae,
    rmse: Math.sqrt(mse),
    mape: pctCount ? (100 * pct) / pctCount : NaN,
  };
}

/** Mean of each measure over several backtest windows (NaNs, such as MAPE on all-zero windows, left out). */
export function meanAccuracy(rows: readonly Accuracy[]): Accuracy {
  const avg = (key: keyof Accuracy) => {
    const values = rows.map((r) => r[key]).filter((v) => Number.isFinite(v));
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  };
  return { mase: avg('mase'), rmsse: avg('rmsse'), mae: avg('mae'), rmse: avg('rmse'), mape: avg('mape') };
}
