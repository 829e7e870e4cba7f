import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TerminalApiStatus, TerminalSummary } from '../../../../shared/contract/terminal-channels';
import { CopyButton } from '../../components/CopyButton';
import { ErrorPanel } from '../../components/ErrorPanel';
import { FormError } from '../../components/FormError';
import { Spinner } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { TerminalsTable } from './TerminalsTable';
import { useTerminalApiStatus, useTerminals } from './useTerminals';

/** A terminal just registered, with the only copy of its private key. */
interface NewKey {
  name: string;
  key: string;
}

/**
 * The tills that may send events (terminals:manage): register one and hand its key over once, see
 * when each was last heard from, revoke a key. There is no push for terminals, hence Refresh.
 */
export function TerminalsPanel() {
  const titleId = useId();
  const { state, refresh } = useTerminals();
  const apiStatus = useTerminalApiStatus();
  const [adding, setAdding] = useState(false);
  const [newKey, setNewKey] = useState<NewKey | null>(null);
  const revoke = useSubmit();
  const terminals = state.terminals;

  const added = (created: NewKey) => {
    setAdding(false);
    setNewKey(created);
    refresh();
  };

  const onRevoke = (terminal: TerminalSummary) =>
    revoke.run(async () => {
      await client.call('terminals.revoke', { id: terminal.id });
      refresh();
    });

  return (
    <section className="panel terminals-panel" aria-labelledby={titleId} data-testid="terminals-panel">
      <div className="panel-head">
        <h2 id={titleId}>Terminals</h2>
        <div className="terminals-head-actions">
          {state.status === 'loading' && terminals && <Spinner label="Refreshing…" />}
          <button type="button" className="button button-small" onClick={refresh} disabled={state.status === 'loading'} data-testid="terminals-refresh">
            Refresh
          </button>
        </div>
      </div>
      <p className="form-note">
        Each till signs what it sends with its own key. Revoking a key refuses that till from then on; its events stay in the log.
        Last-seen times and clock offsets come from the till’s latest request.
      </p>
      {newKey && <OneTimeKey created={newKey} apiStatus={apiStatus} onDone={() => setNewKey(null)} />}
      {state.status === 'error' && <ErrorPanel title="The terminals could not be read" message={state.message} onRetry={refresh} />}
      {!terminals && state.status === 'loading' && <Spinner />}
      {terminals && terminals.length === 0 && (
        <p className="terminals-empty" data-testid="terminals-empty">
          No tills are registered yet. Add one to give it a key.
        </p>
      )}
      {terminals && terminals.length > 0 && <TerminalsTable terminals={terminals} busy={revoke.busy} onRevoke={onRevoke} />}
      <FormError message={revoke.error} testId="terminal-revoke-error" />
      {adding ? (
        <AddTerminalForm onAdded={added} onCancel={() => setAdding(false)} />
      ) : (
        <div className="terminals-add">
          <button type="button" className="button" onClick={() => setAdding(true)} data-testid="terminal-add-start">
            Add terminal
          </button>
        </div>
      )}
    </section>
  );
}

function AddTerminalForm({ onAdded, onCancel }: { onAdded: (created: NewKey) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [storeId, setStoreId] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const store = storeId.trim();
      const { terminal, key } = await client.call('terminals.add', { name, storeId: store === '' ? null : store });
      onAdded({ name: terminal.name, key });
    });
  };

  return (
    <form className="form-grid terminals-form" onSubmit={onSubmit} noValidate aria-label="Add a terminal" data-testid="terminal-add-form">
      <TextField
        label="Name"
        value={name}
        onChange={setName}
        autoFocus
        required
        autoComplete="off"
        hint="As the Timeline shows it, e.g. “Till 3”."
        invalid={submit.fields.has('name')}
        testId="terminal-add-name"
      />
      <TextField
        label="Store id (optional)"
        value={storeId}
        onChange={setStoreId}
        autoComplete="off"
        hint="Its events must carry this store; empty: any store."
        invalid={submit.fields.has('storeId')}
        monospace
        testId="terminal-add-store"
      />
      <div className="form-actions">
        <FormError message={submit.error} testId="terminal-add-error" />
        <button type="submit" className="button button-primary" disabled={submit.busy} data-testid="terminal-add-submit">
          {submit.busy ? 'Adding…' : 'Add terminal'}
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="terminal-add-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The new terminal's private key, this once: the core keeps only the public half, so nothing can
 * show it again. Done forgets it here too.
 */
function OneTimeKey({ created, apiStatus, onDone }: { created: NewKey; apiStatus: TerminalApiStatus | null; onDone: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => box.current?.focus(), []);
  const listening = apiStatus?.state === 'listening' ? apiStatus : null;

  return (
    <div className="terminal-key-box" ref={box} tabIndex={-1} role="region" aria-labelledby={titleId} data-testid="terminal-key-box">
      <h3 id={titleId} className="terminal-key-title">
        Key for “{created.name}”
      </h3>
      <div className="terminal-key-row">
        <code className="terminal-key" data-testid="terminal-key" aria-label="Terminal key">
          {created.key}
        </code>
        <CopyButton value={created.key} label={`Copy the key for ${created.name}`} />
      </div>
      <p className="terminal-key-warning">
        <strong>Shown only now: put it in the till’s configuration. Watchdog keeps only its public half.</strong> If it is
        lost, revoke this terminal and add the till again under another name.
      </p>
      {listening?.url && (
        <p className="terminal-key-where">
          The till sends its events to <code>{listening.url}/v1/events</code>
          {listening.fingerprint && ' and pins the certificate fingerprint shown under Terminal API'}.
        </p>
      )}
      <button type="button" className="button button-primary" onClick={onDone} data-testid="terminal-key-done">
        Done
      </button>
    </div>
  );
}
