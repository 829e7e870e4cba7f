import { useId, type ReactNode } from 'react';
import { SEVERITIES_DESC, SEVERITY_TEXT, STATUS_FILTERS, type StatusFilter } from './alertText';
import type { AlertsView } from './useAlertsUrl';

interface AlertFiltersProps {
  view: AlertsView;
  stores: readonly string[];
  users: readonly string[];
  onChange: (view: AlertsView) => void;
}

export function AlertFilters({ view, stores, users, onChange }: AlertFiltersProps) {
  const set = (patch: Partial<AlertsView>) => onChange({ ...view, ...patch });
  const filtered = view.status !== 'active' || view.severity || view.source || view.store || view.user;
  return (
    <section className="panel alert-filters" aria-label="Alert filters">
      <Select label="Status" value={view.status} onChange={(v) => set({ status: v as StatusFilter })} testId="alert-filter-status">
        {STATUS_FILTERS.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </Select>
      <Select label="Severity" value={view.severity ?? ''} onChange={(v) => set({ severity: (v || undefined) as AlertsView['severity'] })} testId="alert-filter-severity">
        <option value="">Any severity</option>
        {SEVERITIES_DESC.map((s) => (
          <option key={s} value={s}>
            {SEVERITY_TEXT[s]}
          </option>
        ))}
      </Select>
      <Select label="Found by" value={view.source ?? ''} onChange={(v) => set({ source: (v || undefined) as AlertsView['source'] })} testId="alert-filter-source">
        <option value="">Rules and model</option>
        <option value="rule">A rule</option>
        <option value="model">The model (unusual patterns)</option>
      </Select>
      <Select label="Store" value={view.store ?? ''} onChange={(v) => set({ store: v || undefined })} testId="alert-filter-store">
        <option value="">All stores</option>
        {withSelected(stores, view.store).map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </Select>
      <Select label="User" value={view.user ?? ''} onChange={(v) => set({ user: v || undefined })} testId="alert-filter-user">
        <option value="">Anyone</option>
        {withSelected(users, view.user).map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </Select>
      <button type="button" className="button alert-filters-clear" disabled={!filtered} onClick={() => onChange({ status: 'active' })}>
        Clear filters
      </button>
    </section>
  );
}

function Select({ label, value, onChange, testId, children }: { label: string; value: string; onChange: (value: string) => void; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {children}
      </select>
    </div>
  );
}

/** A value from a link that the log does not know is still shown as chosen. */
function withSelected(values: readonly string[], selected: string | undefined): readonly string[] {
  return selected && !values.includes(selected) ? [selected, ...values] : values;
}
