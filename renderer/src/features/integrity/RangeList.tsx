import { useState } from 'react';
import { Link } from 'react-router';
import type { RangeResult } from '../../../../shared/contract/integrity';
import { formatCount } from '../../format/money';
import { eventGone, eventLink, rangeLabel, reasonText, validRangeText } from './integrityText';

/** With more ranges than this and some of them INVALID, the list opens on the INVALID ones only. */
const LONG_LIST = 12;

interface RangeListProps {
  ranges: RangeResult[];
  /** The last seq in the file: links go only to events that can be opened. */
  lastSeq: number;
}

/** The log cut at its checkpoints, one line per range: valid and what it matches, or INVALID and why. */
export function RangeList({ ranges, lastSeq }: RangeListProps) {
  const invalid = ranges.filter((r) => !r.ok).length;
  const [onlyInvalid, setOnlyInvalid] = useState(invalid > 0 && ranges.length > LONG_LIST);
  const shown = onlyInvalid ? ranges.filter((r) => !r.ok) : ranges;

  return (
    <div className="ranges">
      <div className="ranges-head">
        <h3 id="ranges-title">The log, range by range</h3>
        <span className="ranges-count" data-testid="ranges-count">
          {formatCount(ranges.length)} {ranges.length === 1 ? 'range' : 'ranges'}
          {invalid > 0 ? (
            <>
              {' · '}
              <strong className="text-failure">{formatCount(invalid)} INVALID</strong>
            </>
          ) : (
            ' · all valid'
          )}
        </span>
        {invalid > 0 && invalid < ranges.length && (
          <div className="segmented" role="group" aria-label="Which ranges to show">
            <button type="button" className="button button-small" aria-pressed={!onlyInvalid} onClick={() => setOnlyInvalid(false)}>
              All ranges
            </button>
            <button type="button" className="button button-small" aria-pressed={onlyInvalid} onClick={() => setOnlyInvalid(true)}>
              Only INVALID
            </button>
          </div>
        )}
      </div>
      <p className="ranges-hint">
        Each range ends at a signed checkpoint. A valid range is exactly as it was when it was signed.
      </p>
      <ol className="range-list" aria-labelledby="ranges-title" data-testid="range-list">
        {shown.map((range) => (
          <RangeRow key={`${range.from}-${range.to}-${range.reason ?? 'ok'}`} range={range} lastSeq={lastSeq} />
        ))}
      </ol>
    </div>
  );
}

function RangeRow({ range, lastSeq }: { range: RangeResult; lastSeq: number }) {
  if (range.ok) {
    return (
      <li className="range range-valid" data-testid="range-row" data-ok="true">
        <span className="range-icon" aria-hidden="true">
          ✓
        </span>
        <span className="range-line">
          <span className="range-events">{rangeLabel(range)}</span>
          <Dot />
          <span className="range-status">valid</span>
          <Dot />
          <span className="range-why">{validRangeText(range)}</span>
        </span>
      </li>
    );
  }
  const link = eventLink(range, lastSeq);
  const bad = range.firstBadSeq;
  return (
    <li className="range range-invalid" data-testid="range-row" data-ok="false">
      <span className="range-icon" aria-hidden="true">
        ✕
      </span>
      <span className="range-line">
        <span className="range-events">{rangeLabel(range)}</span>
        <Dot />
        <span className="range-status">INVALID</span>
        <Dot />
        <span className="range-why">{reasonText(range.reason)}</span>
        {bad !== null && (
          <>
            <Dot />
            {link && link.seq === bad ? (
              <Link to={`/timeline?event=${bad}`} data-testid="range-first-bad">
                first bad event #{formatCount(bad)}
              </Link>
            ) : (
              <span data-testid="range-first-bad">
                first bad event #{formatCount(bad)}
                {range.reason === 'missing_seq' ? ' (deleted)' : eventGone(range, lastSeq) ? ' (no longer in the file)' : ''}
              </span>
            )}
            {link && link.seq !== bad && (
              <>
                <Dot />
                <Link to={`/timeline?event=${link.seq}`}>{link.label}</Link>
              </>
            )}
          </>
        )}
      </span>
      <span className="range-message">{range.message}</span>
    </li>
  );
}

function Dot() {
  return <span className="range-dot"> · </span>;
}
