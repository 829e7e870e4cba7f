/**
 * The loss-prevention exception table: each cashier's exception counts, and how far their worst rate
 * per sale stands above their store's. Pure, so the arithmetic is tested without a database.
 */

/** The POS actions the table counts, `pos.sale` first (the denominator). */
export const EXCEPTION_ACTIONS = ['pos.sale', 'pos.void', 'pos.post_void', 'pos.refund', 'pos.no_sale', 'pos.discount', 'pos.price_override'] as const;

/** Below this many sales a cashier's rates are noise (one refund in 20 sales is "5 %"), so no ratio. */
export const MIN_SALES_FOR_RATIO = 100;

export interface CashierCounts {
  storeId: string;
  userId: string;
  sales: number;
  voids: number;
  postVoids: number;
  refunds: number;
  noReceiptRefunds: number;
  noSales: number;
  discounts: number;
  overrides: number;
}

export interface CashierException extends CashierCounts {
  /** The largest of the cashier's rates per sale divided by the store's rate of the same kind; 0 when none applies. */
  worstRatio: number;
  worstKind: string | null;
}

type CountField = Exclude<keyof CashierCounts, 'storeId' | 'userId' | 'sales'>;

/**
 * Each kind compared against the store, with the words the Dashboard shows ("3.3 × the store's
 * refunds"). No-receipt refunds are a part of refunds, shown as a count beside them but not a kind of
 * their own: a cashier refunding too much would otherwise be named for the part, not the whole.
 */
export const EXCEPTION_KINDS: readonly { field: CountField; name: string }[] = [
  { field: 'voids', name: 'voids' },
  { field: 'postVoids', name: 'post-voids' },
  { field: 'refunds', name: 'refunds' },
  { field: 'noSales', name: 'no-sale opens' },
  { field: 'discounts', name: 'discounts' },
  { field: 'overrides', name: 'price overrides' },
];

/**
 * The store's rate is that of its cashiers together (the people being compared), over the same window.
 * A kind counts only where the store's rate is above 0 and the cashier rang up at least
 * MIN_SALES_FOR_RATIO sales. Sorted by worstRatio, highest first (then store and cashier).
 */
export function cashierExceptions(cashiers: readonly CashierCounts[]): CashierException[] {
  const totals = storeTotals(cashiers);
  return cashiers
    .map((cashier) => ({ ...cashier, ...worstOf(cashier, totals.get(cashier.storeId)) }))
    .sort((a, b) => b.worstRatio - a.worstRatio || compare(a.storeId, b.storeId) || compare(a.userId, b.userId));
}

function worstOf(cashier: CashierCounts, store: CashierCounts | undefined): { worstRatio: number; worstKind: string | null } {
  let worst = { worstRatio: 0, worstKind: null as string | null };
  if (!store || cashier.sales < MIN_SALES_FOR_RATIO || store.sales === 0) return worst;
  for (const { field, name } of EXCEPTION_KINDS) {
    if (store[field] === 0) continue;
    // (count / sales) / (storeCount / storeSales), as one division of products to round once.
    const ratio = (cashier[field] * store.sales) / (cashier.sales * store[field]);
    if (ratio > worst.worstRatio) worst = { worstRatio: ratio, worstKind: name };
  }
  return worst;
}

function storeTotals(cashiers: readonly CashierCounts[]): Map<string, CashierCounts> {
  const totals = new Map<string, CashierCounts>();
  for (const c of cashiers) {
    const t = totals.get(c.storeId) ?? { storeId: c.storeId, userId: '', sales: 0, voids: 0, postVoids: 0, refunds: 0, noReceiptRefunds: 0, noSales: 0, discounts: 0, overrides: 0 };
    t.sales += c.sales;
    for (const { field } of EXCEPTION_KINDS) t[field] += c[field];
    t.noReceiptRefunds += c.noReceiptRefunds;
    totals.set(c.storeId, t);
  }
  return totals;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
