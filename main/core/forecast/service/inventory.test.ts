import { describe, expect, it } from 'vitest';
import { cover, dailyDemand, riskOf } from './inventory';

const flat = (value: number, days = 30) => new Array<number>(days).fill(value);

describe('inventory figures', () => {
  it('days of cover: on-hand ÷ the mean forecast over the next 30 days', () => {
    expect(dailyDemand([...flat(2, 30), ...flat(100, 60)])).toBe(2);
    expect(cover({ onHand: 20, countedOn: '2026-03-10', origin: '2026-03-10', mean: flat(3), soldSinceCount: 0 })).toEqual({ daysOfCover: 20 / 3, stockoutDate: '2026-03-17' });
  });

  it('stock-out: the first day cumulative demand after the count passes on-hand', () => {
    // Counted two days before the history ends: the 5 units sold since come off first (5 + 3·6 = 23 > 20 on day 6).
    expect(cover({ onHand: 20, countedOn: '2026-03-08', origin: '2026-03-10', mean: flat(3), soldSinceCount: 5 }).stockoutDate).toBe('2026-03-16');
    // Counted after the history's last day: demand counts from the day after the count (3·7 = 21 > 20 on 03-19).
    expect(cover({ onHand: 20, countedOn: '2026-03-12', origin: '2026-03-10', mean: flat(3), soldSinceCount: 0 }).stockoutDate).toBe('2026-03-19');
    // Already sold more than was counted: out since the history's last day.
    expect(cover({ onHand: 4, countedOn: '2026-03-08', origin: '2026-03-10', mean: flat(3), soldSinceCount: 6 }).stockoutDate).toBe('2026-03-10');
  });

  it('past a 30-day forecast the daily demand carries on, up to 90 days; none sold means no stock-out', () => {
    expect(cover({ onHand: 20, countedOn: '2026-03-10', origin: '2026-03-10', mean: flat(0.5), soldSinceCount: 0 })).toEqual({ daysOfCover: 40, stockoutDate: '2026-04-20' });
    expect(cover({ onHand: 100, countedOn: '2026-03-10', origin: '2026-03-10', mean: flat(0.5), soldSinceCount: 0 }).stockoutDate).toBeNull();
    expect(cover({ onHand: 5, countedOn: '2026-03-10', origin: '2026-03-10', mean: flat(0), soldSinceCount: 0 })).toEqual({ daysOfCover: null, stockoutDate: null });
  });

  it('risk: none on hand or out within 7 days is a stock-out, within 14 low', () => {
    expect(riskOf(0, null, '2026-03-10')).toBe('stockout');
    expect(riskOf(9, '2026-03-17', '2026-03-10')).toBe('stockout');
    expect(riskOf(9, '2026-03-18', '2026-03-10')).toBe('low');
    expect(riskOf(9, '2026-03-24', '2026-03-10')).toBe('low');
    expect(riskOf(9, '2026-03-25', '2026-03-10')).toBe('ok');
    expect(riskOf(9, null, '2026-03-10')).toBe('ok');
  });
});
