import type { FeatureEvent } from './feature-event';
import { COLUMN, FEATURE_NAMES, HISTORY_CAP, LOGIN_CAP_MINUTES, type FeatureName } from './feature-set';

/** What an explanation may say about an event besides its feature row. */
export interface DescribeContext {
  event: FeatureEvent;
  /** The actor's name as a manager reads it: the user id, or the terminal or store. */
  actor: string;
  /** The actor's usual hours [from, to), when there is enough history to say. */
  usualHours: { from: number; to: number } | null;
  /** The actor's earlier amounts for this action (how many the rank compares with). */
  actorAmounts: number;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const NOUNS: Record<string, string> = {
  'pos.sale': 'sales', 'pos.refund': 'refunds', 'pos.void': 'voids', 'pos.post_void': 'post-voids',
  'pos.discount': 'discounts', 'pos.price_override': 'price overrides', 'pos.no_sale': 'no-sale drawer opens',
  'cash.pickup': 'cash pickups', 'cash.over_short': 'drawer counts', 'inventory.adjust': 'stock adjustments',
};

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (tsMs: number) => new Date(tsMs).toISOString().slice(11, 16);
const percent = (share: number) => `${Math.round(share * 100)} %`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function actionNoun(action: string): string {
  return NOUNS[action] ?? `${action} events`;
}

export function formatMoney(amountMinor: number, currency: string | null): string {
  const major = amountMinor / 100;
  if (currency === null) return major.toFixed(2);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(major);
  } catch {
    return `${currency} ${major.toFixed(2)}`;
  }
}

function amountWords(rank: number, ctx: DescribeContext, whose: string): string | null {
  const { amountMinor, currency, action } = ctx.event;
  if (amountMinor === null) return null;
  const money = formatMoney(amountMinor, currency);
  if (rank >= 0.9) return `amount ${money}, above ${percent(Math.min(rank, 0.99))} of ${whose} ${actionNoun(action)}`;
  if (rank <= 0.1) return `amount ${money}, below ${percent(Math.min(1 - rank, 0.99))} of ${whose} ${actionNoun(action)}`;
  return null;
}

type Describer = (value: number, ctx: DescribeContext, row: ArrayLike<number>) => string | null;

const DESCRIBE: Record<FeatureName, Describer> = {
  // The hour alone is not unusual for everyone; it is said in the actor's terms, or not at all.
  hour: (_v, ctx, row) => DESCRIBE.actor_hour_share(row[COLUMN.actor_hour_share]!, ctx, row),
  weekday: (v, ctx) => `on a ${WEEKDAYS[v] ?? 'day'} at ${hhmm(ctx.event.tsMs)}`,
  actor_hour_share: (v, ctx) => {
    if (v >= 0.1) return null;
    const usual = ctx.usualHours;
    if (usual === null) return `at ${hhmm(ctx.event.tsMs)}, an hour ${ctx.actor} has rarely worked`;
    return `at ${hhmm(ctx.event.tsMs)}, when ${ctx.actor} normally works ${pad(usual.from)}:00–${pad(usual.to)}:00`;
  },
  actor_history: (v, ctx) => {
    const earlier = Math.round(v * HISTORY_CAP);
    if (earlier === 0) return `the first event seen from ${ctx.actor}`;
    return earlier < 20 ? `${ctx.actor} has little history here (${plural(earlier, 'earlier event')})` : null;
  },
  actor_events_10m: (v, ctx) => (v >= 5 ? `${plural(v, 'event')} by ${ctx.actor} in the last 10 minutes` : null),
  actor_failure_rate_1h: (v, ctx) => (v > 0 ? `${percent(v)} of ${ctx.actor}'s actions failed in the last hour` : null),
  terminal_events_10m: (v, ctx) => (v >= 5 && ctx.event.terminalId ? `${plural(v, 'event')} on ${ctx.event.terminalId} in the last 10 minutes` : null),
  terminal_failures_10m: (v, ctx) => {
    if (v < 2 || !ctx.event.terminalId) return null;
    const what = ctx.event.action === 'auth.login' ? 'failed logins' : 'failed actions';
    return `${v} ${what} on ${ctx.event.terminalId} in the last 10 minutes`;
  },
  terminal_failure_rate_1h: (v, ctx) => (v > 0 && ctx.event.terminalId ? `${percent(v)} of actions on ${ctx.event.terminalId} failed in the last hour` : null),
  actor_action_share: (v, ctx) => {
    if (v === 0) return `first time ${ctx.actor} has done ${ctx.event.action}`;
    return v < 0.02 ? `${ctx.event.action} is rare for ${ctx.actor} (${percent(v)} of their actions)` : null;
  },
  store_action_share: (v, ctx) => {
    if (v === 0) return `the first ${ctx.event.action} in this store`;
    return v < 0.01 ? `${ctx.event.action} is rare in this store (${(v * 100).toFixed(1)} % of its events)` : null;
  },
  amount_rank_actor: (v, ctx) => (ctx.actorAmounts < 5 ? null : amountWords(v, ctx, `this ${ctx.event.userRole ?? 'user'}'s`)),
  amount_rank_store: (v, ctx) => amountWords(v, ctx, "the store's"),
  new_terminal: (v, ctx) => (v === 1 && ctx.event.terminalId ? `first time ${ctx.actor} has used ${ctx.event.terminalId}` : null),
  new_address: (v, ctx) => (v === 1 && ctx.event.ip ? `first time ${ctx.actor} has come from ${ctx.event.ip}` : null),
  minutes_since_login: (v, ctx) => {
    // Machines (no user) never log in: for them the value says nothing.
    if (ctx.event.userId === null) return null;
    if (v >= LOGIN_CAP_MINUTES) return `no login by ${ctx.actor} in the 24 hours before`;
    return v >= 8 * 60 ? `${Math.floor(v / 60)} hours after ${ctx.actor} logged in` : null;
  },
  failed: (v) => (v === 1 ? 'the action failed' : null),
};

/**
 * The feature in words, or null when its value is ordinary and so says nothing a manager could use
 * (a feature can weigh in the model without being unusual on its own).
 */
export function describeFeature(column: number, row: ArrayLike<number>, ctx: DescribeContext): string | null {
  const name = FEATURE_NAMES[column];
  if (name === undefined) return null;
  return DESCRIBE[name](row[COLUMN[name]]!, ctx, row);
}
