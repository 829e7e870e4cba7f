import { Link } from 'react-router';
import type { IntegrityReport } from '../../../../shared/contract/integrity';
import { formatCount } from '../../format/money';
import { formatUtc } from '../../format/time';
import { AuditorDetails } from './AuditorDetails';
import { ADVICE_WHEN_ALTERED, eventLink, explanation, firstBadRange, formatDurationMs, headline } from './integrityText';
import { RangeList } from './RangeList';

interface IntegrityResultProps {
  report: IntegrityReport;
  /** When the answer arrived (ISO), so a screenshot or a printout says when the log was checked. */
  finishedAt: string;
  /** Cancel was pressed too late: the verification had finished, and this is its full result. */
  finishedFirst: boolean;
}

export function IntegrityResult({ report, finishedAt, finishedFirst }: IntegrityResultProps) {
  const empty = report.ok && report.events.total === 0;
  const tone = report.ok ? 'intact' : 'altered';
  const first = firstBadRange(report);
  const link = first ? eventLink(first, report.events.total) : null;

  return (
    <section className="panel integrity-result" aria-labelledby="integrity-headline" data-testid="verify-result" data-ok={report.ok}>
      {finishedFirst && (
        <p className="integrity-late-note" data-testid="verify-finished-first">
          The verification finished before it could be stopped, so here is its complete result.
        </p>
      )}
      <div className={`verdict verdict-${tone}`} role={report.ok ? 'status' : 'alert'}>
        <span className="verdict-icon" aria-hidden="true">
          {report.ok ? '✓' : '✕'}
        </span>
        <div className="verdict-text">
          <h2 id="integrity-headline" data-testid="verify-headline">
            {headline(report)}
          </h2>
          <p>{explanation(report)}</p>
          {!report.ok && <p className="verdict-advice">{ADVICE_WHEN_ALTERED}</p>}
          {!report.ok && report.message && (
            <p className="verdict-core-message">
              Watchdog’s finding: {report.message}
              {link && (
                <>
                  {' '}
                  <Link to={`/timeline?event=${link.seq}`} data-testid="verify-first-bad-link">
                    {capitalise(link.label)}
                  </Link>
                </>
              )}
            </p>
          )}
        </div>
      </div>

      <dl className="integrity-facts">
        <div>
          <dt>Summary</dt>
          <dd className="integrity-summary" data-testid="verify-summary">
            {report.summary}
          </dd>
        </div>
        <div>
          <dt>Events valid</dt>
          <dd>
            {formatCount(report.events.valid)} of {formatCount(report.events.total)}
          </dd>
        </div>
        <div>
          <dt>Checkpoints valid</dt>
          <dd>
            {formatCount(report.checkpoints.valid)} of {formatCount(report.checkpoints.total)}
          </dd>
        </div>
        <div>
          <dt>Time taken</dt>
          <dd data-testid="verify-duration">{formatDurationMs(report.durationMs)}</dd>
        </div>
        <div>
          <dt>Verified at</dt>
          <dd>{formatUtc(finishedAt)} UTC</dd>
        </div>
      </dl>

      {!empty && <RangeList ranges={report.ranges} lastSeq={report.events.total} />}
      <AuditorDetails report={report} />
    </section>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
