import type { Db } from '../../store/database';
import { shiftTallies, type ShiftTallies, type TallyOptions } from '../rules/shift-tallies';
import type { RuleScope } from '../rules/types';

/** The part of the log a run looks at, with what several rules share computed once. */
export function ruleScope(db: Db, afterSeq: number, toSeq: number): RuleScope {
  let stores: { storeId: string; lastTsMs: number }[] | null = null;
  const tallies = new Map<string, ShiftTallies>();
  return {
    db,
    afterSeq,
    toSeq,
    covered: new Set(),
    changedStores() {
      stores ??= (db.prepare('SELECT DISTINCT store_id FROM events WHERE seq > ? AND seq <= ?').pluck().all(afterSeq, toSeq) as string[]).map((storeId) => ({
        storeId,
        // The store's newest event (by its index): a demo or a copy may end in the past.
        lastTsMs: db.prepare('SELECT max(ts_ms) FROM events WHERE store_id = ? AND seq <= ?').pluck().get(storeId, toSeq) as number,
      }));
      return stores;
    },
    tallies(storeId: string, to: number, options: TallyOptions) {
      const key = JSON.stringify([storeId, to, options.windowDays, options.shiftChangeMinute, options.overShortMinor]);
      let found = tallies.get(key);
      if (!found) {
        found = shiftTallies(db, storeId, to, options);
        tallies.set(key, found);
      }
      return found;
    },
  };
}
