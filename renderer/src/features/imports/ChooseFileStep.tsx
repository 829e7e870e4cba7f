import { useId, useState, type DragEvent } from 'react';
import { IMPORT_KINDS } from '../../../../shared/contract/import-channels';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes, KIND_TEXT } from './importText';
import type { ImportWizard } from './useImportWizard';

/** Step 1: what the file holds, then the file itself (picked or dropped), uploaded with a progress bar. */
export function ChooseFileStep({ wizard }: { wizard: ImportWizard }) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const { state } = wizard;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void wizard.chooseFile(file);
  };

  if (state.step === 'uploading') {
    return (
      <section className="panel" data-testid="import-uploading">
        <h2>Reading {state.fileName}</h2>
        <ProgressBar label={`${formatBytes(state.sent)} of ${formatBytes(state.total)}`} done={state.sent} total={state.total} testId="import-upload-progress" />
        <div className="form-actions">
          <button type="button" className="button" onClick={wizard.stopUpload}>
            Stop
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="panel" data-testid="import-choose">
      <h2>What does the file hold?</h2>
      <div className="import-kinds" role="radiogroup" aria-label="What the file holds">
        {IMPORT_KINDS.map((kind) => (
          <label key={kind} className={wizard.kind === kind ? 'import-kind selected' : 'import-kind'}>
            <input type="radio" name="import-kind" value={kind} checked={wizard.kind === kind} onChange={() => wizard.setKind(kind)} data-testid={`import-kind-${kind}`} />
            <strong>{KIND_TEXT[kind].title}</strong>
            <span>{KIND_TEXT[kind].description}</span>
          </label>
        ))}
      </div>
      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a CSV, JSON or JSON Lines file here, or</p>
        <label htmlFor={inputId} className="button button-primary">
          Choose a file…
        </label>
        <input
          id={inputId}
          type="file"
          className="visually-hidden"
          accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson"
          data-testid="import-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void wizard.chooseFile(file);
          }}
        />
        <p className="form-note">Nothing is stored until you have checked the columns and pressed Import.</p>
      </div>
    </section>
  );
}
