import { INDEX_MAX, INDEX_MIN, type RxQueryPlan, type RxQueryPlanKey } from 'rxdb';
import type { SqlValue } from './table';

/** The index range of a query plan as SQL over the index's columns. */
export interface RangeSql {
  /** Conditions joined by AND; `1` when the plan bounds nothing. */
  readonly where: string;
  readonly params: SqlValue[];
  /** The index's columns in order: the order the plan's index gives when its sort is satisfied. */
  readonly orderBy: string;
  /**
   * True when the range holds exactly the rows between RxDB's start and end keys; false when it had
   * to be widened (an unusual bound), so the caller must run the query matcher over every row.
   */
  readonly exact: boolean;
}

type Bound = { columns: string[]; values: SqlValue[]; op: '>' | '>=' | '<' | '<=' };

/**
 * RxDB's planner gives, for an index [f0 … fn], start keys and end keys, one per field, plus whether
 * each end is inclusive; a field it does not bound carries INDEX_MIN or INDEX_MAX. Its memory storage
 * compares fixed-width strings built from those keys, which is a lexicographic comparison of the
 * fields — so the same range is a row-value comparison over the index's columns, which SQLite answers
 * with a range scan of the matching index. Keys after the first unbounded field cannot narrow the
 * range further and are left out: MAX after an exclusive start means "after every row with this
 * prefix" (`>` on the prefix), MIN after an exclusive end "before every row with this prefix" (`<`).
 */
export function rangeSql(columns: readonly string[], plan: RxQueryPlan): RangeSql {
  const lower = bound(columns, plan.startKeys, plan.inclusiveStart, 'lower');
  const upper = bound(columns, plan.endKeys, plan.inclusiveEnd, 'upper');
  const where: string[] = [];
  const params: SqlValue[] = [];
  // A leading field both ends fix to the same value is an equality: `c = ?`, then the tails compare.
  let fixed = 0;
  while (fixed < lower.bound.columns.length && fixed < upper.bound.columns.length && lower.bound.values[fixed] === upper.bound.values[fixed]) {
    where.push(`${columns[fixed]} = ?`);
    params.push(lower.bound.values[fixed] ?? null);
    fixed++;
  }
  for (const side of [lower.bound, upper.bound]) {
    const tailColumns = side.columns.slice(fixed);
    const tailValues = side.values.slice(fixed);
    if (tailColumns.length === 0) {
      // Equal on every compared field: an inclusive end keeps those rows, an exclusive one keeps none.
      if (side.op === '>' || side.op === '<') where.push('0');
      continue;
    }
    where.push(tailColumns.length === 1
      ? `${tailColumns[0]} ${side.op} ?`
      : `(${tailColumns.join(', ')}) ${side.op} (${tailValues.map(() => '?').join(', ')})`);
    params.push(...tailValues);
  }
  return { where: where.length ? where.join(' AND ') : '1', params, orderBy: columns.join(', '), exact: lower.exact && upper.exact };
}

/** A key the range can compare: a string, finite number or boolean that is not one of RxDB's sentinels. */
function isValue(key: RxQueryPlanKey | boolean | null): key is string | number | boolean {
  if (typeof key === 'string') return key !== INDEX_MAX;
  if (typeof key === 'number') return key !== INDEX_MIN && Number.isFinite(key);
  return typeof key === 'boolean';
}

function bound(columns: readonly string[], keys: readonly (RxQueryPlanKey | boolean | null)[], inclusive: boolean, side: 'lower' | 'upper'): { bound: Bound; exact: boolean } {
  let prefix = 0;
  while (prefix < columns.length && isValue(keys[prefix] ?? null)) prefix++;
  const values = keys.slice(0, prefix).map((k) => (typeof k === 'boolean' ? (k ? 1 : 0) : (k as string | number)));
  const stop = keys[prefix];
  // Past the last field or at an unbounded one: where RxDB's string range really ends.
  const beyond = side === 'lower' ? INDEX_MAX : INDEX_MIN;
  const through = side === 'lower' ? INDEX_MIN : INDEX_MAX;
  let strict: boolean;
  let exact: boolean;
  if (prefix === columns.length) {
    strict = !inclusive;
    exact = true;
  } else {
    strict = stop === beyond && !inclusive;
    exact = (stop === beyond && !inclusive) || (stop === through && inclusive);
  }
  const op = side === 'lower' ? (strict ? '>' : '>=') : strict ? '<' : '<=';
  return { bound: { columns: columns.slice(0, prefix), values, op }, exact };
}
