import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_MAX, INDEX_MIN, type MangoQuery, type RxQueryPlan, type RxQueryPlanKey } from 'rxdb';
import type { Db } from '../store/database';
import { tempDir } from '../store/test-helpers';
import { rangeSql } from './sql-range';
import { getSqliteRxStorage } from './storage';
import { filledItemSchema, itemDoc, itemInstance, openTestDb, preparedQuery, type Item } from './test-helpers';
import type { SqliteStorageInstance } from './instance';

const plan = (over: Partial<RxQueryPlan>): RxQueryPlan => ({
  index: ['a', 'b', 'c'], startKeys: keys(), endKeys: keys(), inclusiveStart: true, inclusiveEnd: true,
  sortSatisfiedByIndex: true, selectorSatisfiedByIndex: true, ...over,
});
const cols = ['a', 'b', 'c'];
/** RxDB puts booleans in the keys too, though its type says string | number. */
const keys = (...values: unknown[]) => values as RxQueryPlanKey[];

describe('rangeSql: RxDB start and end keys as a row-value range', () => {
  it('turns fields fixed at both ends into equalities and the next one into a range', () => {
    const r = rangeSql(cols, plan({ startKeys: keys(false, 'S1', INDEX_MIN), endKeys: keys(false, 'S1', INDEX_MAX) }));
    expect(r.where).toBe('a = ? AND b = ?');
    expect(r.params).toEqual([0, 'S1']);
    expect(r.exact).toBe(true);
  });

  it('reads MAX after an exclusive start as "after every row with this prefix"', () => {
    const r = rangeSql(cols, plan({ startKeys: keys(false, 5, INDEX_MAX), endKeys: keys(false, INDEX_MAX, INDEX_MAX), inclusiveStart: false }));
    expect(r.where).toBe('a = ? AND b > ?');
    expect(r.params).toEqual([0, 5]);
    expect(r.exact).toBe(true);
  });

  it('reads MIN after an exclusive end as "before every row with this prefix"', () => {
    const r = rangeSql(cols, plan({ startKeys: keys(true, INDEX_MIN, INDEX_MIN), endKeys: keys(true, 'm', INDEX_MIN), inclusiveEnd: false }));
    expect(r.where).toBe('a = ? AND b < ?');
    expect(r.params).toEqual([1, 'm']);
  });

  it('compares the remaining fields together when every key is given', () => {
    const r = rangeSql(cols, plan({ startKeys: keys(0, 'x', 'k1'), endKeys: keys(0, 'y', 'k9'), inclusiveStart: false }));
    expect(r.where).toBe('a = ? AND (b, c) > (?, ?) AND (b, c) <= (?, ?)');
    expect(r.params).toEqual([0, 'x', 'k1', 'y', 'k9']);
  });

  it('gives no rows when an exclusive end meets its start', () => {
    const r = rangeSql(cols, plan({ startKeys: keys(0, 3, INDEX_MAX), endKeys: keys(0, 3, INDEX_MIN), inclusiveStart: false, inclusiveEnd: false }));
    expect(r.where).toBe('a = ? AND b = ? AND 0 AND 0');
  });

  it('bounds nothing for an empty selector, and widens (not exact) around a null key', () => {
    expect(rangeSql(cols, plan({ startKeys: keys(INDEX_MIN, INDEX_MIN, INDEX_MIN), endKeys: keys(INDEX_MAX, INDEX_MAX, INDEX_MAX) })).where).toBe('1');
    const r = rangeSql(cols, plan({ startKeys: keys(0, null as never, INDEX_MIN), endKeys: keys(0, null as never, INDEX_MAX) }));
    expect(r.where).toBe('a = ?');
    expect(r.exact).toBe(false);
  });
});

describe('EXPLAIN QUERY PLAN: an indexed query is a range scan of its own index', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let items: SqliteStorageInstance<Item>;

  beforeAll(async () => {
    tmp = tempDir('watchdog-documents-plan-');
    db = openTestDb(tmp.dir);
    items = await itemInstance(getSqliteRxStorage({ db }) as never);
    await items.bulkWrite(Array.from({ length: 2000 }, (_, i) => ({ document: itemDoc(i) })), 'plan');
    db.exec('ANALYZE');
  });
  afterAll(async () => {
    await items.close();
    db.close();
    tmp.cleanup();
  });

  const planOf = (sql: string, params: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

  const alive = { _deleted: { $eq: false } } as const;
  const cases: [string, MangoQuery<Item>, RegExp][] = [
    ['equality on one field', { selector: { ...alive, status: 'open' } }, /SEARCH rx_\w+ USING INDEX rx_\w+__i_\w+ \(deleted=\? AND f_status_\w+=\?\)/],
    ['equality then range on a compound index', { selector: { ...alive, store: 'S004', priority: { $gte: 3, $lt: 7 } } }, /USING INDEX \w+ \(deleted=\? AND f_store_\w+=\? AND f_priority_\w+>\? AND f_priority_\w+<\?\)/],
    ['a decimal range, sorted by the index', { selector: { ...alive, score: { $gt: 10.5 } }, sort: [{ score: 'asc' }], limit: 20 }, /USING INDEX \w+ \(deleted=\? AND f_score_\w+>\?\)/],
    ['boolean then string range', { selector: { ...alive, flag: true, name: { $lt: 'name 3' } } }, /USING INDEX \w+ \(deleted=\? AND f_flag_\w+=\? AND f_name_\w+<\?\)/],
  ];
  it.each(cases)('%s', (_name, query, expected) => {
    const { sql, params } = items.explain(preparedQuery(filledItemSchema, query));
    const detail = planOf(sql, params);
    expect(detail).toMatch(expected);
    expect(detail).not.toMatch(/\bSCAN\b/);
  });

  it('getChangedDocumentsSince walks the (lwt, id) index, cleanup the partial index of tombstones', () => {
    const t = `"${items.internals.table}"`;
    expect(planOf(`SELECT data FROM ${t} WHERE (lwt, id) > (?, ?) ORDER BY lwt, id LIMIT ?`, [0, '', 10])).toMatch(/SEARCH \w+ USING INDEX \w+ \(\(lwt,id\)>\(\?,\?\)\)/);
    expect(planOf(`SELECT rowid FROM ${t} WHERE deleted = 1 AND lwt <= ? ORDER BY lwt LIMIT ?`, [0, 10])).toMatch(/SEARCH \w+ USING COVERING INDEX \w+ \(lwt<\?\)/);
  });
});
