import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import { RequestError } from '../../../../shared/contract/client';
import { ErrorPanel } from '../../components/ErrorPanel';
import { FormError } from '../../components/FormError';
import { Spinner } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { formatCount } from '../../format/money';
import { formatUtc } from '../../format/time';
import { useRequest } from '../../hooks/useRequest';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { useCan } from '../auth/access';
import { thresholdProblem, thresholdText, thresholdValueText } from './ruleThresholds';

type Rule = ChannelOutput<'rules.list'>[number];
type Run = ChannelOutput<'detection.run'>;

const GROUPS: readonly { group: Rule['group']; title: string }[] = [
  { group: 'security', title: 'Security' },
  { group: 'loss_prevention', title: 'Loss prevention' },
];

/**
 * The detection rules (audit:read): each one's switch and thresholds, editable with settings:write, one
 * Save per rule (the core records each change as a config.change event). A change applies from the
 * next detection run, which alerts:triage may start from here.
 */
export function RulesPanel() {
  const titleId = useId();
  const [version, setVersion] = useState(0);
  const rules = useRequest(`rules.list#${version}`, () => client.call('rules.list', {}));
  /** Rules saved here since the list was read: the core's answer, newer than the list. */
  const [saved, setSaved] = useState<ReadonlyMap<string, Rule>>(new Map());
  const canEdit = useCan('settings:write');
  const canRun = useCan('alerts:triage');
  const list = rules.value?.map((rule) => saved.get(rule.id) ?? rule);

  const onSaved = (rule: Rule) => setSaved((map) => new Map(map).set(rule.id, rule));
  const refresh = () => {
    setSaved(new Map());
    setVersion((n) => n + 1);
  };

  return (
    <section className="panel rules-panel" aria-labelledby={titleId} data-testid="rules-panel">
      <div className="panel-head">
        <h2 id={titleId}>Detection rules</h2>
        <button type="button" className="button button-small" onClick={refresh} disabled={rules.status === 'loading'} data-testid="rules-refresh">
          Refresh
        </button>
      </div>
      <p className="form-note">
        What the rules look for in the log and when they raise an alert. Times are UTC.{' '}
        {canEdit ? 'Each rule is saved on its own.' : 'An administrator can change them.'}
      </p>
      {saved.size > 0 && <NextRunNote canRun={canRun} />}
      {rules.status === 'error' && <ErrorPanel title="The rules could not be read" message={rules.message} onRetry={rules.retry} />}
      {!list && rules.status === 'loading' && <Spinner />}
      {list &&
        GROUPS.map(({ group, title }) => (
          <div key={group} className="rules-group" data-testid={`rules-group-${group}`}>
            <h3>{title}</h3>
            {list
              .filter((rule) => rule.group === group)
              .map((rule) => (
                <RuleCard key={rule.id} rule={rule} canEdit={canEdit} onSaved={onSaved} />
              ))}
          </div>
        ))}
    </section>
  );
}

function RuleCard({ rule, canEdit, onSaved }: { rule: Rule; canEdit: boolean; onSaved: (rule: Rule) => void }) {
  const titleId = useId();
  const [done, setDone] = useState(false);
  return (
    <article className={rule.enabled ? 'rule-card' : 'rule-card rule-off'} aria-labelledby={titleId} data-testid="rule-card" data-rule={rule.kind}>
      <div className="rule-head">
        <h4 id={titleId}>{rule.name}</h4>
        <span className={rule.enabled ? 'rule-state rule-state-on' : 'rule-state'} data-testid="rule-state">
          {rule.enabled ? 'On' : 'Off'}
        </span>
        <span className="settings-stamp rule-stamp" data-testid="rule-changed-by">
          {rule.updatedBy.startsWith('system:') ? (
            'Default'
          ) : (
            <>
              Last changed by <strong>{rule.updatedBy}</strong>, {formatUtc(rule.updatedAt)} UTC
            </>
          )}
        </span>
      </div>
      <p className="rule-description">{rule.description}</p>
      {canEdit ? (
        <RuleForm
          key={`${rule.updatedAt}#${rule.updatedBy}`}
          rule={rule}
          done={done}
          onEdit={() => setDone(false)}
          onSaved={(next) => {
            setDone(true);
            onSaved(next);
          }}
        />
      ) : (
        <dl className="rule-values" data-testid="rule-values">
          {Object.entries(rule.thresholds).map(([key, value]) => (
            <div key={key}>
              <dt>{thresholdText(rule.kind, key).label}</dt>
              <dd data-testid={`rule-threshold-${key}`}>{thresholdValueText(rule.kind, key, value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </article>
  );
}

interface RuleFormProps {
  rule: Rule;
  done: boolean;
  onEdit: () => void;
  onSaved: (rule: Rule) => void;
}

function RuleForm({ rule, done, onEdit, onSaved }: RuleFormProps) {
  const [enabled, setEnabled] = useState(rule.enabled);
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(rule.thresholds).map(([key, value]) => [key, String(value)])));
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const submit = useSubmit();
  const changed = Object.entries(draft).filter(([key, raw]) => Number(raw.trim()) !== rule.thresholds[key] || raw.trim() === '');
  const dirty = enabled !== rule.enabled || changed.length > 0;

  const edit = (key: string, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setProblems((p) => (p.has(key) ? new Map([...p].filter(([k]) => k !== key)) : p));
    onEdit();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = new Map(changed.flatMap(([key, raw]) => {
      const problem = thresholdProblem(rule.kind, key, raw);
      return problem ? [[key, problem] as const] : [];
    }));
    setProblems(found);
    if (found.size) {
      submit.fail(`Not saved: check ${[...found.keys()].map((key) => thresholdText(rule.kind, key).label.toLowerCase()).join(', ')}.`);
      return;
    }
    const thresholds = Object.fromEntries(changed.map(([key, raw]) => [key, Number(raw.trim())]));
    void submit.run(async () => {
      try {
        const next = await client.call('rules.update', {
          id: rule.id,
          ...(enabled !== rule.enabled ? { enabled } : {}),
          ...(changed.length ? { thresholds } : {}),
        });
        onSaved(next);
      } catch (error) {
        setProblems(coreProblems(error));
        throw error;
      }
    });
  };

  return (
    <form className="rule-form" onSubmit={onSubmit} noValidate aria-label={`${rule.name}: switch and thresholds`}>
      <label className="check-field rule-switch">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => {
            setEnabled(e.target.checked);
            onEdit();
          }}
          data-testid="rule-enabled"
        />
        <span>{enabled ? 'On: detection applies this rule' : 'Off: detection skips this rule'}</span>
      </label>
      <div className="rule-fields">
        {Object.keys(rule.thresholds).map((key) => {
          const text = thresholdText(rule.kind, key);
          const problem = problems.get(key);
          return (
            <TextField
              key={key}
              label={text.unit ? `${text.label} (${text.unit})` : text.label}
              type="number"
              value={draft[key] ?? ''}
              onChange={(value) => edit(key, value)}
              min={text.zeroAllowed ? 0 : undefined}
              invalid={problem !== undefined}
              hint={problem ? <span className="field-error-text">{problem}</span> : text.hint}
              testId={`rule-threshold-${key}`}
            />
          );
        })}
      </div>
      <div className="form-actions">
        <FormError message={submit.error} testId="rule-error" />
        <button type="submit" className="button button-primary button-small" disabled={submit.busy || !dirty} data-testid="rule-save">
          {submit.busy ? 'Saving…' : 'Save'}
        </button>
        <span className="live-region" aria-live="polite">
          {done && (
            <span className="form-success" data-testid="rule-saved">
              Saved
            </span>
          )}
        </span>
      </div>
    </form>
  );
}

/** The core names a refused threshold `thresholds.<key>` with the rule's range. */
function coreProblems(error: unknown): ReadonlyMap<string, string> {
  if (!(error instanceof RequestError) || !error.fields) return new Map();
  return new Map(error.fields.flatMap(({ path, message }) => (path.startsWith('thresholds.') ? [[path.slice('thresholds.'.length), message] as const] : [])));
}

/** Detection reads the rules when it runs: say so, and let someone who may triage run it now. */
function NextRunNote({ canRun }: { canRun: boolean }) {
  const [state, setState] = useState<{ running: boolean; run: Run | null }>({ running: false, run: null });
  const submit = useSubmit();
  const run = () =>
    void submit.run(async () => {
      setState({ running: true, run: null });
      try {
        setState({ running: false, run: await client.call('detection.run', {}) });
      } catch (error) {
        setState({ running: false, run: null });
        throw error;
      }
    });

  return (
    <div className="notice rules-next-run" role="status" data-testid="rules-next-run">
      <div>
        <strong>Takes effect at the next detection run.</strong>
        <p>It applies the rules to the events it has not looked at yet; alerts already raised stay as they are.</p>
        {state.run && (
          <p data-testid="rules-run-result">
            {runText(state.run)} <Link to="/alerts">Open the alerts</Link>
          </p>
        )}
        <FormError message={submit.error} testId="rules-run-error" />
      </div>
      {canRun && (
        <button type="button" className="button" onClick={run} disabled={state.running} data-testid="rules-run-detection">
          {state.running ? 'Detection is running…' : 'Run detection now'}
        </button>
      )}
    </div>
  );
}

function runText(run: Run): string {
  if (run.state === 'failed') return `Detection stopped: ${run.failure ?? 'no reason was given'}.`;
  return `Detection looked at ${formatCount(run.done)} new events: ${formatCount(run.alertsRaised)} new alerts, ${formatCount(run.alertsUpdated)} updated.`;
}
