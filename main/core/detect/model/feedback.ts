import { createHash } from 'node:crypto';
import type { Db } from '../../store/database';
import type { ModelFeedback } from '../model-detector';

/** Feedback as it applies to one scope (a store, or all of them for the baseline). */
export interface ScopedFeedback {
  falsePositives: number[];
  confirmed: number[];
  hash: string;
}

function scoped(falsePositives: number[], confirmed: number[]): ScopedFeedback {
  const fp = [...new Set(falsePositives)].sort((a, b) => a - b);
  // An event both confirmed and called a false positive: the confirmation wins (it is left out).
  const confirmedSet = new Set(confirmed);
  const done = [...confirmedSet].sort((a, b) => a - b);
  const kept = fp.filter((seq) => !confirmedSet.has(seq));
  const hash = createHash('sha256').update(JSON.stringify({ fp: kept, confirmed: done })).digest('hex');
  return { falsePositives: kept, confirmed: done, hash };
}

/** Splits the feedback by the stores its events belong to; `all` is the baseline's share (every store). */
export function feedbackByStore(db: Db, feedback: ModelFeedback): { all: ScopedFeedback; byStore: (storeId: string) => ScopedFeedback } {
  const seqs = [...feedback.falsePositiveSeqs, ...feedback.confirmedSeqs];
  const stores = new Map<number, string>();
  if (seqs.length > 0) {
    const rows = db
      .prepare('SELECT seq, store_id FROM events WHERE seq IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(seqs)) as { seq: number; store_id: string }[];
    for (const row of rows) stores.set(row.seq, row.store_id);
  }
  const cache = new Map<string, ScopedFeedback>();
  return {
    all: scoped([...feedback.falsePositiveSeqs], [...feedback.confirmedSeqs]),
    byStore(storeId) {
      let found = cache.get(storeId);
      if (!found) {
        const mine = (list: readonly number[]) => list.filter((seq) => stores.get(seq) === storeId);
        cache.set(storeId, (found = scoped(mine(feedback.falsePositiveSeqs), mine(feedback.confirmedSeqs))));
      }
      return found;
    },
  };
}
