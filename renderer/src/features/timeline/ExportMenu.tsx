import { useCallback, useRef, useState } from 'react';
import type { EventFilter } from '../../../../shared/filter';
import { formatCount } from '../../format/money';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { downloadText } from './download';
import { useDismiss } from '../../hooks/useDismiss';

type Format = 'csv' | 'json' | 'jsonl';

const FORMATS: { format: Format; label: string; detail: string }[] = [
  { format: 'csv', label: 'CSV', detail: 'for spreadsheets' },
  { format: 'json', label: 'JSON', detail: 'one array' },
  { format: 'jsonl', label: 'JSON Lines', detail: 'one event per line' },
];

/** The core's default: enough for any investigation, small enough to hand over in one answer. */
const LIMIT = 10_000;

/**
 * Exports the events matching the timeline's current filter (audit:export). The export is itself
 * recorded in the log, with the filter, as the access log shows.
 */
export function ExportMenu({ filter }: { filter: EventFilter }) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<{ fileName: string; count: number; truncated: boolean } | null>(null);
  const submit = useSubmit();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback(() => setOpen(false), []);

  useDismiss(open, closeMenu, root, button);

  const run = (format: Format) => {
    setOpen(false);
    setResult(null);
    void submit.run(async () => {
      const file = await client.call('events.export', { filter, format, limit: LIMIT });
      downloadText(file.fileName, file.mimeType, file.content);
      setResult({ fileName: file.fileName, count: file.count, truncated: file.truncated });
    });
  };

  return (
    <div className="export" ref={root}>
      <div className="export-status" aria-live="polite">
        {result && (
          <span data-testid="export-result">
            {formatCount(result.count)} event{result.count === 1 ? '' : 's'} saved as {result.fileName}
            {result.truncated && (
              <strong className="export-truncated" data-testid="export-truncated">
                {' '}
                — truncated: only the newest {formatCount(LIMIT)}; narrow the filter for the rest
              </strong>
            )}
          </span>
        )}
        {submit.error && (
          <span className="form-error" role="alert" data-testid="export-error">
            {submit.error}
          </span>
        )}
      </div>
      <div className="export-anchor">
        <button
          type="button"
          ref={button}
          className="button"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
          disabled={submit.busy}
          data-testid="export-button"
        >
          {submit.busy ? 'Exporting…' : 'Export'}
        </button>
        {open && (
          <ul className="export-menu" aria-label="Export format">
            {FORMATS.map(({ format, label, detail }) => (
              <li key={format}>
                <button type="button" className="user-menu-item" onClick={() => run(format)} autoFocus={format === 'csv'} data-testid={`export-${format}`}>
                  <strong>{label}</strong> <span className="export-detail">{detail}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
