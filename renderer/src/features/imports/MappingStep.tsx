import { useId, useState } from 'react';
import type { ImportPreviewView } from '../../../../shared/contract/import-channels';
import { formatBytes, KIND_TEXT } from './importText';
import { FieldMappingTable } from './FieldMappingTable';
import { PreviewTables } from './PreviewTables';
import type { ImportWizard } from './useImportWizard';

const TIME_ZONES = ['UTC', ...Array.from({ length: 27 }, (_, i) => i - 12).filter((h) => h !== 0).map((h) => `${h < 0 ? '-' : '+'}${String(Math.abs(h)).padStart(2, '0')}:00`)];

/** Step 2: the file's first rows, which column fills which field, and those rows as they would be stored. */
export function MappingStep({ wizard, preview }: { wizard: ImportWizard; preview: ImportPreviewView }) {
  const { mapping, trial } = wizard;
  const sourceId = useId();
  const zoneId = useId();
  const [remember, setRemember] = useState(true);
  const [source, setSource] = useState(preview.remembered?.name ?? preview.fileName.replace(/\.[^.]+$/, ''));
  if (!mapping) return null;
  const problems = trial?.problems ?? preview.mappingProblems;
  const refused = trial?.rows.filter((r) => !r.values).length ?? 0;

  return (
    <>
      <section className="panel" data-testid="import-mapping">
        <div className="panel-head">
          <h2>
            {KIND_TEXT[preview.kind].title} from {preview.fileName}
          </h2>
          <span className="form-note">
            {preview.format.toUpperCase()}
            {preview.delimiter && preview.delimiter !== ',' ? `, separated by “${preview.delimiter === '\t' ? 'tab' : preview.delimiter}”` : ''} · {formatBytes(preview.totalBytes)}
          </span>
        </div>
        <p className="form-note" data-testid="import-mapping-origin">
          {preview.remembered
            ? `Using the columns matched for “${preview.remembered.name}” (saved by ${preview.remembered.updatedBy}, ${preview.remembered.updatedAt.slice(0, 10)}). Check them still fit.`
            : 'Watchdog matched the columns by their names. Check each field, and fix any that are wrong or missing.'}
        </p>
        <FieldMappingTable preview={preview} mapping={mapping} onChange={wizard.setMapping} problems={problems} />
        <div className="import-options">
          <label htmlFor={zoneId}>Times without a time zone are in</label>
          <select id={zoneId} value={mapping.timeZone} onChange={(e) => wizard.setMapping({ ...mapping, timeZone: e.target.value })} data-testid="import-time-zone">
            {TIME_ZONES.map((zone) => (
              <option key={zone} value={zone}>
                {zone === 'UTC' ? 'UTC' : `UTC${zone}`}
              </option>
            ))}
          </select>
        </div>
      </section>
      <PreviewTables preview={preview} trial={trial} />
      <section className="panel import-start">
        {problems.length > 0 && (
          <ul className="import-problems" data-testid="import-problems">
            {problems.map((p) => (
              <li key={p.path}>
                <strong>{p.path.replace(/^fields\./, '')}</strong> {p.message}
              </li>
            ))}
          </ul>
        )}
        {problems.length === 0 && trial && refused > 0 && (
          <p className="notice notice-warning" data-testid="import-refused-note">
            {refused} of the first {trial.rows.length} rows would be refused (reasons above). They will be listed in the error report; the other rows are imported.
          </p>
        )}
        <div className="import-remember">
          <label>
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} data-testid="import-remember" /> Remember these columns for files like this one, as
          </label>
          <input
            id={sourceId}

            aria-label="Name for this kind of file"
            value={source}
            maxLength={100}
            disabled={!remember}
            onChange={(e) => setSource(e.target.value)}
            data-testid="import-source-name"
          />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={wizard.reset}>
            Choose another file
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={problems.length > 0 || wizard.busy}
            onClick={() => void wizard.start(remember && source.trim() ? source.trim() : null)}
            data-testid="import-start"
          >
            Import
          </button>
        </div>
      </section>
    </>
  );
}
