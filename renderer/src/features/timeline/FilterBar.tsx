import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { EventFilter } from '../../../../shared/filter';
import { inputValueToIso, isoToInputValue } from '../../format/time';
import type { NavigateOptions } from './useTimelineUrl';
import { hasAnyFilter } from './useTimelineUrl';
import type { Facets } from './useTimelineData';

const TEXT_DEBOUNCE_MS = 300;

interface FilterBarProps {
  filter: EventFilter;
  facets: Facets | undefined;
  onChange: (next: EventFilter, options?: NavigateOptions) => void;
  /** The saved views menu, placed beside Clear filters. */
  views?: ReactNode;
}

type PickerKey = 'store' | 'terminal' | 'user' | 'action';

const PICKERS: { key: PickerKey; label: string; any: string; facet: keyof Facets }[] = [
  { key: 'store', label: 'Store', any: 'All stores', facet: 'stores' },
  { key: 'terminal', label: 'Terminal', any: 'All terminals', facet: 'terminals' },
  { key: 'user', label: 'User', any: 'All users', facet: 'users' },
  { key: 'action', label: 'Action', any: 'All actions', facet: 'actions' },
];

export function FilterBar({ filter, facets, onChange, views }: FilterBarProps) {
  const id = useId();
  const set = (patch: Partial<EventFilter>, options?: NavigateOptions) => {
    const next: EventFilter = { ...filter, ...patch };
    for (const key of Object.keys(patch) as (keyof EventFilter)[]) {
      if (next[key] === undefined || next[key] === '') delete next[key];
    }
    onChange(next, options);
  };

  return (
    <form className="panel filter-bar" role="search" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
      <div className="field field-date">
        <label htmlFor={`${id}-from`}>From (UTC)</label>
        <input
          id={`${id}-from`}
          type="datetime-local"
          value={isoToInputValue(filter.from)}
          onChange={(e) => set({ from: inputValueToIso(e.target.value) }, { replace: true })}
          data-testid="filter-from"
        />
      </div>
      <div className="field field-date">
        <label htmlFor={`${id}-to`}>To (UTC)</label>
        <input
          id={`${id}-to`}
          type="datetime-local"
          value={isoToInputValue(filter.to)}
          onChange={(e) => set({ to: inputValueToIso(e.target.value) }, { replace: true })}
          data-testid="filter-to"
        />
      </div>
      {PICKERS.map((picker) => {
        const current = filter[picker.key];
        const options = facets?.[picker.facet] ?? [];
        // A linked filter may name a value this database does not have; it must still show as selected.
        const values = current && !options.includes(current) ? [current, ...options] : options;
        return (
          <div className="field" key={picker.key}>
            <label htmlFor={`${id}-${picker.key}`}>{picker.label}</label>
            <select
              id={`${id}-${picker.key}`}
              value={current ?? ''}
              onChange={(e) => set({ [picker.key]: e.target.value || undefined })}
              data-testid={`filter-${picker.key}`}
            >
              <option value="">{picker.any}</option>
              {values.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={filter.status ?? ''}
          onChange={(e) => {
            const value = e.target.value;
            set({ status: value === 'success' || value === 'failure' ? value : undefined });
          }}
          data-testid="filter-status"
        >
          <option value="">Any status</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </select>
      </div>
      <SearchField id={`${id}-text`} value={filter.text ?? ''} onCommit={(text) => set({ text: text || undefined }, { replace: true })} />
      {views && <div className="field field-views">{views}</div>}
      <div className="field field-clear">
        <button type="button" className="button" onClick={() => onChange({})} disabled={!hasAnyFilter(filter)} data-testid="clear-filters">
          Clear filters
        </button>
      </div>
    </form>
  );
}

/** Free text is committed after a pause in typing, so each keystroke does not start a query. */
function SearchField({ id, value, onCommit }: { id: string; value: string; onCommit: (text: string) => void }) {
  const [draft, setDraft] = useState(value);
  // Held in a ref so a parent re-render (live updates arrive often) does not restart the pause.
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });

  // Back, "Clear filters" or a link can change the committed text underneath the draft.
  useEffect(() => setDraft(value), [value]);

  useEffect(() => {
    const text = draft.trim();
    if (text === value) return;
    const timer = setTimeout(() => commit.current(text.slice(0, 200)), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, value]);

  return (
    <div className="field field-text">
      <label htmlFor={id}>Contains text</label>
      <input
        id={id}
        type="search"
        placeholder="Receipt, SKU, error…"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        data-testid="filter-text"
      />
    </div>
  );
}
