import { Link } from 'react-router';
import type { CheckpointResult, IntegrityReport } from '../../../../shared/contract/integrity';
import { CopyButton } from '../../components/CopyButton';
import { formatCount } from '../../format/money';
import { formatUtc } from '../../format/time';
import { checkpointReasonText, reasonText, shortHash } from './integrityText';

/** What an auditor checks and copies into a working paper; closed by default so a manager is not buried in hex. */
export function AuditorDetails({ report }: { report: IntegrityReport }) {
  const badCheckpoints = report.checkpointResults.filter((c) => !c.ok).length;
  const signedBy = new Map<string, number>();
  for (const c of report.checkpointResults) signedBy.set(c.keyFingerprint, (signedBy.get(c.keyFingerprint) ?? 0) + 1);

  return (
    <details className="auditor-details" data-testid="auditor-details">
      <summary>
        <span className="auditor-summary-title">Details for auditors</span>
        <span className="auditor-summary-hint">
          {formatCount(report.checkpointResults.length)} {report.checkpointResults.length === 1 ? 'checkpoint' : 'checkpoints'}
          {badCheckpoints > 0 ? ` (${formatCount(badCheckpoints)} INVALID)` : ''},{' '}
          {formatCount(report.keys.length)} signing {report.keys.length === 1 ? 'key' : 'keys'}, head hash and Merkle root
        </span>
      </summary>

      <div className="auditor-body">
        <h3>Log head</h3>
        <HashValue label="Head hash (latest event)" copyLabel="Copy the head hash" value={report.headHash} testId="head-hash" />
        <HashValue label="Merkle root of the whole log" copyLabel="Copy the Merkle root" value={report.rootHash} testId="root-hash" />
        {(report.headHash === null || report.rootHash === null) && (
          <p className="auditor-note" data-testid="no-head">
            {report.events.total === 0
              ? 'The log is empty: there is no head hash or Merkle root yet.'
              : report.ok
                ? 'This version of Watchdog did not report the head hash or the Merkle root.'
                : 'No head hash or Merkle root is given: a log that does not verify has no trustworthy head.'}
          </p>
        )}
        <dl className="facts auditor-facts">
          <dt>Result code</dt>
          <dd className="mono">{report.ok ? 'ok' : (report.reason ?? 'invalid')}</dd>
          <dt>First bad event</dt>
          <dd>{report.firstBadSeq === null ? '—' : `#${formatCount(report.firstBadSeq)}`}</dd>
          <dt>Duration</dt>
          <dd>{formatCount(Math.round(report.durationMs))} ms</dd>
        </dl>

        <h3>Checkpoints</h3>
        {report.checkpointResults.length === 0 ? (
          <p className="auditor-note">This log has no signed checkpoints.</p>
        ) : (
          <table className="auditor-table" data-testid="checkpoint-table">
            <thead>
              <tr>
                <th scope="col">Checkpoint</th>
                <th scope="col" className="num">
                  Events covered
                </th>
                <th scope="col">Signed (UTC)</th>
                <th scope="col">Why signed</th>
                <th scope="col">Signing key</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {report.checkpointResults.map((c) => (
                <CheckpointRow key={c.id} checkpoint={c} />
              ))}
            </tbody>
          </table>
        )}

        <h3>Signing keys</h3>
        {report.keys.length === 0 ? (
          <p className="auditor-note">The log introduces no signing keys.</p>
        ) : (
          <table className="auditor-table" data-testid="key-table">
            <thead>
              <tr>
                <th scope="col">Fingerprint (SHA-256 of the public key)</th>
                <th scope="col">Introduced at</th>
                <th scope="col" className="num">
                  Checkpoints signed
                </th>
              </tr>
            </thead>
            <tbody>
              {report.keys.map((k) => (
                <tr key={k.fingerprint}>
                  <td>
                    <span className="key-cell">
                      <code title={k.fingerprint}>{shortHash(k.fingerprint, 24)}</code>
                      <CopyButton value={k.fingerprint} label="Copy key fingerprint" />
                    </span>
                  </td>
                  <td>
                    <Link to={`/timeline?event=${k.introducedAt}`}>event #{formatCount(k.introducedAt)}</Link>
                  </td>
                  <td className="num">{formatCount(signedBy.get(k.fingerprint) ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </details>
  );
}

function CheckpointRow({ checkpoint: c }: { checkpoint: CheckpointResult }) {
  return (
    <tr className={c.ok ? undefined : 'auditor-row-invalid'} data-testid="checkpoint-row" data-ok={c.ok}>
      <td>#{c.id}</td>
      <td className="num">{formatCount(c.treeSize)}</td>
      <td className="nowrap">{formatUtc(c.time)}</td>
      <td className="nowrap">{checkpointReasonText(c.reason)}</td>
      <td>
        <span className="key-cell">
          <code title={c.keyFingerprint}>{shortHash(c.keyFingerprint)}</code>
          <CopyButton value={c.keyFingerprint} label={`Copy the fingerprint of checkpoint #${c.id}’s key`} />
        </span>
      </td>
      <td>
        {c.ok ? (
          <span className="pill pill-success">✓ valid</span>
        ) : (
          <>
            <span className="pill pill-failure">✕ INVALID</span> <span className="auditor-problem">{reasonText(c.problem)}</span>
            <span className="auditor-message">{c.message}</span>
          </>
        )}
      </td>
    </tr>
  );
}

function HashValue({ label, copyLabel, value, testId }: { label: string; copyLabel: string; value: string | null; testId: string }) {
  if (value === null) return null;
  return (
    <div className="chain-value">
      <div className="chain-label">
        <span>{label}</span>
        <CopyButton value={value} label={copyLabel} />
      </div>
      <code data-testid={testId}>{value}</code>
    </div>
  );
}
