import { useEffect, useRef } from 'react';
import type { StoredEvent } from '../../../../shared/events';
import { CopyButton } from '../../components/CopyButton';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatMoney } from '../../format/money';
import { formatUtc } from '../../format/time';
import { useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';

interface EventDrawerProps {
  seq: number;
  onClose: () => void;
}

type Field = { label: string; value: (e: StoredEvent) => string | null };

/** Every field of the event, in the order an auditor reads them: what, who, where, then the record keeping. */
const FIELDS: Field[] = [
  { label: 'Time (UTC)', value: (e) => formatUtc(e.ts) },
  { label: 'Action', value: (e) => e.action },
  { label: 'Category', value: (e) => e.category },
  { label: 'Status', value: (e) => e.status },
  { label: 'Level', value: (e) => e.level },
  { label: 'Error details', value: (e) => e.error_details },
  { label: 'Amount', value: (e) => (e.amount_minor === null ? null : formatMoney(e.amount_minor, e.currency)) },
  { label: 'Amount (minor units)', value: (e) => (e.amount_minor === null ? null : `${e.amount_minor} ${e.currency ?? ''}`.trim()) },
  { label: 'Store', value: (e) => e.store_id },
  { label: 'Terminal', value: (e) => e.terminal_id },
  { label: 'User', value: (e) => e.user_id },
  { label: 'Role', value: (e) => e.user_role },
  { label: 'Session', value: (e) => e.session_id },
  { label: 'Resource type', value: (e) => e.resource_type },
  { label: 'Resource', value: (e) => e.resource_id },
  { label: 'IP address', value: (e) => e.ip_address },
  { label: 'User agent', value: (e) => e.user_agent },
  { label: 'Event ID', value: (e) => e.event_id },
  { label: 'Received (UTC)', value: (e) => formatUtc(e.received_at) },
];

export function EventDrawer({ seq, onClose }: EventDrawerProps) {
  const event = useRequest(`event:${seq}`, () => client.call('events.get', { seq }));
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeButton.current?.focus();
  }, [seq]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const value = event.status === 'ok' || event.value?.seq === seq ? event.value : undefined;
  const titleId = `event-drawer-title-${seq}`;

  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby={titleId} data-testid="event-drawer">
      <header className="drawer-head">
        <div>
          <h2 id={titleId}>Event #{seq}</h2>
          {value && (
            <p className={value.status === 'failure' ? 'drawer-sub text-failure' : 'drawer-sub'}>
              {value.action} · {value.status === 'failure' ? 'Failure' : 'Success'}
            </p>
          )}
        </div>
        <button type="button" ref={closeButton} className="button button-small" onClick={onClose} aria-label="Close event details">
          Close
        </button>
      </header>
      <div className="drawer-body">
        {event.status === 'loading' && !value && <Spinner label="Loading event…" />}
        {event.status === 'error' && <ErrorPanel title={`Event #${seq} could not be loaded`} message={event.message} onRetry={event.retry} />}
        {value?.archived && (
          <p className="drawer-archived" data-testid="event-archived">
            Archived by retention: read from its archive file, which was checked against its signed manifest first.
          </p>
        )}
        {value && <EventDetails event={value} />}
      </div>
    </aside>
  );
}

function EventDetails({ event }: { event: StoredEvent }) {
  return (
    <>
      <dl className="facts">
        {FIELDS.map((field) => {
          const text = field.value(event);
          return (
            <div className="fact" key={field.label}>
              <dt>{field.label}</dt>
              <dd className={text === null ? 'empty' : undefined}>{text ?? '—'}</dd>
            </div>
          );
        })}
      </dl>
      <h3>Details</h3>
      <pre className="json" data-testid="event-details">
        {JSON.stringify(event.details, null, 2)}
      </pre>
      <h3>Chain</h3>
      <p className="drawer-note">
        The hash is this event’s fingerprint; the previous hash links it to{' '}
        {event.seq > 1 ? `event #${event.seq - 1}` : 'the start of the chain'}. Verifying integrity recomputes both.
      </p>
      <ChainValue label="Sequence" value={String(event.seq)} testId="event-seq" />
      <ChainValue label="Hash" value={event.hash} testId="event-hash" />
      <ChainValue label="Previous hash" value={event.prev_hash} testId="event-prev-hash" />
    </>
  );
}

function ChainValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="chain-value">
      <div className="chain-label">
        <span>{label}</span>
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <code className="mono" data-testid={testId}>
        {value}
      </code>
    </div>
  );
}
