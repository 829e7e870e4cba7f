import { useJobProgress } from '../../app/jobsStore';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../format/money';
import { ARCHIVE_LIMIT, type ArchivedEvents } from './useArchivedEvents';

interface ArchiveBarProps {
  /** Events retention moved out of the database. */
  archivedTotal: number;
  archive: ArchivedEvents;
}

/**
 * Says that older events were archived and lets the user include them. Reading archives is visibly
 * slower than the database (every segment in the filter's time span is checked and read in full), so
 * it shows its progress and, afterwards, what it read and how long it took.
 */
export function ArchiveBar({ archivedTotal, archive }: ArchiveBarProps) {
  const progress = useJobProgress('archives');
  const { state } = archive;
  return (
    <div className="archive-bar" role="status" data-testid="archive-bar">
      {state.status === 'off' && (
        <>
          <span>
            <strong>{formatCount(archivedTotal)} older events</strong> were moved to archives by retention and are not in this list.
            Reading them is slower: each archive is checked and read in full.
          </span>
          <button type="button" className="button button-small" onClick={archive.include} data-testid="include-archives">
            Include archived events
          </button>
        </>
      )}
      {state.status === 'loading' && (
        <ProgressBar
          label={progress && progress.total > 0 ? `Reading archive ${formatCount(Math.min(progress.done + 1, progress.total))} of ${formatCount(progress.total)}…` : 'Reading archives…'}
          done={progress?.done ?? 0}
          total={progress?.total ?? 0}
          testId="archive-progress"
        />
      )}
      {state.status === 'done' && (
        <>
          <span data-testid="archive-summary">
            {state.result.events.length === 0
              ? 'No archived events match these filters'
              : `Including ${formatCount(state.result.events.length)} archived event${state.result.events.length === 1 ? '' : 's'}, marked “Archived”`}{' '}
            — {formatCount(state.result.scanned)} read from {formatCount(state.result.segmentsRead)} of {formatCount(state.result.segments)} archives in{' '}
            {(state.result.durationMs / 1000).toFixed(1)} s. The chart counts the database’s events only.
            {state.result.more && ` Only the newest ${formatCount(ARCHIVE_LIMIT)} are shown: narrow the filters to see others.`}
          </span>
          <button type="button" className="button button-small" onClick={archive.exclude} data-testid="exclude-archives">
            Hide archived events
          </button>
        </>
      )}
      {state.status === 'error' && (
        <>
          <span className="text-failure" role="alert">
            Archived events could not be read: {state.message}
          </span>
          <span className="archive-actions">
            <button type="button" className="button button-small" onClick={archive.retry}>
              Retry
            </button>
            <button type="button" className="button button-small" onClick={archive.exclude}>
              Hide
            </button>
          </span>
        </>
      )}
    </div>
  );
}
