import { Stream, hashUnit } from './rng';
import type { StoreLayout } from './staff';
import { NO_SALE_MULTIPLIER, REFUND_ABUSE, noSaleCast } from './stories';

/**
 * How often each cashier does each exception, per completed sale: line voids 1–2 %, post-voids and
 * price overrides a fraction of a percent, refunds about 1 %, a no-sale a couple of times per shift —
 * the order of magnitude grocery loss-prevention teams treat as normal. Post-voids and overrides also
 * need a manager on duty, so the observed rates come out about a quarter lower than these.
 */
export const BASE_RATES = {
  lineVoid: 0.015,
  postVoid: 0.0028,
  refund: 0.01,
  noSale: 0.005,
  discount: 0.03,
  priceOverride: 0.005,
} as const;

/** Share of ordinary refunds made without a receipt. */
export const NO_RECEIPT_SHARE = 0.12;
/** No-receipt refunds from this amount up need a manager's approval (the threshold u-104 stays under). */
export const NO_RECEIPT_APPROVAL_MINOR = 2500;
/** Any refund from this amount up needs a manager's approval. */
export const REFUND_APPROVAL_MINOR = 5000;

export interface CashierProfile {
  lineVoid: number;
  postVoid: number;
  refund: number;
  noSale: number;
  discount: number;
  priceOverride: number;
  noReceiptShare: number;
  /** Keeps no-receipt refunds just under the approval limit. */
  underApprovalLimit: boolean;
}

type RateName = keyof typeof BASE_RATES;
const RATE_NAMES = Object.keys(BASE_RATES) as RateName[];

/** Honest cashiers still differ: each rate is scaled by 0.8–1.25 so a baseline has some spread. */
export function cashierProfile(seed: number, stores: number, store: StoreLayout, cashierId: string): CashierProfile {
  const slot = Number(cashierId.slice(-2));
  const rates = {} as Record<RateName, number>;
  RATE_NAMES.forEach((name, r) => {
    rates[name] = BASE_RATES[name] * (0.8 + 0.45 * hashUnit(seed, [Stream.cashierProfile, store.index, slot, r]));
  });
  const profile: CashierProfile = { ...rates, noReceiptShare: NO_RECEIPT_SHARE, underApprovalLimit: false };
  if (store.index === REFUND_ABUSE.storeIndex && cashierId === REFUND_ABUSE.userId) {
    profile.refund = BASE_RATES.refund * REFUND_ABUSE.refundMultiplier;
    profile.noReceiptShare = REFUND_ABUSE.noReceiptShare;
    profile.underApprovalLimit = true;
  }
  const drawer = noSaleCast(stores);
  if (store.index === drawer.storeIndex && cashierId === drawer.userId) {
    profile.noSale = BASE_RATES.noSale * NO_SALE_MULTIPLIER;
  }
  return profile;
}
