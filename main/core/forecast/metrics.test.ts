import { describe, expect, it } from 'vitest';
import { accuracy, meanAccuracy, naiveScale } from './metrics';

describe('accuracy measures', () => {
  // Training 1, 3, 2, 4: lag-1 differences 2, −1, 2 → scale MAE 5/3, MSE 9/3 = 3.
  const train = [1, 3, 2, 4];
  const actual = [5, 0, 4];
  const forecast = [4, 1, 6];

  it('scales by the in-sample naive error, seasonal when the lag fits', () => {
    expect(naiveScale(train, 1)).toEqual({ mae: 5 / 3, mse: 3 });
    // Lag 2: differences 1, 1.
    expect(naiveScale(train, 2)).toEqual({ mae: 1, mse: 1 });
    // A lag as long as the series falls back to 1.
    expect(naiveScale(train, 4)).toEqual({ mae: 5 / 3, mse: 3 });
  });

  it('computes MAE, RMSE, MASE, RMSSE and MAPE on a hand example', () => {
    // Errors 1, −1, −2: MAE 4/3, MSE 2, MAPE over non-zero actuals (1/5, 2/4) → 35 %.
    const a = accuracy(train, actual, forecast, 1);
    expect(a.mae).toBeCloseTo(4 / 3, 12);
    expect(a.rmse).toBeCloseTo(Math.sqrt(2), 12);
    expect(a.mase).toBeCloseTo(4 / 3 / (5 / 3), 12);
    expect(a.rmsse).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(a.mape).toBeCloseTo(35, 12);
  });

  it('averages windows, leaving out a MAPE that does not exist', () => {
    const withZeros = accuracy(train, [0, 0], [1, 1], 1);
    expect(withZeros.mape).toBeNaN();
    const both = meanAccuracy([accuracy(train, actual, forecast, 1), withZeros]);
    expect(both.mae).toBeCloseTo((4 / 3 + 1) / 2, 12);
    expect(both.mape).toBeCloseTo(35, 12);
  });
});
