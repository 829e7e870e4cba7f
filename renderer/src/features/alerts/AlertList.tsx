import { useRef, type KeyboardEvent } from 'react';
import type { Alert } from '../../../../shared/contract/alert-channels';
import { formatUtc } from '../../format/time';
import { listText, scoreText } from './alertText';
import { SeverityBadge, StatusPill } from './SeverityBadge';

interface AlertListProps {
  alerts: readonly Alert[];
  selectedId: string | null;
  onOpen: (id: string) => void;
}

/**
 * A listbox: one Tab stop (the open alert, or the first), ↑/↓/Home/End move between alerts, Enter or
 * Space opens one. Each row carries every column the store manager scans for in two short lines.
 */
export function AlertList({ alerts, selectedId, onOpen }: AlertListProps) {
  const list = useRef<HTMLUListElement>(null);
  const tabStop = alerts.some((a) => a.id === selectedId) ? selectedId : (alerts[0]?.id ?? null);

  const focusAt = (index: number) => {
    const clamped = Math.max(0, Math.min(alerts.length - 1, index));
    list.current?.querySelectorAll<HTMLElement>('[role="option"]')[clamped]?.focus();
  };

  const onKey = (event: KeyboardEvent<HTMLLIElement>, index: number, id: string) => {
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: alerts.length - 1 };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(id);
    } else if (event.key in moves) {
      event.preventDefault();
      focusAt(moves[event.key] ?? index);
    }
  };

  return (
    <ul className="alert-list" role="listbox" aria-label="Alerts, most severe and newest first" ref={list} data-testid="alert-list">
      {alerts.map((alert, index) => (
        <li
          key={alert.id}
          role="option"
          aria-selected={alert.id === selectedId}
          tabIndex={alert.id === tabStop ? 0 : -1}
          className={alert.id === selectedId ? 'alert-row selected' : 'alert-row'}
          onClick={() => onOpen(alert.id)}
          onKeyDown={(e) => onKey(e, index, alert.id)}
          data-testid="alert-row"
          data-alert-id={alert.id}
          data-rule={alert.rule}
          data-severity={alert.severity}
          data-status={alert.status}
          data-users={alert.users.join(' ')}
        >
          <div className="alert-row-head">
            <SeverityBadge severity={alert.severity} />
            <span className="alert-row-title">{alert.title}</span>
          </div>
          <div className="alert-row-meta">
            <span title="Store">{alert.storeId}</span>
            <span title={`Users: ${alert.users.join(', ')}`}>{listText(alert.users)}</span>
            <span title={`Terminals: ${alert.terminals.join(', ')}`}>{listText(alert.terminals, 1)}</span>
            <span title="How far past the rule's limit, or how unusual for the model">score {scoreText(alert.score)}</span>
            <span className="alert-row-when">{formatUtc(alert.to)}</span>
            <StatusPill status={alert.status} />
          </div>
        </li>
      ))}
    </ul>
  );
}
