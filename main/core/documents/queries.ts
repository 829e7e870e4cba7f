import {
  getQueryMatcher,
  getSortComparator,
  type DeterministicSortComparator,
  type PreparedQuery,
  type QueryMatcher,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageCountResult,
} from 'rxdb';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../store/database';
import { rangeSql, type RangeSql } from './sql-range';
import type { SqlValue, TableShape } from './table';

/** A prepared query turned into SQL once: the range, and RxDB's matcher and comparator for the rest. */
interface Plan<T> {
  readonly range: RangeSql;
  /** `FROM "table" INDEXED BY …`: the index RxDB's planner chose, when the schema declared it. */
  readonly from: string;
  /** The SQL range is the whole answer: no matcher needed, so SQL can also count, skip and limit. */
  readonly exact: boolean;
  /** ORDER BY giving the query's sort, or null when the sort has a field with no column (sorted in JS). */
  readonly orderBy: string | null;
  readonly matcher: QueryMatcher<RxDocumentData<T>> | null;
  readonly comparator: DeterministicSortComparator<T> | null;
}

const MAX_CACHED_STATEMENTS = 200;

/**
 * Runs RxDB queries: SQL walks the range of the index RxDB's query planner chose (`queryPlan.index`
 * with its start and end keys), RxDB's own Mango matcher checks what the index cannot, and the sort
 * comes from the index, from SQLite (sort fields with columns) or from RxDB's comparator; then skip
 * and limit.
 */
export class DocumentQueries<T> {
  private readonly plans = new WeakMap<PreparedQuery<T>, Plan<T>>();
  private readonly statements = new Map<string, Statement<SqlValue[]>>();

  constructor(
    private readonly db: Db,
    private readonly shape: TableShape,
    private readonly schema: RxJsonSchema<RxDocumentData<T>>,
  ) {}

  query(prepared: PreparedQuery<T>): RxDocumentData<T>[] {
    const plan = this.plan(prepared);
    const skip = prepared.query.skip ?? 0;
    const limit = typeof prepared.query.limit === 'number' ? prepared.query.limit : Infinity;
    if (limit <= 0) return [];
    const { where, params } = plan.range;
    const select = `SELECT data FROM ${plan.from} WHERE ${where}`;
    if (plan.orderBy !== null && plan.exact) {
      return this.all(`${select} ORDER BY ${plan.orderBy} LIMIT ? OFFSET ?`, [...params, Number.isFinite(limit) ? limit : -1, skip]);
    }
    if (plan.orderBy !== null) {
      // In the query's order: stop reading as soon as skip + limit documents have matched.
      const wanted = skip + limit;
      const found: RxDocumentData<T>[] = [];
      for (const data of this.statement(`${select} ORDER BY ${plan.orderBy}`).iterate(...params) as IterableIterator<string>) {
        const doc = JSON.parse(data) as RxDocumentData<T>;
        if (plan.matcher && !plan.matcher(doc)) continue;
        found.push(doc);
        if (found.length >= wanted) break;
      }
      return found.slice(skip);
    }
    let docs = this.all(select, params);
    if (plan.matcher) docs = docs.filter(plan.matcher);
    docs.sort(plan.comparator as (a: RxDocumentData<T>, b: RxDocumentData<T>) => number);
    return docs.slice(skip, skip + limit);
  }

  /**
   * The same number `query()` would return. Answered by SQL (`mode: 'fast'`) when the index range is
   * the whole selector; otherwise every row of the range is matched here (`mode: 'slow'`, which RxDB
   * refuses unless the database allows slow counts).
   */
  count(prepared: PreparedQuery<T>): RxStorageCountResult {
    const plan = this.plan(prepared);
    const { where, params } = plan.range;
    let total: number;
    if (plan.exact) {
      total = this.statement(`SELECT count(*) FROM ${plan.from} WHERE ${where}`).get(...params) as number;
    } else {
      total = 0;
      const matcher = plan.matcher as QueryMatcher<RxDocumentData<T>>;
      for (const data of this.statement(`SELECT data FROM ${plan.from} WHERE ${where}`).iterate(...params) as IterableIterator<string>) {
        if (matcher(JSON.parse(data) as RxDocumentData<T>)) total++;
      }
    }
    const skip = prepared.query.skip ?? 0;
    const limit = typeof prepared.query.limit === 'number' ? prepared.query.limit : Infinity;
    return { count: Math.max(0, Math.min(total - skip, limit)), mode: plan.exact ? 'fast' : 'slow' };
  }

  /** The SQL RxDB's plan becomes, for EXPLAIN QUERY PLAN in tests and for a look when a query is slow. */
  sqlOf(prepared: PreparedQuery<T>): { sql: string; params: SqlValue[] } {
    const plan = this.plan(prepared);
    const order = plan.orderBy === null ? '' : ` ORDER BY ${plan.orderBy}`;
    return { sql: `SELECT data FROM ${plan.from} WHERE ${plan.range.where}${order}`, params: plan.range.params };
  }

  private plan(prepared: PreparedQuery<T>): Plan<T> {
    let plan = this.plans.get(prepared);
    if (!plan) {
      const { queryPlan, query } = prepared;
      const range = rangeSql(queryPlan.index.map(this.shape.sqlFor), queryPlan);
      const exact = range.exact && queryPlan.selectorSatisfiedByIndex;
      // Following RxDB's choice of index keeps plans predictable; SQLite would sometimes sort instead.
      const index = this.shape.indexFor(queryPlan.index);
      const orderBy = queryPlan.sortSatisfiedByIndex ? range.orderBy : this.sortSql(query.sort);
      plan = {
        range,
        from: `"${this.shape.table}"${index ? ` INDEXED BY "${index}"` : ''}`,
        exact,
        orderBy,
        matcher: exact ? null : getQueryMatcher(this.schema, query),
        comparator: orderBy === null ? getSortComparator(this.schema, query) : null,
      };
      this.plans.set(prepared, plan);
    }
    return plan;
  }

  /**
   * The query's sort as ORDER BY when every sort field has its own column: SQLite then sorts (and
   * limits) without parsing a document it does not return. A column holds one JSON type per field
   * (the schema's), so SQLite's order of its values is the order of RxDB's comparator.
   */
  private sortSql(sort: PreparedQuery<T>['query']['sort']): string | null {
    const parts: string[] = [];
    for (const part of sort) {
      const [field, direction] = Object.entries(part)[0] ?? [];
      const column = field === undefined ? null : this.shape.columnFor(field);
      if (column === null) return null;
      parts.push(direction === 'desc' ? `${column} DESC` : column);
    }
    return parts.join(', ');
  }

  private all(sql: string, params: SqlValue[]): RxDocumentData<T>[] {
    return (this.statement(sql).all(...params) as string[]).map((data) => JSON.parse(data) as RxDocumentData<T>);
  }

  private statement(sql: string): Statement<SqlValue[]> {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
    // Every statement here returns one column: the document, or a count.
    const statement = this.db.prepare<SqlValue[]>(sql).pluck();
    this.statements.set(sql, statement);
    return statement;
  }
}
