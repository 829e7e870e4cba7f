import { HOUR_MS, at } from './calendar';
import type { Rng } from './rng';
import type { Session } from './shifts';

/**
 * Turns a store-day's unit sales into shopping baskets at the tills. Units are split into receipt lines,
 * lines are dealt into baskets, baskets get a time from the store's traffic curve and a till that is
 * staffed at that time. Every unit of the day ends up on exactly one receipt.
 */

/** Average units per receipt: a neighbourhood grocery's top-up shop. */
export const MEAN_BASKET_UNITS = 2.8;
/** Minimum seconds between two receipts on one till. */
const MIN_GAP_MS = 15_000;
/** Margins inside a session in which no sale is rung up (counting the float, closing the till). */
const OPEN_MARGIN_MS = 90_000;
const CLOSE_MARGIN_MS = 120_000;

/** Share of customers per opening hour 07:00 … 21:00: lunch and after-work peaks. */
const HOURLY_TRAFFIC = [
  0.035, 0.055, 0.06, 0.06, 0.065, 0.085, 0.085, 0.065, 0.06, 0.07, 0.09, 0.095, 0.08, 0.055, 0.04,
] as const;
const OPENING_HOUR = 7;

/** Quantity on one receipt line: mostly singles, a few multi-packs of the same item. */
const LINE_QTY: readonly (readonly [number, number])[] = [[1, 0.72], [2, 0.18], [3, 0.06], [4, 0.02], [6, 0.02]];

export interface BasketLine {
  skuIndex: number;
  qty: number;
}

export interface Basket {
  ms: number;
  lines: BasketLine[];
}

function splitIntoLines(rng: Rng, units: readonly number[]): BasketLine[] {
  const lines: BasketLine[] = [];
  units.forEach((count, skuIndex) => {
    let left = count;
    while (left > 0) {
      const qty = Math.min(left, rng.weighted(LINE_QTY));
      lines.push({ skuIndex, qty });
      left -= qty;
    }
  });
  return lines;
}

/** Merges repeated SKUs in a basket into one line, as a till does. */
function mergeLines(lines: BasketLine[]): BasketLine[] {
  const bySku = new Map<number, BasketLine>();
  for (const line of lines) {
    const seen = bySku.get(line.skuIndex);
    if (seen === undefined) bySku.set(line.skuIndex, { ...line });
    else seen.qty += line.qty;
  }
  return [...bySku.values()].sort((a, b) => a.skuIndex - b.skuIndex);
}

function trafficTime(rng: Rng, day: number): number {
  const hour = OPENING_HOUR + rng.weightedIndex(HOURLY_TRAFFIC);
  return at(day, hour) + Math.floor(rng.float() * HOUR_MS);
}

function windowOf(s: Session): [number, number] {
  return [s.login + OPEN_MARGIN_MS, s.logout - CLOSE_MARGIN_MS];
}

/** A staffed till for a moment; if every till is between cashiers, the customer waits for the nearest. */
function assignSession(rng: Rng, sessions: readonly Session[], ms: number): [number, number] {
  const open: number[] = [];
  sessions.forEach((s, i) => {
    const [from, to] = windowOf(s);
    if (from <= ms && ms <= to) open.push(i);
  });
  if (open.length > 0) return [rng.pick(open), ms];
  let best = 0;
  let bestMs = ms;
  let bestDistance = Infinity;
  sessions.forEach((s, i) => {
    const [from, to] = windowOf(s);
    const clamped = Math.min(Math.max(ms, from), to);
    if (Math.abs(clamped - ms) < bestDistance) {
      bestDistance = Math.abs(clamped - ms);
      best = i;
      bestMs = clamped;
    }
  });
  return [best, bestMs];
}

/** Keeps receipts on one till at least MIN_GAP_MS apart without leaving the session window. */
function spaceOut(baskets: Basket[], session: Session): void {
  baskets.sort((a, b) => a.ms - b.ms);
  const [from, to] = windowOf(session);
  for (let i = 1; i < baskets.length; i++) {
    const prev = baskets[i - 1] as Basket;
    const cur = baskets[i] as Basket;
    if (cur.ms < prev.ms + MIN_GAP_MS) cur.ms = prev.ms + MIN_GAP_MS;
  }
  for (let i = baskets.length - 1; i >= 0; i--) {
    const cur = baskets[i] as Basket;
    const limit = i === baskets.length - 1 ? to : (baskets[i + 1] as Basket).ms - MIN_GAP_MS;
    if (cur.ms > limit) cur.ms = limit;
    if (cur.ms < from) cur.ms = from;
  }
}

/** Baskets per cashier session (same order as `sessions`), each sorted by time. */
export function buildBaskets(rng: Rng, day: number, units: readonly number[], sessions: readonly Session[]): Basket[][] {
  const perSession: Basket[][] = sessions.map(() => []);
  const lines = rng.shuffle(splitIntoLines(rng, units));
  if (lines.length === 0 || sessions.length === 0) return perSession;
  const totalUnits = units.reduce((sum, u) => sum + u, 0);
  const target = Math.round((totalUnits / MEAN_BASKET_UNITS) * rng.between(0.95, 1.05));
  const count = Math.min(Math.max(target, 1), lines.length);
  // The first `count` lines seed one basket each so no basket is empty; the rest land at random.
  const dealt: BasketLine[][] = lines.slice(0, count).map((line) => [line]);
  for (let i = count; i < lines.length; i++) dealt[rng.int(0, count - 1)]?.push(lines[i] as BasketLine);
  for (const basketLines of dealt) {
    const [sessionIndex, ms] = assignSession(rng, sessions, trafficTime(rng, day));
    perSession[sessionIndex]?.push({ ms, lines: mergeLines(basketLines) });
  }
  perSession.forEach((baskets, i) => spaceOut(baskets, sessions[i] as Session));
  return perSession;
}
