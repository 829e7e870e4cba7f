import { useCallback, useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatUtc } from '../../format/time';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';
import { roleLabel } from '../auth/access';
import { ACCESS_ACTIONS, channelText, describeQuery } from './accessText';

type AccessRecord = ChannelOutput<'audit.accessLog'>[number];

const PAGE = 50;

/** "Who looked at what": every view, export and verification of the log, newest first, a page at a time. */
export function AccessLogPanel() {
  const [rows, setRows] = useState<AccessRecord[]>([]);
  const [state, setState] = useState<{ status: 'loading' | 'idle' } | { status: 'error'; message: string }>({ status: 'loading' });
  const [more, setMore] = useState(true);
  /** Bumped to start over from the newest record (a retry of the first page). */
  const [attempt, setAttempt] = useState(0);

  const fetchPage = useCallback(async (beforeSeq: number | undefined, place: (page: AccessRecord[]) => void) => {
    setState({ status: 'loading' });
    try {
      const page = await client.call('audit.accessLog', { limit: PAGE, beforeSeq });
      place(page);
      setMore(page.length === PAGE);
      setState({ status: 'idle' });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  }, []);

  useEffect(() => {
    let current = true;
    void fetchPage(undefined, (page) => {
      if (current) setRows(page);
    });
    return () => {
      current = false;
    };
  }, [fetchPage, attempt]);

  const oldest = rows.at(-1)?.seq;
  const loadOlder = () =>
    void fetchPage(oldest, (page) => setRows((previous) => [...previous, ...page.filter((r) => oldest === undefined || r.seq < oldest)]));
  const retry = () => (rows.length === 0 ? setAttempt((n) => n + 1) : loadOlder());

  return (
    <section className="panel" aria-labelledby="access-log-title">
      <h2 id="access-log-title">Access log</h2>
      <p className="form-note">
        Who looked at the audit log, exported it or verified it — each look is itself an event in the log. Newest first;
        times are UTC.
      </p>
      {rows.length === 0 && state.status === 'idle' && <p>Nobody has looked at the log yet.</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="access-log">
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
                <th scope="col">Query</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.seq} data-testid="access-row" data-seq={row.seq}>
                  <td className="nowrap">{formatUtc(row.ts)}</td>
                  <td className="mono">{row.userName ?? '—'}</td>
                  <td>{roleLabel(row.role)}</td>
                  <td>{ACCESS_ACTIONS[row.action] ?? row.action}</td>
                  <td title={row.channel ?? undefined}>{channelText(row.channel)}</td>
                  <td className="query-cell" title={row.query}>
                    {describeQuery(row.query)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.status === 'error' && <ErrorPanel title="The access log could not be read" message={state.message} onRetry={retry} />}
      <div className="load-more">
        {state.status === 'loading' && <Spinner />}
        {state.status === 'idle' && more && rows.length > 0 && (
          <button type="button" className="button" onClick={loadOlder} data-testid="access-load-older">
            Load older
          </button>
        )}
      </div>
    </section>
  );
}
