import type { Basket } from './baskets';
import { DEMO_CATALOG } from './catalog';
import type { Actor, Details, EventSink } from './emit';
import type { CashierProfile } from './profiles';
import type { Rng } from './rng';
import { managerOnDuty, type Roster, type Session } from './shifts';
import type { StoreLayout } from './staff';

/** Ringing up receipts at a till: the sale itself and the line voids, overrides and discounts around it. */

export type Tender = 'cash' | 'card';

/** A type alias rather than an interface so items can go into event details without copying. */
export type Item = {
  sku: string;
  qty: number;
  price_minor: number;
};

export interface Receipt {
  receipt: string;
  ms: number;
  items: Item[];
  tender: Tender;
  amount: number;
}

export interface PosContext {
  day: number;
  store: StoreLayout;
  roster: Roster;
  rng: Rng;
  sink: EventSink;
  /** Shelf price by SKU index for the day (promotions included). */
  prices: readonly number[];
  /** The store's recent receipts, carried from day to day, for refunds with a receipt. */
  recent: Receipt[];
  /** Next receipt number per till for the day. */
  receiptSeq: Map<string, number>;
  /** The day as 20260131, for receipt numbers. */
  dateTag: string;
}

export const CASH_SHARE = 0.35;
export const FLOAT_MINOR = 10_000;
/** A manager lifts cash from a drawer once it holds this much from sales. */
const PICKUP_TRIGGER_MINOR = 30_000;
const RECENT_RECEIPTS = 1500;

const VOID_REASONS = ['scan error', 'customer changed mind', 'price check', 'wrong quantity'] as const;
const OVERRIDE_REASONS = ['shelf price mismatch', 'damaged packaging', 'short-dated', 'competitor price match'] as const;
const DISCOUNTS: readonly (readonly [readonly [number, string], number])[] = [
  [[10, 'loyalty coupon'], 0.4],
  [[15, 'employee discount'], 0.25],
  [[20, 'damaged packaging'], 0.15],
  [[5, 'manager courtesy'], 0.2],
];

export function nextReceipt(ctx: PosContext, terminalId: string, kind: '' | 'RF' = ''): string {
  const key = `${terminalId}${kind}`;
  const seq = (ctx.receiptSeq.get(key) ?? 0) + 1;
  ctx.receiptSeq.set(key, seq);
  return `${terminalId}-${ctx.dateTag}-${kind}${String(seq).padStart(4, '0')}`;
}

export function remember(ctx: PosContext, receipt: Receipt): void {
  ctx.recent.push(receipt);
  if (ctx.recent.length > 2 * RECENT_RECEIPTS) ctx.recent.splice(0, RECENT_RECEIPTS);
}

function approver(roster: Roster, ms: number): string | null {
  return managerOnDuty(roster, ms)?.member.id ?? null;
}

function lineVoids(ctx: PosContext, actor: Actor, basket: Basket, receipt: string): void {
  const { rng, sink } = ctx;
  const count = rng.chance(0.85) ? 1 : 2;
  for (let v = 0; v < count; v++) {
    const skuIndex = rng.chance(0.6) ? rng.pick(basket.lines).skuIndex : rng.int(0, DEMO_CATALOG.length - 1);
    const price = ctx.prices[skuIndex] ?? 0;
    sink.emit(basket.ms - rng.int(8_000, 12_000) - v * 500, actor, 'pos.void', {
      resourceType: 'receipt',
      resourceId: receipt,
      amountMinor: price,
      details: { sku: DEMO_CATALOG[skuIndex]?.sku ?? '', qty: 1, price_minor: price, reason: rng.pick(VOID_REASONS) },
    });
  }
}

/** Lowers one item's price with a manager's approval; without a manager on duty the cashier cannot. */
function priceOverride(ctx: PosContext, actor: Actor, basketMs: number, items: Item[], receipt: string): void {
  const { rng, sink } = ctx;
  const approvedBy = approver(ctx.roster, basketMs);
  const item = rng.pick(items);
  if (approvedBy === null) return;
  const original = item.price_minor;
  item.price_minor = Math.max(1, Math.round(original * rng.between(0.5, 0.9)));
  sink.emit(basketMs - rng.int(5_000, 7_000), actor, 'pos.price_override', {
    resourceType: 'receipt',
    resourceId: receipt,
    level: 'WARNING',
    amountMinor: (original - item.price_minor) * item.qty,
    details: {
      sku: item.sku,
      qty: item.qty,
      original_price_minor: original,
      new_price_minor: item.price_minor,
      reason: rng.pick(OVERRIDE_REASONS),
      approved_by: approvedBy,
    },
  });
}

function cashPickup(ctx: PosContext, session: Session, ms: number, amount: number): void {
  const manager = managerOnDuty(ctx.roster, ms);
  if (manager === null) return;
  const actor: Actor = { ...manager.actor, terminal: session.terminal };
  ctx.sink.emit(ms, actor, 'cash.drawer_open', { resourceType: 'drawer', resourceId: session.terminal.id, details: { reason: 'pickup' } });
  ctx.sink.emit(ms + ctx.rng.int(20_000, 60_000), actor, 'cash.pickup', {
    resourceType: 'drawer',
    resourceId: session.terminal.id,
    amountMinor: amount,
    details: { drawer: session.terminal.id, cashier: session.member.id },
  });
}

export interface SessionTally {
  receipts: Receipt[];
  cashSalesMinor: number;
  pickupsMinor: number;
}

/** Rings up a session's baskets in time order. */
export function ringUp(ctx: PosContext, session: Session, baskets: readonly Basket[], profile: CashierProfile): SessionTally {
  const { rng, sink } = ctx;
  const actor = session.actor;
  const tally: SessionTally = { receipts: [], cashSalesMinor: 0, pickupsMinor: 0 };
  let drawerCash = 0;
  for (const basket of baskets) {
    const receipt = nextReceipt(ctx, session.terminal.id);
    const items: Item[] = basket.lines.map((line) => ({
      sku: DEMO_CATALOG[line.skuIndex]?.sku ?? '',
      qty: line.qty,
      price_minor: ctx.prices[line.skuIndex] ?? 0,
    }));
    if (rng.chance(profile.lineVoid)) lineVoids(ctx, actor, basket, receipt);
    if (rng.chance(profile.priceOverride)) priceOverride(ctx, actor, basket.ms, items, receipt);
    const subtotal = items.reduce((sum, i) => sum + i.qty * i.price_minor, 0);
    let discount = 0;
    const details: Details = {};
    if (rng.chance(profile.discount)) {
      const [percent, reason] = rng.weighted(DISCOUNTS);
      discount = Math.max(1, Math.round((subtotal * percent) / 100));
      sink.emit(basket.ms - rng.int(2_000, 4_000), actor, 'pos.discount', {
        resourceType: 'receipt',
        resourceId: receipt,
        amountMinor: discount,
        details: { percent, reason },
      });
      details.discount_minor = discount;
    }
    const tender: Tender = rng.chance(CASH_SHARE) ? 'cash' : 'card';
    const amount = subtotal - discount;
    sink.emit(basket.ms, actor, 'pos.sale', {
      resourceType: 'receipt',
      resourceId: receipt,
      amountMinor: amount,
      details: { items, tender, ...details },
    });
    const record: Receipt = { receipt, ms: basket.ms, items, tender, amount };
    tally.receipts.push(record);
    remember(ctx, record);
    if (tender === 'cash') {
      tally.cashSalesMinor += amount;
      drawerCash += amount;
      const pickupAt = basket.ms + rng.int(60_000, 240_000);
      if (drawerCash >= PICKUP_TRIGGER_MINOR && pickupAt < session.logout - 5 * 60_000 && managerOnDuty(ctx.roster, pickupAt)) {
        // Lift in $20 bills, leaving some change behind.
        const lifted = Math.floor((drawerCash - 5_000) / 2_000) * 2_000;
        cashPickup(ctx, session, pickupAt, lifted);
        tally.pickupsMinor += lifted;
        drawerCash -= lifted;
      }
    }
  }
  return tally;
}
