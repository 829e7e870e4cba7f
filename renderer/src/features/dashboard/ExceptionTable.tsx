import { useState } from 'react';
import { Link } from 'react-router';
import type { DashboardSummary } from '../../../../shared/contract/alert-channels';
import { filterToSearch } from '../../../../shared/filter';
import { formatCount } from '../../format/money';

type Row = DashboardSummary['exceptions'][number];
type SortKey = 'worstRatio' | 'sales' | 'voids' | 'postVoids' | 'refunds' | 'noReceiptRefunds' | 'noSales' | 'discounts' | 'overrides' | 'userId';

/** A cashier this many times the store's rate is worth a look; below it, ordinary spread between people. */
export const RATIO_TO_LOOK_AT = 2;
/** The table opens short; the rest are one click away. */
const FIRST_ROWS = 10;

const COLUMNS: { key: SortKey; label: string; full?: string }[] = [
  { key: 'sales', label: 'Sales' },
  { key: 'voids', label: 'Voids' },
  { key: 'postVoids', label: 'Post-voids' },
  { key: 'refunds', label: 'Refunds' },
  { key: 'noReceiptRefunds', label: 'No receipt', full: 'Refunds without a receipt' },
  { key: 'noSales', label: 'No-sales' },
  { key: 'discounts', label: 'Discounts' },
  { key: 'overrides', label: 'Overrides', full: 'Price overrides' },
];

/** The core names the kind as counted ("refunds", "no-sale opens"); a store manager thinks in rates. */
const KIND_TEXT: Record<string, string> = {
  voids: 'void rate',
  'post-voids': 'post-void rate',
  refunds: 'refund rate',
  'no-sale opens': 'no-sale rate',
  discounts: 'discount rate',
  'price overrides': 'price-override rate',
};

/** "3.3 × the store's refund rate" */
export function ratioText(row: Pick<Row, 'worstRatio' | 'worstKind'>): string {
  if (!row.worstKind || row.worstRatio <= 0) return '—';
  const kind = KIND_TEXT[row.worstKind] ?? `rate of ${row.worstKind}`;
  return `${row.worstRatio.toFixed(1)} × the store’s ${kind}`;
}

/** The loss-prevention exception report: each cashier's counts over 30 days and their worst rate against the store's. */
export function ExceptionTable({ rows }: { rows: DashboardSummary['exceptions'] }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'worstRatio', descending: true });
  const [all, setAll] = useState(false);
  const sorted = [...rows].sort((a, b) => compare(a, b, sort.key) * (sort.descending ? -1 : 1));
  const shown = all ? sorted : sorted.slice(0, FIRST_ROWS);
  const flagged = rows.filter((r) => r.worstRatio >= RATIO_TO_LOOK_AT).length;

  const header = (key: SortKey, label: string, numeric = true, full?: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="sort-button" title={full} aria-label={full} onClick={() => setSort({ key, descending: active ? !sort.descending : key !== 'userId' })}>
          {label}
          <span aria-hidden="true">{active ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <section className="panel exception-panel" aria-labelledby="exceptions-heading" data-testid="exception-table">
      <div className="panel-head">
        <h2 id="exceptions-heading">Exceptions per cashier, last 30 days</h2>
        <span className="form-note">
          {flagged > 0 ? `${flagged} cashier${flagged === 1 ? '' : 's'} at ${RATIO_TO_LOOK_AT} × the store’s rate or more` : 'No cashier is far from the store’s rates'}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="form-note">No sales by cashiers in the last 30 days.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table exception-table">
            <thead>
              <tr>
                {header('userId', 'Cashier', false)}
                {COLUMNS.map((c) => header(c.key, c.label, true, c.full))}
                {header('worstRatio', 'Compared with the store', false)}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => {
                const high = row.worstRatio >= RATIO_TO_LOOK_AT;
                return (
                  <tr key={`${row.storeId}/${row.userId}`} className={high ? 'exception-high' : undefined} data-testid="exception-row" data-user={row.userId}>
                    <th scope="row">
                      <Link to={`/timeline?${filterToSearch({ store: row.storeId, user: row.userId })}`}>{row.userId}</Link>
                      <span className="exception-store">{row.storeId}</span>
                    </th>
                    {COLUMNS.map((c) => (
                      <td key={c.key} className="num">
                        {formatCount(row[c.key] as number)}
                      </td>
                    ))}
                    <td className="exception-ratio" data-testid="exception-ratio" title={row.worstKind ? undefined : 'Not compared: too few sales, or nothing the store does either'}>
                      {high ? (
                        <>
                          <strong>{ratioText(row)}</strong>
                          <span className="exception-look">worth a look</span>
                        </>
                      ) : (
                        ratioText(row)
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > FIRST_ROWS && (
        <div className="load-more">
          <button type="button" className="button button-small" onClick={() => setAll((v) => !v)}>
            {all ? `Show the first ${FIRST_ROWS}` : `Show all ${rows.length} cashiers`}
          </button>
        </div>
      )}
    </section>
  );
}

function compare(a: Row, b: Row, key: SortKey): number {
  if (key === 'userId') return a.userId.localeCompare(b.userId) || a.storeId.localeCompare(b.storeId);
  return a[key] - b[key] || a.userId.localeCompare(b.userId);
}
