import type { AlertDraft, RuleEvaluator, RuleScope } from './types';
import { alertId, distinct, figure, iso, scoreFor, severityFor } from './severity';
import { binomialTail } from './chance';
import type { Shift, ShiftTallies, Tally, TallyKind } from './shift-tallies';

/** One loss-prevention rate: which count, against which volume, and how it reads in a sentence. */
export interface RateKind {
  kind: string;
  name: string;
  numerator: TallyKind;
  denominator: 'sales' | 'drawerCounts';
  /** "refunded", as in "u-104 refunded 3.3 × the store's rate". */
  verb: string;
  /** "refunds", as in "41 refunds in 1,230 sales". */
  noun: string;
  /** The evidence events: their action, and a further SQL condition. */
  action: string;
  where?: string;
}

export const RATE_KINDS: readonly RateKind[] = [
  { kind: 'refund_rate', name: 'Refunds per cashier', numerator: 'refunds', denominator: 'sales', verb: 'refunded', noun: 'refunds', action: 'pos.refund' },
  {
    kind: 'no_receipt_refund_rate', name: 'Refunds without a receipt per cashier', numerator: 'noReceiptRefunds', denominator: 'sales',
    verb: 'refunded without a receipt', noun: 'refunds without a receipt', action: 'pos.refund', where: "json_extract(details, '$.no_receipt') = 1",
  },
  { kind: 'line_void_rate', name: 'Line voids per cashier', numerator: 'lineVoids', denominator: 'sales', verb: 'voided lines', noun: 'line voids', action: 'pos.void' },
  { kind: 'post_void_rate', name: 'Post-voids per cashier', numerator: 'postVoids', denominator: 'sales', verb: 'voided finished sales', noun: 'post-voids', action: 'pos.post_void' },
  { kind: 'no_sale_rate', name: 'No-sale drawer opens per cashier', numerator: 'noSales', denominator: 'sales', verb: 'opened the drawer without a sale', noun: 'no-sales', action: 'pos.no_sale' },
  { kind: 'discount_rate', name: 'Discounts per cashier', numerator: 'discounts', denominator: 'sales', verb: 'gave discounts', noun: 'discounts', action: 'pos.discount' },
  { kind: 'price_override_rate', name: 'Price overrides per cashier', numerator: 'overrides', denominator: 'sales', verb: 'overrode prices', noun: 'price overrides', action: 'pos.price_override' },
  {
    kind: 'cash_over_short_rate', name: 'Drawer counts over or short per cashier', numerator: 'overShort', denominator: 'drawerCounts',
    verb: 'closed drawers over or short', noun: 'drawer counts off', action: 'cash.over_short', where: 'abs(coalesce(amount_minor, 0)) >= @overShortMinor',
  },
];

interface ShiftFinding {
  shift: Shift;
  count: number;
  volume: number;
  storeRate: number;
  ratio: number;
  chance: number;
}

/**
 * A per-cashier rate against the store's rate for the same shift, over the `windowDays` before the
 * store's newest event; the store's rate is that of the cashier's colleagues on the shift (everyone
 * else's exceptions over everyone else's sales). A cashier is flagged in a shift when their rate is
 * at least `ratio` × that, with at least `minVolume` sales (or drawer counts) and `minEvents` exceptions, and when
 * a share that high of the shift's exceptions would come by chance at one common rate less than
 * `maxChance` of the time (a binomial test given the shift's total, `chance.ts`): so a single event, or a small shift's bad luck, never makes a rate. One alert per
 * cashier and store (`rule:<kind>:<store>:<user>`), re-evaluated while new events arrive.
 */
export function cashierRate(rate: RateKind): RuleEvaluator {
  return (scope, t) => {
    const drafts: AlertDraft[] = [];
    const options = { windowDays: t.windowDays ?? 90, shiftChangeMinute: t.shiftChangeMinute ?? 855, overShortMinor: t.overShortMinor ?? 1000 };
    for (const { storeId, lastTsMs } of scope.changedStores()) {
      const tallies = scope.tallies(storeId, lastTsMs + 1, options);
      const users = new Set([...tallies.users.morning.keys(), ...tallies.users.evening.keys()]);
      for (const user of users) {
        const findings = (['morning', 'evening'] as const)
          .map((shift) => judge(rate, tallies, shift, user, t))
          .filter((f): f is ShiftFinding => f !== null)
          .sort((a, b) => b.ratio - a.ratio);
        if (findings.length) drafts.push(rateAlert(scope, rate, tallies, user, findings, t, options.overShortMinor));
      }
    }
    return drafts;
  };
}

function judge(rate: RateKind, tallies: ShiftTallies, shift: Shift, user: string, t: Readonly<Record<string, number>>): ShiftFinding | null {
  const mine: Tally | undefined = tallies.users[shift].get(user);
  if (!mine) return null;
  const count = mine[rate.numerator];
  const volume = mine[rate.denominator];
  const minVolume = t.minVolume ?? 200;
  // The cashier's colleagues on the same shift: a cashier who does a quarter of a shift's sales would
  // otherwise raise the baseline they are compared with.
  const restCount = tallies.store[shift][rate.numerator] - count;
  const restVolume = tallies.store[shift][rate.denominator] - volume;
  if (volume < minVolume || count < (t.minEvents ?? 5) || restVolume < minVolume) return null;
  // No colleague did any: half an event keeps the ratio finite (and generous to the cashier).
  const storeRate = Math.max(restCount, 0.5) / restVolume;
  const ratio = count / volume / storeRate;
  const chance = binomialTail(count, count + restCount, volume / (volume + restVolume));
  if (ratio < (t.ratio ?? 2.5) || chance > (t.maxChance ?? 0.001)) return null;
  return { shift, count, volume, storeRate, ratio, chance };
}

function rateAlert(scope: RuleScope, rate: RateKind, tallies: ShiftTallies, user: string, findings: ShiftFinding[], t: Readonly<Record<string, number>>, overShortMinor: number): AlertDraft {
  const worst = findings[0] as ShiftFinding;
  const per = rate.denominator === 'sales' ? 'sales' : 'drawer counts';
  const evidence = scope.db
    .prepare(`SELECT seq, ts_ms, terminal_id FROM events WHERE user_id = @user AND ts_ms >= @from AND ts_ms < @to AND store_id = @store AND action = @action${rate.where ? ` AND ${rate.where}` : ''} ORDER BY ts_ms, seq`)
    .all({ user, from: tallies.from, to: tallies.to, store: tallies.storeId, action: rate.action, ...(rate.where?.includes('@overShortMinor') ? { overShortMinor } : {}) }) as {
    seq: number;
    ts_ms: number;
    terminal_id: string | null;
  }[];
  const explanation = findings.map(
    (f) =>
      `${user} ${rate.verb} ${figure(f.ratio, 1)} × the store's rate for the same shift (${figure(f.count)} ${rate.noun} in ${figure(f.volume)} ${per}; the others on the ${f.shift} shift: ${figure(f.storeRate * 100, 1)} per 100)`,
  );
  explanation.push(`over the ${t.windowDays ?? 90} days to ${iso(tallies.to - 1).slice(0, 10)}; by chance at the store's rate: ${chanceWords(worst.chance)}`);
  const ratio = worst.ratio / (t.ratio ?? 2.5);
  return {
    id: alertId('rule', rate.kind, tallies.storeId, user),
    source: 'rule',
    rule: rate.kind,
    title: `${user} ${rate.verb} ${figure(worst.ratio, 1)} × as often as the rest of ${tallies.storeId}`,
    severity: severityFor('medium', ratio),
    score: scoreFor(worst.ratio / ((t.ratio ?? 2.5) / 2)),
    storeId: tallies.storeId,
    users: [user],
    terminals: distinct(evidence.map((e) => e.terminal_id)),
    evidence: evidence.map((e) => e.seq),
    explanation,
    from: iso(evidence[0]?.ts_ms ?? tallies.from),
    to: iso(evidence.at(-1)?.ts_ms ?? tallies.to - 1),
    modelVersion: null,
  };
}

function chanceWords(p: number): string {
  if (p < 1e-6) return 'less than 1 in a million';
  return `about 1 in ${figure(Math.round(1 / p))}`;
}
