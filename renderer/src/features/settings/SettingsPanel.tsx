import { Fragment, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ChannelInput } from '../../../../shared/contract/channels';
import { RequestError } from '../../../../shared/contract/client';
import type { SettingsGroup, SettingsView } from '../../../../shared/contract/documents';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { formatUtc } from '../../format/time';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import type { FieldSpec, FieldValue, GroupSpec } from './settingsFields';

type Values = Readonly<Record<string, FieldValue>>;
type Draft = Record<string, string | boolean>;
type Stamp = SettingsView['changed'][SettingsGroup];

interface SettingsPanelProps {
  spec: GroupSpec;
  values: Values;
  changed: Stamp;
  canEdit: boolean;
  onSaved: (view: SettingsView) => void;
  /** Shown under the fields, for editors and readers alike (the Terminal API's live status). */
  children?: ReactNode;
}

/** One group of settings: its values (editable with settings:write), who changed them last, and its own Save. */
export function SettingsPanel({ spec, values, changed, canEdit, onSaved, children }: SettingsPanelProps) {
  const titleId = useId();
  return (
    <section className="panel settings-panel" aria-labelledby={titleId} data-testid={`settings-panel-${spec.group}`}>
      <div className="panel-head">
        <h2 id={titleId}>{spec.title}</h2>
        <span className="settings-stamp" data-testid={`settings-changed-by-${spec.group}`}>
          {changed ? (
            <>
              Last changed by <strong>{changed.by}</strong>, {formatUtc(changed.at)} UTC
            </>
          ) : (
            <span title="Nobody has changed these: Watchdog’s defaults">Default</span>
          )}
        </span>
      </div>
      <p className="form-note">{spec.intro}</p>
      {canEdit ? (
        <GroupForm spec={spec} values={values} changed={changed} onSaved={onSaved} />
      ) : (
        <>
          <dl className="facts">
            {spec.fields.map((field) => (
              <Fragment key={field.key}>
                <dt>{field.label}</dt>
                <dd data-testid={field.testId}>{field.read(values[field.key] ?? '')}</dd>
              </Fragment>
            ))}
          </dl>
          <p className="form-note settings-readonly">An administrator can change these.</p>
        </>
      )}
      {children}
    </section>
  );
}

const NO_FIELDS: ReadonlyMap<string, string> = new Map();

function GroupForm({ spec, values, changed, onSaved }: Omit<SettingsPanelProps, 'canEdit' | 'children'>) {
  /** The values the draft started from: Save sends only what differs from them. */
  const [base, setBase] = useState(values);
  const [draft, setDraft] = useState(() => toDraft(spec, values));
  /** The last values heard from the core, to notice a change made elsewhere. */
  const [seen, setSeen] = useState(values);
  /** Set when the core's values changed under unsaved edits: who changed them (null: not known). */
  const [elsewhere, setElsewhere] = useState<{ stamp: Stamp } | null>(null);
  const [done, setDone] = useState(false);
  const [invalid, setInvalid] = useState(NO_FIELDS);
  const submit = useSubmit();
  const baseDraft = toDraft(spec, base);
  const dirty = spec.fields.some((field) => draft[field.key] !== baseDraft[field.key]);

  const adopt = (next: Values) => {
    setBase(next);
    setSeen(next);
    setDraft(toDraft(spec, next));
    setElsewhere(null);
  };

  // A change from elsewhere (another window, another user) shows at once, unless it would overwrite
  // what the user is typing: then their draft stays and a note offers the new values.
  if (values !== seen) {
    setSeen(values);
    if (!sameValues(values, seen) && !submit.busy) {
      if (!dirty || sameValues(parseDraft(spec, draft).values, values)) adopt(values);
      else setElsewhere({ stamp: changed });
    }
  }

  const edit = (key: string, value: string | boolean) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setDone(false);
  };

  const reload = () => {
    adopt(values);
    setInvalid(NO_FIELDS);
    submit.clear();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const parsed = parseDraft(spec, draft);
    if (parsed.bad.length) {
      setInvalid(new Map(parsed.bad.map((field) => [field.key, 'Enter a whole number.'])));
      submit.fail(`Enter whole numbers for ${parsed.bad.map((field) => field.label.toLowerCase()).join(' and ')}.`);
      return;
    }
    const change = Object.fromEntries(Object.entries(parsed.values).filter(([key, value]) => value !== base[key]));
    if (Object.keys(change).length === 0) return;
    void submit.run(async () => {
      try {
        // The specs name this group's fields; the core checks the change against the contract.
        const view = await client.call('settings.set', { [spec.group]: change } as ChannelInput<'settings.set'>);
        adopt(view.values[spec.group]);
        setInvalid(NO_FIELDS);
        setDone(true);
        onSaved(view);
      } catch (error) {
        setInvalid(fieldsOf(error, spec.group));
        throw error;
      }
    });
  };

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate>
      {spec.fields.map((field) => (
        <Field key={field.key} field={field} value={draft[field.key] ?? ''} error={invalid.get(field.key)} onChange={(value) => edit(field.key, value)} />
      ))}
      <div className="form-actions">
        {elsewhere && (
          <p className="settings-elsewhere" role="status" data-testid={`${spec.testPrefix}-elsewhere`}>
            Changed elsewhere{elsewhere.stamp ? ` by ${elsewhere.stamp.by}` : ''} —{' '}
            <button type="button" className="link-button" onClick={reload} data-testid={`${spec.testPrefix}-reload`}>
              Reload values
            </button>
          </p>
        )}
        <FormError message={submit.error} testId={`${spec.testPrefix}-error`} />
        <button type="submit" className="button button-primary" disabled={submit.busy || !dirty} data-testid={`${spec.testPrefix}-save`}>
          {submit.busy ? 'Saving…' : 'Save'}
        </button>
        <span className="live-region" aria-live="polite">
          {done && (
            <span className="form-success" data-testid={`${spec.testPrefix}-done`}>
              {spec.saved}
            </span>
          )}
        </span>
      </div>
    </form>
  );
}

function Field({ field, value, error, onChange }: { field: FieldSpec; value: string | boolean; error: string | undefined; onChange: (value: string | boolean) => void }) {
  const id = useId();
  const hint: ReactNode = error ? (
    <>
      <span className="field-error-text">{error}</span> {field.hint}
    </>
  ) : (
    field.hint || undefined
  );
  if (field.kind === 'switch') {
    return (
      <div className={field.wide ? 'field field-wide' : 'field'}>
        <span className="field-caption" id={`${id}-label`}>
          {field.label}
        </span>
        <label className="check-field settings-switch">
          <input
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
            aria-labelledby={`${id}-label`}
            aria-describedby={`${id}-hint`}
            aria-invalid={error ? true : undefined}
            data-testid={field.testId}
          />
          <span aria-hidden="true">{value === true ? 'On' : 'Off'}</span>
        </label>
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      </div>
    );
  }
  return (
    <TextField
      label={field.unit ? `${field.label} (${field.unit})` : field.label}
      type={field.kind === 'number' ? 'number' : 'text'}
      value={String(value)}
      onChange={onChange}
      min={field.min}
      max={field.max}
      hint={hint}
      invalid={error !== undefined}
      monospace={field.kind === 'address'}
      className={field.wide ? 'field-wide' : undefined}
      testId={field.testId}
    />
  );
}

function toDraft(spec: GroupSpec, values: Values): Draft {
  return Object.fromEntries(spec.fields.map((field) => [field.key, field.kind === 'switch' ? values[field.key] === true : String(values[field.key] ?? '')]));
}

/** The draft as values the core takes; a number field that holds no whole number is `bad` (the core never sees it). */
function parseDraft(spec: GroupSpec, draft: Draft): { values: Record<string, FieldValue>; bad: FieldSpec[] } {
  const values: Record<string, FieldValue> = {};
  const bad: FieldSpec[] = [];
  for (const field of spec.fields) {
    const raw = draft[field.key];
    if (field.kind === 'switch') values[field.key] = raw === true;
    else if (field.kind === 'address') values[field.key] = String(raw ?? '').trim();
    else if (/^-?\d+$/.test(String(raw ?? '').trim())) values[field.key] = Number(String(raw).trim());
    else bad.push(field);
  }
  return { values, bad };
}

function sameValues(a: Values, b: Values): boolean {
  return Object.keys({ ...a, ...b }).every((key) => a[key] === b[key]);
}

/** The core names a refused field by its path in the change (`retention.standardDays`): this group's fields, by key. */
function fieldsOf(error: unknown, group: SettingsGroup): ReadonlyMap<string, string> {
  if (!(error instanceof RequestError) || !error.fields) return NO_FIELDS;
  const fields = new Map<string, string>();
  for (const { path, message } of error.fields) {
    const [first, second] = path.split('.');
    const key = first === group ? second : first;
    if (key) fields.set(key, message);
  }
  return fields;
}
