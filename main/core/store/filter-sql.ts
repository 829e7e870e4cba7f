import type { EventFilter } from '../../../shared/filter';

export interface SqlWhere {
  sql: string;
  params: (string | number)[];
}

/**
 * Filter → WHERE clause. Exact-match filters hit the (column, ts_ms) indexes; the time range is
 * half-open [from, to). Free text is a case-insensitive substring scan of resource, error and details,
 * applied after the indexed filters (full-text search arrives with the search capability).
 */
export function filterToWhere(filter: EventFilter): SqlWhere {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (filter.from !== undefined) {
    clauses.push('ts_ms >= ?');
    params.push(Date.parse(filter.from));
  }
  if (filter.to !== undefined) {
    clauses.push('ts_ms < ?');
    params.push(Date.parse(filter.to));
  }
  const exact: [keyof EventFilter, string][] = [
    ['store', 'store_id'],
    ['terminal', 'terminal_id'],
    ['user', 'user_id'],
    ['action', 'action'],
    ['status', 'status'],
  ];
  for (const [key, column] of exact) {
    const value = filter[key];
    if (value === undefined) continue;
    clauses.push(`${column} = ?`);
    params.push(value);
  }
  if (filter.text !== undefined) {
    const needle = filter.text.toLowerCase();
    clauses.push(`(instr(lower(coalesce(resource_id, '')), ?) > 0 OR instr(lower(coalesce(error_details, '')), ?) > 0
      OR instr(lower(details), ?) > 0 OR instr(lower(coalesce(user_id, '')), ?) > 0)`);
    params.push(needle, needle, needle, needle);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function andWhere(where: SqlWhere, clause: string, ...params: (string | number)[]): SqlWhere {
  return {
    sql: where.sql ? `${where.sql} AND ${clause}` : `WHERE ${clause}`,
    params: [...where.params, ...params],
  };
}
