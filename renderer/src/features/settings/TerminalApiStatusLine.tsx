import type { TerminalApiStatus } from '../../../../shared/contract/terminal-channels';
import { useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { Spinner } from '../../components/Spinner';
import { client } from '../../transport';
import { useCan } from '../auth/access';

/**
 * What the terminal ingest API is doing right now, under the Terminal API settings: where tills send
 * events, why it could not start, and (with HTTPS) the certificate fingerprint the tills pin.
 */
export function TerminalApiStatusLine({ status }: { status: TerminalApiStatus | null }) {
  return (
    <div className="api-status" role="status" aria-live="polite" data-testid="terminal-api-status" data-state={status?.state ?? 'unknown'}>
      {status === null ? <Spinner label="Checking whether it is listening…" /> : <StatusText status={status} />}
    </div>
  );
}

function StatusText({ status }: { status: TerminalApiStatus }) {
  const fixed = status.fixed && (
    <p className="api-status-note" data-testid="terminal-api-fixed">
      Started from the command line (<code>watchdog serve --ingest</code>): the setting above does not control it until Watchdog is
      started without that option.
    </p>
  );
  if (status.state === 'failed') {
    return (
      <p className="api-status-line api-status-failed">
        <span className="api-status-dot" aria-hidden="true" />
        <span>Could not start: {status.error ?? 'no reason was given.'}</span>
        <RetryButton />
      </p>
    );
  }
  if (status.state === 'off' || status.url === null) {
    return (
      <>
        <p className="api-status-line api-status-off">
          <span className="api-status-dot" aria-hidden="true" />
          <span>Off — nothing is listening, so tills cannot send events.</span>
        </p>
        {fixed}
      </>
    );
  }
  return (
    <>
      <p className="api-status-line api-status-on">
        <span className="api-status-dot" aria-hidden="true" />
        <span>
          Listening on{' '}
          <code className="api-status-url" data-testid="terminal-api-url">
            {status.url}
          </code>{' '}
          — tills send to <code>/v1/events</code>
        </span>
      </p>
      {status.fingerprint && (
        <div className="api-fingerprint">
          <span className="api-fingerprint-label">Certificate fingerprint (SHA-256) — pin this on the tills:</span>
          <div className="api-fingerprint-value">
            <code data-testid="terminal-api-fingerprint">{status.fingerprint}</code>
            <CopyButton value={status.fingerprint} label="Copy the certificate fingerprint" />
          </div>
        </div>
      )}
      {fixed}
    </>
  );
}

/** After the port was freed (or the network came up): start it again with the same settings. */
function RetryButton() {
  const canEdit = useCan('settings:write');
  const [busy, setBusy] = useState(false);
  if (!canEdit) return null;
  const retry = () => {
    setBusy(true);
    // The new status arrives as a push (terminals.apiStatus) whether it starts or fails again.
    void client.call('terminals.apiRetry', {}).finally(() => setBusy(false));
  };
  return (
    <button type="button" className="button button-small" onClick={retry} disabled={busy} data-testid="terminal-api-retry">
      {busy ? 'Trying…' : 'Try again'}
    </button>
  );
}
