import { describe, expect, it } from 'vitest';
import { cashierExceptions, MIN_SALES_FOR_RATIO, type CashierCounts } from './exception-ratios';

const none = { voids: 0, postVoids: 0, refunds: 0, noReceiptRefunds: 0, noSales: 0, discounts: 0, overrides: 0 };
const cashier = (storeId: string, userId: string, counts: Partial<CashierCounts>): CashierCounts => ({ storeId, userId, sales: 0, ...none, ...counts });

describe('cashierExceptions', () => {
  it('needs MIN_SALES_FOR_RATIO sales: one fewer gives no ratio, exactly that many gives one', () => {
    const rows = cashierExceptions([
      cashier('S1', 'short', { sales: MIN_SALES_FOR_RATIO - 1, refunds: 20 }),
      cashier('S1', 'enough', { sales: MIN_SALES_FOR_RATIO, refunds: 2 }),
      cashier('S1', 'rest', { sales: 801, refunds: 0 }),
    ]);
    // The store: 1,000 sales and 22 refunds, so "enough" refunds at (2 / 100) / (22 / 1000) = 0.909…
    expect(rows.map((r) => [r.userId, r.worstKind])).toEqual([['enough', 'refunds'], ['rest', null], ['short', null]]);
    expect(rows[0]?.worstRatio).toBeCloseTo(20 / 22, 12);
    expect(rows[2]?.worstRatio).toBe(0);
  });

  it('does not make no-receipt refunds a kind of their own: they are part of the refunds', () => {
    const [worst] = cashierExceptions([
      cashier('S1', 'a', { sales: 100, refunds: 4, noReceiptRefunds: 4 }),
      cashier('S1', 'b', { sales: 100, refunds: 4, noReceiptRefunds: 0, voids: 1 }),
    ]);
    expect(worst).toMatchObject({ userId: 'b', worstRatio: 2, worstKind: 'voids' });
  });

  it('compares each cashier with their own store only', () => {
    const rows = cashierExceptions([
      cashier('S1', 'a', { sales: 100, noSales: 1 }),
      cashier('S1', 'b', { sales: 100, noSales: 3 }),
      cashier('S2', 'c', { sales: 100, noSales: 30 }),
    ]);
    expect(rows.map((r) => [r.storeId, r.userId, r.worstRatio, r.worstKind])).toEqual([
      ['S1', 'b', 1.5, 'no-sale opens'],
      ['S2', 'c', 1, 'no-sale opens'],
      ['S1', 'a', 0.5, 'no-sale opens'],
    ]);
  });
});
