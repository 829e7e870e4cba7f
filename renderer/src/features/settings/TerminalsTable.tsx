import { useState } from 'react';
import type { TerminalSummary } from '../../../../shared/contract/terminal-channels';
import { formatUtc } from '../../format/time';

interface TerminalsTableProps {
  terminals: readonly TerminalSummary[];
  busy: boolean;
  onRevoke: (terminal: TerminalSummary) => Promise<boolean>;
}

/** A clock this far off is worth a look before the core's five-minute limit starts refusing the till. */
const SKEW_WARN_MS = 60_000;

/** The registered tills: where their events may come from, when each was last heard from, and how far its clock is off. */
export function TerminalsTable({ terminals, busy, onRevoke }: TerminalsTableProps) {
  const [confirming, setConfirming] = useState<string | null>(null);

  const revoke = async (terminal: TerminalSummary) => {
    if (await onRevoke(terminal)) setConfirming(null);
  };

  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="terminals-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Store</th>
            <th scope="col">Registered (UTC)</th>
            <th scope="col">Last seen (UTC)</th>
            <th scope="col" className="num">
              Clock offset
            </th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {terminals.map((terminal) => (
            <tr key={terminal.id} data-testid="terminal-row" data-name={terminal.name} className={terminal.revokedAt ? 'row-revoked' : undefined}>
              <td>
                <span className="terminal-name">{terminal.name}</span>
                <span className="terminal-id mono" title="The id the till signs with">
                  {terminal.id}
                </span>
              </td>
              <td className={terminal.storeId ? 'mono' : 'terminal-any'}>{terminal.storeId ?? 'any'}</td>
              <td className="nowrap">
                {formatUtc(terminal.createdAt)}
                <span className="terminal-by">by {terminal.createdBy}</span>
              </td>
              <td className="nowrap" data-testid="terminal-last-seen">
                {terminal.lastSeenAt ? formatUtc(terminal.lastSeenAt) : <span className="terminal-never">never</span>}
              </td>
              <td className="num" data-testid="terminal-skew">
                <Skew ms={terminal.clockSkewMs} />
              </td>
              <td data-testid="terminal-state">
                {terminal.revokedAt ? (
                  <>
                    <span className="pill pill-state-off">Revoked</span>
                    <span className="terminal-by nowrap">{formatUtc(terminal.revokedAt)}</span>
                  </>
                ) : (
                  <span className="pill pill-state-ok">Active</span>
                )}
              </td>
              <td className="actions">
                {!terminal.revokedAt && confirming !== terminal.id && (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setConfirming(terminal.id)}
                    aria-label={`Revoke the key of ${terminal.name}`}
                    data-testid="terminal-revoke"
                  >
                    Revoke
                  </button>
                )}
                {!terminal.revokedAt && confirming === terminal.id && (
                  <span className="terminal-confirm" role="group" aria-label={`Revoke ${terminal.name}?`}>
                    <span>Revoke? Its key stops working at once.</span>
                    <button
                      type="button"
                      className="button button-small button-danger"
                      onClick={() => void revoke(terminal)}
                      disabled={busy}
                      autoFocus
                      data-testid="terminal-revoke-confirm"
                    >
                      {busy ? 'Revoking…' : 'Revoke key'}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setConfirming(null)} data-testid="terminal-revoke-keep">
                      Keep
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "+1.2 s": the till's clock minus this computer's at its last request (positive: it runs ahead). */
function formatSkew(ms: number): string {
  const size = seconds(ms);
  return size === '0.0' ? '0.0 s' : `${ms < 0 ? '−' : '+'}${size} s`;
}

/** The size of an offset in seconds: a tenth below ten seconds, whole seconds above. */
function seconds(ms: number): string {
  const size = Math.abs(ms) / 1000;
  return size < 10 ? size.toFixed(1) : String(Math.round(size));
}

function Skew({ ms }: { ms: number | null }) {
  if (ms === null) return <span className="terminal-never">—</span>;
  const title = seconds(ms) === '0.0' ? 'The till’s clock agrees with this computer’s' : `The till’s clock runs ${seconds(ms)} s ${ms > 0 ? 'ahead of' : 'behind'} this computer’s`;
  return (
    <span className={Math.abs(ms) >= SKEW_WARN_MS ? 'terminal-skew-warn' : undefined} title={title}>
      {formatSkew(ms)}
    </span>
  );
}
