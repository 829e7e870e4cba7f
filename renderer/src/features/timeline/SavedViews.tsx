import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { SavedView } from '../../../../shared/contract/documents';
import { filterToSearch, type EventFilter } from '../../../../shared/filter';
import { FormError } from '../../components/FormError';
import { Spinner } from '../../components/Spinner';
import { formatUtc } from '../../format/time';
import { useDismiss } from '../../hooks/useDismiss';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { useSavedViews } from './useSavedViews';
import { hasAnyFilter } from './useTimelineUrl';

interface SavedViewsProps {
  filter: EventFilter;
  /** Applies a view's filter (to the URL, like any other filter change: Back undoes it). */
  onOpen: (filter: EventFilter) => void;
}

/**
 * The user's saved views (named timeline filters): open one, save the current filter under a name,
 * rename or delete one. The list follows changes made in the user's other windows. The button names
 * the open view when the current filter is exactly a saved one.
 */
export function SavedViews({ filter, onOpen }: SavedViewsProps) {
  const { state, retry, placed, removed } = useSavedViews();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback(() => setOpen(false), []);
  useDismiss(open, closeMenu, root, button);

  const views = state.status === 'ok' ? state.views : [];
  const key = filterToSearch(filter);
  const current = hasAnyFilter(filter) ? (views.find((view) => filterToSearch(view.filter) === key) ?? null) : null;

  const choose = (view: SavedView) => {
    setOpen(false);
    onOpen(view.filter);
    button.current?.focus();
  };

  return (
    <div className="views" ref={root}>
      <button
        type="button"
        ref={button}
        className="button views-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((value) => !value)}
        data-testid="views-button"
      >
        Views
        {current && (
          <span className="views-current" data-testid="views-current">
            {current.name}
          </span>
        )}
      </button>
      {open && (
        <div className="views-menu" role="dialog" aria-label="Saved views" data-testid="views-menu">
          <div className="views-menu-head">Saved views</div>
          {state.status === 'loading' && <Spinner />}
          {state.status === 'error' && (
            <div className="views-problem">
              <FormError message={state.message} testId="views-error" />
              <button type="button" className="button button-small" onClick={retry}>
                Retry
              </button>
            </div>
          )}
          {state.status === 'ok' && views.length === 0 && (
            <p className="views-empty" data-testid="views-empty">
              No saved views yet. Set a filter, then save it here to come back to it in one click.
            </p>
          )}
          {views.length > 0 && (
            <ul className="views-list">
              {views.map((view, index) => (
                <ViewItem
                  key={view.id}
                  view={view}
                  isOpen={view.id === current?.id}
                  autoFocus={current ? view.id === current.id : index === 0}
                  onOpen={choose}
                  onPlaced={placed}
                  onRemoved={removed}
                />
              ))}
            </ul>
          )}
          <SaveCurrent filter={filter} views={views} autoFocus={views.length === 0} onPlaced={placed} />
        </div>
      )}
    </div>
  );
}

interface ViewItemProps {
  view: SavedView;
  isOpen: boolean;
  autoFocus: boolean;
  onOpen: (view: SavedView) => void;
  onPlaced: (view: SavedView) => void;
  onRemoved: (id: string) => void;
}

function ViewItem({ view, isOpen, autoFocus, onOpen, onPlaced, onRemoved }: ViewItemProps) {
  const [mode, setMode] = useState<'idle' | 'renaming' | 'deleting'>('idle');
  const [name, setName] = useState(view.name);
  const submit = useSubmit();

  const cancel = () => {
    setMode('idle');
    setName(view.name);
    submit.clear();
  };
  const rename = () => {
    if (name.trim() === view.name) return cancel();
    void submit.run(async () => {
      onPlaced(await client.call('views.rename', { id: view.id, name }));
      setMode('idle');
    });
  };
  const remove = () =>
    void submit.run(async () => {
      await client.call('views.delete', { id: view.id });
      onRemoved(view.id);
    });

  return (
    <li className={isOpen ? 'view-item view-item-open' : 'view-item'} aria-current={isOpen || undefined} data-testid="view-item" data-id={view.id} data-name={view.name}>
      {mode === 'renaming' ? (
        <NameEditor
          name={name}
          onChange={setName}
          onSubmit={rename}
          onCancel={cancel}
          invalid={Boolean(submit.error)}
          busy={submit.busy}
          label={`New name for ${view.name}`}
          submitLabel="Rename"
          testId="view-rename"
        />
      ) : (
        <button type="button" className="view-open" onClick={() => onOpen(view)} autoFocus={autoFocus} data-testid="view-open">
          <span className="view-name">
            {view.name}
            {isOpen && <span className="view-open-mark">open</span>}
          </span>
          <span className="view-filter">{describeFilter(view.filter)}</span>
        </button>
      )}
      {mode === 'idle' && (
        <span className="view-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setName(view.name);
              setMode('renaming');
            }}
            data-testid="view-rename"
          >
            Rename
          </button>
          <button type="button" className="button button-small" onClick={() => setMode('deleting')} data-testid="view-delete">
            Delete
          </button>
        </span>
      )}
      {mode === 'deleting' && (
        <span className="view-confirm">
          <span>Delete this view?</span>
          <button type="button" className="button button-small button-danger" onClick={remove} disabled={submit.busy} autoFocus data-testid="view-delete-confirm">
            Delete
          </button>
          <button type="button" className="button button-small" onClick={cancel} data-testid="view-delete-keep">
            Keep
          </button>
        </span>
      )}
      <FormError message={submit.error} testId="view-item-error" />
    </li>
  );
}

function SaveCurrent({ filter, views, autoFocus, onPlaced }: { filter: EventFilter; views: SavedView[]; autoFocus: boolean; onPlaced: (view: SavedView) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const submit = useSubmit();
  const wanted = name.trim().toLocaleLowerCase('en-US');
  const replaces = wanted ? views.find((view) => view.name.toLocaleLowerCase('en-US') === wanted) : undefined;

  const cancel = () => {
    setEditing(false);
    setName('');
    submit.clear();
  };
  const save = () =>
    void submit.run(async () => {
      const view = await client.call('views.save', { name, filter });
      onPlaced(view);
      setSaved(view.name);
      setEditing(false);
      setName('');
    });

  if (!editing) {
    const canSave = hasAnyFilter(filter);
    return (
      <div className="views-save">
        {saved && (
          <p className="form-success" role="status" data-testid="view-saved">
            Saved “{saved}”.
          </p>
        )}
        <button
          type="button"
          className="user-menu-item views-save-start"
          onClick={() => {
            setSaved(null);
            setEditing(true);
          }}
          disabled={!canSave}
          autoFocus={autoFocus && canSave}
          data-testid="view-save-start"
        >
          Save current filter…
        </button>
        {!canSave && <p className="views-note">Set a filter first; it can then be saved here under a name.</p>}
      </div>
    );
  }
  return (
    <div className="views-save">
      <NameEditor
        name={name}
        onChange={setName}
        onSubmit={save}
        onCancel={cancel}
        invalid={Boolean(submit.error)}
        busy={submit.busy}
        label="Name of the new view"
        placeholder="Name, e.g. Failed logins"
        submitLabel="Save"
        testId="view-save"
      />
      <p className="views-note">
        {replaces ? <>Replaces the filter of “{replaces.name}” with: </> : <>Saves: </>}
        {describeFilter(filter)}
      </p>
      <FormError message={submit.error} testId="view-save-error" />
    </div>
  );
}

/** Enter commits, Escape cancels the field alone (the menu stays open: the menu's own Escape is not reached). */
function onFieldKey(event: KeyboardEvent<HTMLInputElement>, commit: () => void, cancel: () => void) {
  if (event.key === 'Enter') {
    event.preventDefault();
    commit();
  } else if (event.key === 'Escape') {
    event.stopPropagation();
    cancel();
  }
}

/** A view's filter in a few words: "action auth.login · failures · 1 Feb – 5 Feb". */
function describeFilter(filter: EventFilter): string {
  const parts: string[] = [];
  for (const key of ['store', 'terminal', 'user', 'action'] as const) {
    if (filter[key]) parts.push(`${key} ${filter[key]}`);
  }
  if (filter.status) parts.push(filter.status === 'failure' ? 'failures' : 'successes');
  if (filter.text) parts.push(`containing “${filter.text}”`);
  if (filter.from || filter.to) parts.push(`${filter.from ? formatUtc(filter.from) : '…'} – ${filter.to ? formatUtc(filter.to) : '…'} UTC`);
  return parts.join(' · ') || 'all events';
}

interface NameEditorProps {
  name: string;
  onChange(name: string): void;
  onSubmit(): void;
  onCancel(): void;
  invalid: boolean;
  busy: boolean;
  label: string;
  placeholder?: string;
  submitLabel: string;
  /** The field is `<testId>-name`; the button is `<testId>-save` when renaming, else `<testId>`. */
  testId: 'view-rename' | 'view-save';
}

/** A view's name being typed: Enter submits, Escape cancels (the menu stays open). */
function NameEditor(props: NameEditorProps) {
  return (
    <div className="view-edit">
      <input
        value={props.name}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => onFieldKey(e, props.onSubmit, props.onCancel)}
        placeholder={props.placeholder}
        aria-label={props.label}
        aria-invalid={props.invalid || undefined}
        maxLength={100}
        autoFocus
        data-testid={`${props.testId}-name`}
      />
      <button
        type="button"
        className="button button-small button-primary"
        onClick={props.onSubmit}
        disabled={props.busy}
        data-testid={props.testId === 'view-rename' ? 'view-rename-save' : 'view-save'}
      >
        {props.submitLabel}
      </button>
      <button type="button" className="button button-small" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}
