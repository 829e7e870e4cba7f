import { useId, useState } from 'react';
import type { SessionSummary } from '../../../../shared/contract/accounts';
import { ErrorPanel } from '../../components/ErrorPanel';
import { FormError } from '../../components/FormError';
import { ScreenHeader } from '../../components/ScreenHeader';
import { Spinner } from '../../components/Spinner';
import { formatUtc } from '../../format/time';
import { useRequest } from '../../hooks/useRequest';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { useCan } from '../auth/access';

const HOSTS: Record<string, string> = { electron: 'Desktop app', web: 'Browser', cli: 'Command line' };

/** Where you are logged in (everyone, for administrators), and a way to end a session you do not recognise. */
export function SessionsScreen() {
  const canManage = useCan('users:manage');
  const [everyone, setEveryone] = useState(false);
  const [version, setVersion] = useState(0);
  const all = canManage && everyone;
  const sessions = useRequest(`sessions.list#${all}#${version}`, () => client.call('sessions.list', { all }));
  const revoke = useSubmit();
  const [revoked, setRevoked] = useState<string | null>(null);
  const toggleId = useId();

  const end = (session: SessionSummary) => {
    setRevoked(null);
    void revoke.run(async () => {
      await client.call('sessions.revoke', { id: session.id });
      setRevoked(session.current ? null : `The session of ${session.userName} on ${describeWhere(session)} has ended.`);
      // Ending this very session logs out: the next request meets UNAUTHENTICATED and the login screen follows.
      setVersion((n) => n + 1);
    });
  };

  return (
    <div className="screen screen-accounts">
      <ScreenHeader
        title="Sessions"
        subtitle="Where you are logged in. Revoke any session you do not recognise — then change your password."
        actions={
          canManage && (
            <div className="check-field">
              <input id={toggleId} type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} data-testid="sessions-all" />
              <label htmlFor={toggleId}>Show everyone’s sessions</label>
            </div>
          )
        }
      />
      <div className="live-region" aria-live="polite">
        {revoked && (
          <p className="form-success" data-testid="revoke-done">
            {revoked}
          </p>
        )}
      </div>
      <FormError message={revoke.error} testId="revoke-error" />
      <section className="panel" aria-label="Open sessions">
        {sessions.status === 'error' && <ErrorPanel title="The sessions could not be read" message={sessions.message} onRetry={sessions.retry} />}
        {!sessions.value && sessions.status === 'loading' && <Spinner />}
        {sessions.value && sessions.value.length === 0 && <p>No open sessions.</p>}
        {sessions.value && sessions.value.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" data-testid="sessions-table">
              <thead>
                <tr>
                  {all && <th scope="col">User</th>}
                  <th scope="col">Where</th>
                  <th scope="col">From</th>
                  <th scope="col">Device</th>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">Last seen (UTC)</th>
                  <th scope="col">Expires (UTC)</th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.value.map((session) => (
                  <tr key={session.id} data-testid="session-row" data-current={session.current || undefined} className={session.current ? 'row-current' : undefined}>
                    {all && <td className="mono">{session.userName}</td>}
                    <td>
                      {HOSTS[session.host] ?? session.host}
                      {session.current && (
                        <span className="pill pill-accent you-pill" data-testid="this-session">
                          this session
                        </span>
                      )}
                    </td>
                    <td className="mono">{session.source}</td>
                    <td>{session.device ?? '—'}</td>
                    <td className="nowrap">{formatUtc(session.createdAt)}</td>
                    <td className="nowrap">{formatUtc(session.lastSeenAt)}</td>
                    <td className="nowrap">{formatUtc(session.expiresAt)}</td>
                    <td>{session.locked ? <span className="pill pill-state-warn">Locked</span> : <span className="pill pill-state-ok">Open</span>}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => end(session)}
                        disabled={revoke.busy}
                        aria-label={session.current ? 'Revoke this session (logs you out)' : `Revoke the session of ${session.userName} on ${describeWhere(session)}`}
                        data-testid="revoke-session"
                      >
                        {session.current ? 'Revoke (log out)' : 'Revoke'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function describeWhere(session: SessionSummary): string {
  const host = HOSTS[session.host] ?? session.host;
  return session.device ? `${host}, ${session.device}` : `${host} (${session.source})`;
}
