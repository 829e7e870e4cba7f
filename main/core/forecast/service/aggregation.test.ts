import { describe, expect, it } from 'vitest';
import { aggregateForecast, aggregateHistory, periodStart } from './aggregation';
import { dayOf } from './sales-series';

describe('aggregation', () => {
  it('starts weeks on Monday (ISO) and months on the 1st', () => {
    expect(periodStart(dayOf('2026-03-01'), 'week')).toBe(dayOf('2026-02-23'));
    expect(periodStart(dayOf('2026-03-02'), 'week')).toBe(dayOf('2026-03-02'));
    expect(periodStart(dayOf('2026-03-31'), 'month')).toBe(dayOf('2026-03-01'));
    expect(aggregateHistory(dayOf('2026-02-27'), [1, 2, 3, 4], 'month')).toEqual([{ date: '2026-02-01', units: 3 }, { date: '2026-03-01', units: 7 }]);
  });

  it('sums means, and adds the daily variances read off the 95 % bands (errors taken as independent)', () => {
    const sd = 2;
    const day = { mean: 10, lower80: 10 - 1.2816 * sd, upper80: 10 + 1.2816 * sd, lower95: 10 - 1.96 * sd, upper95: 10 + 1.96 * sd };
    const days = 4;
    const forecast = { mean: Array(days).fill(day.mean), lower80: Array(days).fill(day.lower80), upper80: Array(days).fill(day.upper80), lower95: Array(days).fill(day.lower95), upper95: Array(days).fill(day.upper95) };
    const [week] = aggregateForecast(dayOf('2026-03-02'), forecast, 'week');
    expect(week!.date).toBe('2026-03-02');
    expect(week!.mean).toBe(40);
    // √4 · 2 = 4 units of standard deviation for the four days together.
    expect(week!.upper95 - week!.mean).toBeCloseTo(1.96 * 4, 2);
    expect(week!.mean - week!.lower80).toBeCloseTo(1.2816 * 4, 2);
    const daily = aggregateForecast(dayOf('2026-03-02'), forecast, 'day');
    expect(daily).toHaveLength(4);
    expect(daily[3]).toMatchObject({ date: '2026-03-05', mean: 10 });
  });

  it('never puts a lower bound below zero', () => {
    const forecast = { mean: [0.1, 0.1], lower80: [0, 0], upper80: [1, 1], lower95: [0, 0], upper95: [2, 2] };
    const [month] = aggregateForecast(dayOf('2026-03-30'), forecast, 'month');
    expect(month!.lower95).toBe(0);
    expect(month!.mean).toBeCloseTo(0.2, 9);
  });
});
