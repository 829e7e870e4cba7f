import type { FieldError } from '../../../../shared/contract/result';
import type { ImportPreviewView } from '../../../../shared/contract/import-channels';
import { isColumnSource, type FieldSource, type Mapping } from '../../../../shared/import-mapping';
import { fieldText } from './importText';

const NONE = '';
const FIXED = '\u0000fixed';

interface Props {
  preview: ImportPreviewView;
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
  problems: FieldError[];
}

/** One row per field: the column that fills it, a fixed value, or nothing; the events' details columns below. */
export function FieldMappingTable({ preview, mapping, onChange, problems }: Props) {
  const problemOf = (field: string) => problems.find((p) => p.path === `fields.${field}` || p.path.startsWith(`fields.${field}.`))?.message;
  const setField = (field: string, source: FieldSource | null) => {
    const fields = { ...mapping.fields };
    if (source) fields[field] = source;
    else delete fields[field];
    onChange({ ...mapping, fields });
  };
  const mappedColumns = new Set(Object.values(mapping.fields).flatMap((s) => (isColumnSource(s) ? [s.column] : [])));
  // The fields in use (as first matched, or since) and the required ones first; the rest folded away,
  // to be picked when needed. A field set back to nothing keeps its place.
  const inUse = (name: string, required: boolean) =>
    required || preview.mapping.fields[name] !== undefined || mapping.fields[name] !== undefined || problemOf(name) !== undefined;
  const shown = preview.fields.filter((f) => inUse(f.name, f.required)).sort((a, b) => Number(b.required) - Number(a.required));
  const folded = preview.fields.filter((f) => !inUse(f.name, f.required));
  const rows = (fields: typeof preview.fields) => fields.map(({ name, required }) => <FieldRow key={name} name={name} required={required} preview={preview} source={mapping.fields[name]} problem={problemOf(name)} onChange={(source) => setField(name, source)} />);

  return (
    <>
      <div className="table-scroll">
        <table className="data-table mapping-table" data-testid="import-field-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Comes from</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>{rows(shown)}</tbody>
        </table>
      </div>
      {folded.length > 0 && (
        <details className="more-fields">
          <summary>Other fields a file can fill ({folded.length})</summary>
          <table className="data-table mapping-table">
            <tbody>{rows(folded)}</tbody>
          </table>
        </details>
      )}
      {preview.kind === 'events' && (
        <fieldset className="details-columns" data-testid="import-details">
          <legend>Keep these other columns in the event’s details</legend>
          {preview.columns
            .filter((c) => !mappedColumns.has(c))
            .map((column) => (
              <label key={column}>
                <input
                  type="checkbox"
                  checked={mapping.details.includes(column)}
                  onChange={(e) => onChange({ ...mapping, details: e.target.checked ? [...mapping.details, column] : mapping.details.filter((d) => d !== column) })}
                />{' '}
                {column}
              </label>
            ))}
        </fieldset>
      )}
    </>
  );
}

interface FieldRowProps {
  name: string;
  required: boolean;
  preview: ImportPreviewView;
  source: FieldSource | undefined;
  problem: string | undefined;
  onChange: (source: FieldSource | null) => void;
}

function FieldRow({ name, required, preview, source, problem, onChange }: FieldRowProps) {
  const text = fieldText(name);
  const choice = !source ? NONE : isColumnSource(source) ? source.column : FIXED;
  return (
    <tr className={problem ? 'row-problem' : undefined} data-testid={`import-field-${name}`}>
      <th scope="row">
        {text.label}
        {required && <span className="required-mark" title="Required"> *</span>}
        <div className="mono field-name">{name}</div>
      </th>
      <td>
        <select
          aria-label={`${text.label} comes from`}
          value={choice}
          onChange={(e) => {
            const value = e.target.value;
            onChange(value === NONE ? null : value === FIXED ? { value: '' } : { column: value });
          }}
          data-testid={`import-source-${name}`}
        >
          <option value={NONE}>— not in this file —</option>
          {preview.columns.map((column) => (
            <option key={column} value={column}>
              Column “{column}”
            </option>
          ))}
          <option value={FIXED}>The same value on every row…</option>
        </select>
        {source && !isColumnSource(source) && (
          <input
            className="fixed-value"
            aria-label={`${text.label}: the value on every row`}
            value={source.value === null ? '' : String(source.value)}
            onChange={(e) => onChange({ value: e.target.value })}
            data-testid={`import-fixed-${name}`}
          />
        )}
      </td>
      <td className="field-notes">
        {problem ? <span className="field-problem">{problem}</span> : text.hint}
        {source && isColumnSource(source) && source.values && (
          <div className="form-note">
            {Object.keys(source.values).length} values translated (e.g. “{Object.entries(source.values)[0]?.join('” → “')}”)
          </div>
        )}
      </td>
    </tr>
  );
}
