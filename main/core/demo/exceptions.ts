import { MINUTE_MS, compactDate } from './calendar';
import { DEMO_CATALOG } from './catalog';
import type { Details } from './emit';
import { FLOAT_MINOR, nextReceipt, type Item, type PosContext, type Receipt, type SessionTally } from './pos';
import { NO_RECEIPT_APPROVAL_MINOR, REFUND_APPROVAL_MINOR, type CashierProfile } from './profiles';
import { managerOnDuty, type Session } from './shifts';

/**
 * The exceptions that happen between sales: refunds, no-sale drawer opens, post-voids, and the drawer
 * count at the end of the shift. Their counts scale with how many sales the cashier rang up.
 */

const REFUND_REASONS = ['defective', 'expired', 'wrong item', 'customer changed mind', 'damaged packaging'] as const;
const NO_SALE_REASONS = ['change for customer', 'correct tender', 'open for manager', 'none given'] as const;
const POST_VOID_REASONS = ['customer left without paying', 'duplicate transaction', 'wrong tender'] as const;
/** Items costing $8–$12.50, so that two of them stay under the $25 no-receipt approval limit. */
const UNDER_LIMIT_SKUS = DEMO_CATALOG.map((s, i) => ({ s, i })).filter(({ s }) => s.price_minor >= 800 && s.price_minor <= 1250);
const REGULAR_SKUS = DEMO_CATALOG.map((s, i) => ({ s, i })).filter(({ s }) => !s.slow);

/** Times spread over the session, away from its first and last five minutes. */
function timesIn(ctx: PosContext, session: Session, count: number): number[] {
  const from = session.login + 5 * MINUTE_MS;
  const to = session.logout - 5 * MINUTE_MS;
  return Array.from({ length: count }, () => ctx.rng.int(from, to)).sort((a, b) => a - b);
}

/** A recent receipt from before `ms`, or a plausible older one when the history is still empty. */
function originalReceipt(ctx: PosContext, session: Session, ms: number): Receipt {
  const { rng } = ctx;
  for (let attempt = 0; attempt < 6 && ctx.recent.length > 0; attempt++) {
    const candidate = rng.pick(ctx.recent);
    if (candidate.ms < ms - 10 * MINUTE_MS) return candidate;
  }
  const { s, i } = rng.pick(REGULAR_SKUS);
  const price = ctx.prices[i] ?? s.price_minor;
  const receipt = `${session.terminal.id}-${compactDate(ctx.day - rng.int(1, 7))}-${String(rng.int(1, 400)).padStart(4, '0')}`;
  return { receipt, ms: ms - MINUTE_MS, items: [{ sku: s.sku, qty: 1, price_minor: price }], tender: 'card', amount: price };
}

function refunds(ctx: PosContext, session: Session, profile: CashierProfile, tally: SessionTally): number {
  const { rng, sink } = ctx;
  let cashOut = 0;
  const count = rng.binomial(tally.receipts.length, profile.refund);
  for (const ms of timesIn(ctx, session, count)) {
    const details: Details = {};
    let items: Item[];
    let tender: string;
    if (rng.chance(profile.noReceiptShare)) {
      if (profile.underApprovalLimit) {
        const { s, i } = rng.pick(UNDER_LIMIT_SKUS);
        items = [{ sku: s.sku, qty: 2, price_minor: ctx.prices[i] ?? s.price_minor }];
        tender = 'cash';
      } else {
        const { s, i } = rng.pick(REGULAR_SKUS);
        items = [{ sku: s.sku, qty: 1, price_minor: ctx.prices[i] ?? s.price_minor }];
        tender = rng.chance(0.7) ? 'cash' : 'store_credit';
      }
      details.no_receipt = true;
    } else {
      const original = originalReceipt(ctx, session, ms);
      const line = rng.pick(original.items);
      items = [{ ...line, qty: rng.int(1, line.qty) }];
      tender = original.tender;
      details.original_receipt = original.receipt;
    }
    const amount = items.reduce((sum, i) => sum + i.qty * i.price_minor, 0);
    const needsApproval = amount >= REFUND_APPROVAL_MINOR || (details.no_receipt === true && amount >= NO_RECEIPT_APPROVAL_MINOR);
    if (needsApproval) details.approved_by = managerOnDuty(ctx.roster, ms)?.member.id ?? null;
    if (tender === 'cash') cashOut += amount;
    sink.emit(ms, session.actor, 'pos.refund', {
      resourceType: 'receipt',
      resourceId: nextReceipt(ctx, session.terminal.id, 'RF'),
      amountMinor: amount,
      details: { items, tender, reason: rng.pick(REFUND_REASONS), ...details },
    });
  }
  return cashOut;
}

function noSales(ctx: PosContext, session: Session, profile: CashierProfile, tally: SessionTally): void {
  const { rng, sink } = ctx;
  const count = rng.binomial(tally.receipts.length, profile.noSale);
  for (const ms of timesIn(ctx, session, count)) {
    const drawer = { resourceType: 'drawer', resourceId: session.terminal.id };
    sink.emit(ms, session.actor, 'pos.no_sale', { ...drawer, details: { reason: rng.pick(NO_SALE_REASONS) } });
    sink.emit(ms + rng.int(300, 2_500), session.actor, 'cash.drawer_open', { ...drawer, details: { reason: 'no_sale' } });
  }
}

/** Cancels a completed sale minutes later; needs a manager, so it does not happen when none is on duty. */
function postVoids(ctx: PosContext, session: Session, profile: CashierProfile, tally: SessionTally): number {
  const { rng, sink } = ctx;
  let cashBack = 0;
  const count = rng.binomial(tally.receipts.length, profile.postVoid);
  for (let n = 0; n < count; n++) {
    const sale = rng.pick(tally.receipts);
    const latest = session.logout - MINUTE_MS;
    const ms = Math.min(sale.ms + rng.int(1, 20) * MINUTE_MS, Math.floor((sale.ms + latest) / 2));
    const manager = managerOnDuty(ctx.roster, ms);
    if (manager === null) continue;
    if (sale.tender === 'cash') cashBack += sale.amount;
    sink.emit(ms, session.actor, 'pos.post_void', {
      resourceType: 'receipt',
      resourceId: sale.receipt,
      level: 'WARNING',
      amountMinor: sale.amount,
      details: { original_receipt: sale.receipt, reason: rng.pick(POST_VOID_REASONS), approved_by: manager.member.id },
    });
  }
  return cashBack;
}

/** Mostly balanced or a few cents out; now and then a real miscount of $10–$30. */
function drawerVariance(ctx: PosContext): number {
  const { rng } = ctx;
  if (rng.chance(0.45)) return 0;
  if (rng.chance(0.03)) return (rng.chance(0.5) ? -1 : 1) * rng.int(1_000, 3_000);
  return Math.round(rng.normal() * 180);
}

export function sessionExceptions(ctx: PosContext, session: Session, profile: CashierProfile, tally: SessionTally): void {
  const cashRefunds = refunds(ctx, session, profile, tally);
  noSales(ctx, session, profile, tally);
  const cashPostVoids = postVoids(ctx, session, profile, tally);
  const expected = FLOAT_MINOR + tally.cashSalesMinor - cashRefunds - cashPostVoids - tally.pickupsMinor;
  const variance = drawerVariance(ctx);
  ctx.sink.emit(session.logout - ctx.rng.int(30_000, 50_000), session.actor, 'cash.over_short', {
    resourceType: 'drawer',
    resourceId: session.terminal.id,
    level: Math.abs(variance) > 1_000 ? 'WARNING' : 'INFO',
    amountMinor: variance,
    details: { expected_minor: expected, counted_minor: expected + variance, float_minor: FLOAT_MINOR },
  });
}
