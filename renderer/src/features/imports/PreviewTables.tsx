import type { ImportPreviewView, MappingTrial } from '../../../../shared/contract/import-channels';
import { Spinner } from '../../components/Spinner';
import { fieldText } from './importText';

/** The fields a stored row is shown by, per kind, in this order (others the mapping fills follow, up to MAX_SHOWN). */
const SHOWN_FIRST: Record<ImportPreviewView['kind'], string[]> = {
  events: ['ts', 'store_id', 'terminal_id', 'user_id', 'action', 'amount_minor', 'currency'],
  sales: ['date', 'store_id', 'sku', 'units', 'revenue_minor', 'currency'],
  stock: ['date', 'store_id', 'sku', 'on_hand'],
};
const MAX_SHOWN = 8;

/** The first rows as they would be stored, or why each would be refused; the file as it is, folded away. */
export function PreviewTables({ preview, trial }: { preview: ImportPreviewView; trial: MappingTrial | null }) {
  const present = new Set(trial?.rows.flatMap((r) => Object.keys(r.values ?? {})) ?? []);
  const shown = [...SHOWN_FIRST[preview.kind].filter((f) => present.has(f)), ...[...present].filter((f) => !SHOWN_FIRST[preview.kind].includes(f) && f !== 'event_id')].slice(0, MAX_SHOWN);
  return (
    <section className="panel" data-testid="import-trial">
      <div className="panel-head">
        <h2>The first rows, as they would be stored</h2>
        {!trial && <Spinner label="Trying the columns…" />}
      </div>
      {trial && (
        <div className="table-scroll">
          <table className="data-table trial-table">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Result</th>
                {shown.map((f) => (
                  <th key={f} scope="col">
                    {fieldText(f).label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {trial.rows.map((r) => (
                <tr key={r.row} className={r.values ? undefined : 'row-problem'} data-testid={`trial-row-${r.row}`}>
                  <td className="num">{r.row}</td>
                  {r.values ? (
                    <>
                      <td className="trial-ok">Ready</td>
                      {shown.map((f) => (
                        <td key={f} className="nowrap">
                          {r.values?.[f] ?? ''}
                        </td>
                      ))}
                    </>
                  ) : (
                    <td colSpan={shown.length + 1} className="trial-refused">
                      Refused: {r.errors.map((e) => `${fieldText(e.field).label} ${e.reason}`).join('; ')}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details className="raw-rows">
        <summary>The file as it is ({preview.columns.length} columns)</summary>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Row</th>
                {preview.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.row}>
                  <td className="num">{r.row}</td>
                  {r.problem ? (
                    <td colSpan={preview.columns.length}>{r.problem}</td>
                  ) : (
                    r.cells.map((cell, i) => (
                      <td key={preview.columns[i] ?? i} className="nowrap">
                        {cell}
                      </td>
                    ))
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
