import type { z } from 'zod';
import type { FairnessSchema } from '../../../../shared/contract/alert-channels';
import type { Db } from '../../store/database';

export type Fairness = z.output<typeof FairnessSchema>;

/** The largest relative spread allowed between the detection rates of groups: (max − min) / max. */
export const FAIRNESS_LIMIT = 0.2;
/** Groups with fewer events than this are shown but not compared: their rates are mostly noise. */
export const FAIRNESS_MIN_EVENTS = 1000;

const ACTIVE = "('open', 'case')";

/**
 * Detection rates per role (`user_role`) and per store: the share of a group's events that are
 * evidence of an active alert (open or in a case). Events without a role (machines) are left out of
 * the roles. A grouping is flagged when, among its groups with at least FAIRNESS_MIN_EVENTS events,
 * the highest rate exceeds the lowest by more than FAIRNESS_LIMIT of the highest. The denominators
 * are the counts each detection run keeps (detection_group_counts), so this never scans the log.
 */
export function computeFairness(db: Db): Fairness {
  const totals = db.prepare('SELECT grouping, grp, events FROM detection_group_counts ORDER BY grouping, grp').all() as { grouping: 'role' | 'store'; grp: string; events: number }[];
  const flagged = db
    .prepare(
      `WITH evidence AS (SELECT DISTINCT j.value AS seq FROM alerts a, json_each(a.evidence) j WHERE a.status IN ${ACTIVE})
       SELECT e.user_role AS role, e.store_id AS store, count(*) AS n FROM evidence JOIN events e ON e.seq = evidence.seq GROUP BY e.user_role, e.store_id`,
    )
    .all() as { role: string | null; store: string; n: number }[];
  const count = (grouping: 'role' | 'store', group: string) =>
    flagged.filter((f) => (grouping === 'role' ? f.role === group : f.store === group)).reduce((sum, f) => sum + f.n, 0);
  const groups = totals
    .filter((t) => t.events > 0)
    .map((t) => {
      const hits = Math.min(t.events, count(t.grouping, t.grp));
      return { by: t.grouping, group: t.grp, events: t.events, flagged: hits, rate: hits / t.events };
    });
  const flags: string[] = [];
  for (const by of ['role', 'store'] as const) {
    const compared = groups.filter((g) => g.by === by && g.events >= FAIRNESS_MIN_EVENTS).sort((a, b) => b.rate - a.rate);
    const high = compared[0];
    const low = compared.at(-1);
    if (!high || !low || compared.length < 2 || high.rate === 0) continue;
    const spread = (high.rate - low.rate) / high.rate;
    if (spread <= FAIRNESS_LIMIT) continue;
    flags.push(
      `Detection rates by ${by} differ by ${Math.round(spread * 100)} %: ${high.group} ${per100(high.rate)} per 100 events, ${low.group} ${per100(low.rate)} ` +
        `(the limit is ${Math.round(FAIRNESS_LIMIT * 100)} %). Check that the rules do not single out a group.`,
    );
  }
  return { limit: FAIRNESS_LIMIT, groups, flags };
}

function per100(rate: number): string {
  return (rate * 100).toFixed(rate * 100 < 0.1 ? 3 : 2);
}
