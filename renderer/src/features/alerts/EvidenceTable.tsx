import { Link } from 'react-router';
import type { StoredEvent } from '../../../../shared/events';
import { formatMoney } from '../../format/money';
import { formatUtc } from '../../format/time';
import { timelineEventPath } from './evidenceChart';

/** The evidence as rows, each a link to the event on the Timeline (its drawer open). */
export function EvidenceTable({ events }: { events: readonly StoredEvent[] }) {
  return (
    <div className="table-scroll evidence-table-wrap">
      <table className="data-table evidence-table" data-testid="evidence-table">
        <caption className="visually-hidden">Evidence events, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">User</th>
            <th scope="col">Terminal</th>
            <th scope="col">Action</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">
              <span className="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq} className={event.status === 'failure' ? 'evidence-failure' : undefined} data-testid="evidence-row" data-seq={event.seq}>
              <td className="nowrap">{formatUtc(event.ts)}</td>
              <td>{event.user_id ?? '—'}</td>
              <td>{event.terminal_id ?? '—'}</td>
              <td className="mono">
                {event.action}
                {event.status === 'failure' && <span className="evidence-failed"> failed</span>}
              </td>
              <td className="num nowrap">{formatMoney(event.amount_minor, event.currency)}</td>
              <td className="actions">
                <Link to={timelineEventPath(event)} aria-label={`Open event ${event.seq} on the Timeline`}>
                  #{event.seq}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
