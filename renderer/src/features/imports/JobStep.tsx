import { Link } from 'react-router';
import type { ImportJobView } from '../../../../shared/contract/import-channels';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../format/money';
import { fieldText, formatBytes, KIND_TEXT } from './importText';
import type { ImportWizard } from './useImportWizard';

const OUTCOME_TITLES = { running: 'Importing', completed: 'Import finished', cancelled: 'Import cancelled', failed: 'Import stopped' } as const;

/** Step 3: the job's progress with Cancel, then what happened, the first reasons and the error report. */
export function JobStep({ wizard, job }: { wizard: ImportWizard; job: ImportJobView }) {
  const { progress, result } = job;
  const isEvents = job.kind === 'events';
  return (
    <section className="panel" data-testid="import-job" data-state={job.state}>
      <h2>
        {OUTCOME_TITLES[job.state]}: {KIND_TEXT[job.kind].title.toLowerCase()} from {job.fileName}
      </h2>
      {job.state === 'running' && (
        <>
          <ProgressBar label={`${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)} read`} done={progress.bytesRead} total={progress.totalBytes} testId="import-progress" />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => void wizard.cancel()} data-testid="import-cancel">
              Cancel
            </button>
          </div>
        </>
      )}
      <dl className="facts import-counts" data-testid="import-counts">
        <dt>Rows read</dt>
        <dd data-testid="import-rows-read">{formatCount(progress.rowsRead)}</dd>
        <dt>{isEvents ? 'New events stored' : 'Rows imported'}</dt>
        <dd data-testid="import-rows-stored">{formatCount(progress.rowsStored)}</dd>
        {isEvents && (
          <>
            <dt>Already in the log</dt>
            <dd data-testid="import-duplicates">{formatCount(progress.duplicates)}</dd>
          </>
        )}
        <dt>Rows refused</dt>
        <dd data-testid="import-rows-rejected">{formatCount(progress.rowsRejected)}</dd>
        {result?.history && (
          <>
            <dt>Store × item × day totals written</dt>
            <dd>
              {formatCount(result.history.days)} ({result.history.stores} stores, {result.history.skus} items, {result.history.from} to {result.history.to})
            </dd>
          </>
        )}
        {result && (
          <>
            <dt>Time taken</dt>
            <dd>{(result.elapsedMs / 1000).toFixed(1)} s</dd>
          </>
        )}
      </dl>
      {result?.failure && (
        <p className="notice notice-error" role="alert">
          {result.failure.message}
        </p>
      )}
      {job.state === 'cancelled' && (
        <p className="form-note">
          {isEvents
            ? 'Events sent before you cancelled are in the log; importing the same file again adds only the rest.'
            : 'Nothing from this file was written: history is written only when the whole file has been read.'}
        </p>
      )}
      {result && result.errors.length > 0 && (
        <>
          <h3>Refused rows</h3>
          <div className="table-scroll">
            <table className="data-table" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Field</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e, i) => (
                  <tr key={`${e.row}-${e.field}-${i}`}>
                    <td className="num">{e.row}</td>
                    <td>{fieldText(e.field).label}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.errorCount > result.errors.length && <p className="form-note">The first {result.errors.length} of {formatCount(result.errorCount)} reasons; the report has them all.</p>}
        </>
      )}
      {result && (
        <div className="form-actions">
          {result.hasErrorReport && (
            <button type="button" className="button" onClick={() => void wizard.downloadReport()} data-testid="import-error-report">
              Download the error report
            </button>
          )}
          {job.state !== 'completed' && (
            <button type="button" className="button" onClick={() => void wizard.backToMapping()}>
              Back to the columns
            </button>
          )}
          {isEvents && progress.rowsStored > 0 && (
            <Link className="button" to="/timeline" data-testid="import-to-timeline">
              See them on the timeline
            </Link>
          )}
          <button type="button" className="button button-primary" onClick={wizard.reset} data-testid="import-another">
            Import another file
          </button>
        </div>
      )}
    </section>
  );
}
