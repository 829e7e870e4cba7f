import { randomUUID } from 'node:crypto';
import type { Alert, AlertSeverity } from '../../../../shared/contract/alert-channels';
import { AppError } from '../../api/errors';
import type { EventBus } from '../../bus';
import type { AuditStore } from '../../store';
import type { AlertStore } from '../alerts/alert-store';
import type { ModelDetector, ModelFinding } from '../model-detector';
import { RULES } from '../rules/catalogue';
import { alertId, clock } from '../rules/severity';
import type { AlertDraft, RuleConfig } from '../rules/types';
import { COUNT_STEP, RunRecords, type DetectionRun } from './run-records';
import { ruleScope } from './rule-scope';

export interface DetectionServiceDeps {
  store: AuditStore;
  alerts: AlertStore;
  bus: EventBus;
  /** The rules as configured now (their alertRules documents). */
  rules: () => Promise<readonly RuleConfig[]>;
  /** The isolation forest over event features, when there is one. */
  model?: ModelDetector;
  now?: () => Date;
  /** A background run starts this long after the first `events.appended` that finds none pending (30 s)… */
  debounceMs?: number;
  /**
   * …once no events have arrived for this long (2 s): while terminals or an import stream events in,
   * the run waits, so it does not take the writer's thread from them…
   */
  quietMs?: number;
  /** …but never longer than this after the first of them (10 minutes). */
  maxWaitMs?: number;
  /** And on this interval whatever happens (an hour). */
  intervalMs?: number;
  /** A background run that failed (it is recorded as a failed run too). */
  onError?: (error: unknown) => void;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs detection over the events no completed run has looked at: the fairness denominators, every
 * enabled rule (security, then loss prevention), then the model for what the rules leave. One run at
 * a time: whoever asks while a run is going gets the one follow-up run that starts after it. Between
 * steps it yields to the event loop, so requests keep being answered, and pushes `job.progress`
 * (kind `detection`); alerts it raises or changes are pushed as `alerts.changed`.
 */
export class DetectionService {
  readonly runs: RunRecords;
  private current: Promise<DetectionRun> | null = null;
  private next: Promise<DetectionRun> | null = null;
  private readonly controller = new AbortController();
  private timers: { debounce: NodeJS.Timeout | null; interval: NodeJS.Timeout | null; unsubscribe: (() => void) | null } = { debounce: null, interval: null, unsubscribe: null };
  private readonly now: () => Date;

  constructor(private readonly deps: DetectionServiceDeps) {
    this.runs = new RunRecords(deps.store.db);
    this.now = deps.now ?? (() => new Date());
  }

  /** Runs now, or after the run in progress (shared with everyone else who asked meanwhile). */
  run(): Promise<DetectionRun> {
    if (this.controller.signal.aborted) return Promise.reject(new AppError('UNAVAILABLE', 'Detection has stopped: the database is closing.'));
    if (!this.current) return this.begin();
    this.next ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.begin();
      });
    return this.next;
  }

  get running(): boolean {
    return this.current !== null;
  }

  /**
   * Runs after new events (debounced, and waiting for a quiet moment: at 20,000 events/s a run every
   * 30 s took the writer's thread from the terminals, 17,400/s instead of 20,000), and the hourly run.
   */
  start(): void {
    if (this.timers.unsubscribe) return;
    const debounceMs = this.deps.debounceMs ?? 30_000;
    const quietMs = this.deps.quietMs ?? 2_000;
    const maxWaitMs = this.deps.maxWaitMs ?? 600_000;
    let firstAt = 0;
    let lastAt = 0;
    const check = () => {
      const now = Date.now();
      const quietFor = now - lastAt;
      if (quietFor < quietMs && now - firstAt < maxWaitMs) {
        this.timers.debounce = setTimeout(check, quietMs - quietFor);
        this.timers.debounce.unref();
        return;
      }
      this.timers.debounce = null;
      this.background();
    };
    this.timers.unsubscribe = this.deps.bus.subscribe((event) => {
      if (event !== 'events.appended') return;
      lastAt = Date.now();
      if (this.timers.debounce) return;
      firstAt = lastAt;
      this.timers.debounce = setTimeout(check, debounceMs);
      this.timers.debounce.unref();
    });
    this.timers.interval = setInterval(() => this.background(), this.deps.intervalMs ?? 3_600_000);
    this.timers.interval.unref();
  }

  /** Stops the timers, stops a run in progress between two steps, and waits for it. */
  async close(): Promise<void> {
    this.timers.unsubscribe?.();
    if (this.timers.debounce) clearTimeout(this.timers.debounce);
    if (this.timers.interval) clearInterval(this.timers.interval);
    this.timers = { debounce: null, interval: null, unsubscribe: null };
    this.controller.abort();
    await Promise.allSettled([this.current, this.next]);
    await this.deps.model?.close();
  }

  private background(): void {
    if (this.controller.signal.aborted) return;
    this.run().catch((error: unknown) => {
      if (!this.controller.signal.aborted) (this.deps.onError ?? ((e) => console.error('[watchdog] detection failed:', e)))(error);
    });
  }

  private begin(): Promise<DetectionRun> {
    const run = this.execute().finally(() => {
      if (this.current === run) this.current = null;
    });
    this.current = run;
    return run;
  }

  private async execute(): Promise<DetectionRun> {
    const { store, alerts, bus } = this.deps;
    const started = performance.now();
    const afterSeq = this.runs.watermark;
    const toSeq = store.log.chainHead.seq;
    const total = toSeq - afterSeq;
    const id = this.runs.start(this.now(), afterSeq, toSeq);
    const jobId = randomUUID();
    const report = (phase: string, share: number, finished = false) =>
      bus.publish('job.progress', { jobId, kind: 'detection', phase, done: Math.round(total * share), total, finished });
    const outcome = { raised: [] as Alert[], updated: [] as Alert[], modelVersion: null as string | null };
    try {
      await this.countGroups(toSeq, (share) => report('counting', share * 0.2));
      const configs = await this.deps.rules();
      const scope = ruleScope(store.db, afterSeq, toSeq);
      const drafts: AlertDraft[] = [];
      for (const [index, rule] of RULES.entries()) {
        const config = configs.find((c) => c.kind === rule.kind);
        if (!config?.enabled || total === 0) continue;
        const found = rule.evaluate(scope, { ...rule.defaults, ...config.thresholds });
        for (const draft of found) for (const seq of draft.evidence) scope.covered.add(seq);
        drafts.push(...found);
        report(`rules: ${rule.kind}`, 0.2 + (0.4 * (index + 1)) / RULES.length);
        await this.step();
      }
      merge(outcome, alerts.upsert(drafts, this.now()));
      if (this.deps.model && total > 0) await this.runModel(afterSeq, outcome, (share) => report('model', 0.6 + share * 0.4));
      this.runs.finish(id, { state: 'completed', finishedAt: this.now(), toSeq, done: total, raised: outcome.raised.length, updated: outcome.updated.length, modelVersion: outcome.modelVersion, failure: null, elapsedMs: performance.now() - started });
      report('done', 1, true);
      if (outcome.raised.length || outcome.updated.length) {
        bus.publish('alerts.changed', { raised: outcome.raised.length, updated: outcome.updated.length, critical: outcome.raised.filter((a) => a.severity === 'critical') });
      }
      return this.runs.get(id);
    } catch (error) {
      const failure = error instanceof Error ? error.message : String(error);
      if (store.db.open) this.runs.finish(id, { state: 'failed', finishedAt: this.now(), toSeq, done: 0, raised: outcome.raised.length, updated: outcome.updated.length, modelVersion: outcome.modelVersion, failure, elapsedMs: performance.now() - started });
      report('stopped', 0, true);
      throw error;
    }
  }

  /** The fairness denominators, 50,000 seqs a step. */
  private async countGroups(toSeq: number, onProgress: (share: number) => void): Promise<void> {
    const from = this.runs.countedTo;
    for (let at = from; at < toSeq; at = Math.min(toSeq, at + COUNT_STEP)) {
      this.runs.countGroups(at, Math.min(toSeq, at + COUNT_STEP));
      onProgress((Math.min(toSeq, at + COUNT_STEP) - from) / (toSeq - from));
      await this.step();
    }
    this.deps.alerts.countsChanged();
  }

  private async runModel(afterSeq: number, outcome: { raised: Alert[]; updated: Alert[]; modelVersion: string | null }, onProgress: (share: number) => void): Promise<void> {
    const { alerts } = this.deps;
    const ruleEvidence = new Map<number, { rule: string; severity: AlertSeverity }>();
    for (const e of alerts.evidenceOf(['open', 'case', 'resolved'], 'rule')) ruleEvidence.set(e.seq, { rule: e.rule, severity: e.severity });
    const feedback = {
      falsePositiveSeqs: alerts.evidenceOf(['false_positive'], 'model').map((e) => e.seq),
      confirmedSeqs: alerts.evidenceOf(['resolved']).map((e) => e.seq),
    };
    const result = await (this.deps.model as ModelDetector).detect({
      afterSeq, ruleEvidence, feedback, signal: this.controller.signal, onProgress: (done, total) => onProgress(total ? done / total : 1),
    });
    outcome.modelVersion = result.modelVersion;
    merge(outcome, alerts.upsert(result.findings.map(modelDraft), this.now()));
  }

  private async step(): Promise<void> {
    await yieldToLoop();
    if (this.controller.signal.aborted) throw new AppError('UNAVAILABLE', 'Detection was stopped: the database is closing.');
  }
}

function merge(into: { raised: Alert[]; updated: Alert[] }, from: { raised: Alert[]; updated: Alert[] }): void {
  into.raised.push(...from.raised);
  into.updated.push(...from.updated);
}

/** A model finding as an alert: one event the isolation forest found unusual, in its words, with the model that scored it. */
export function modelDraft(finding: ModelFinding): AlertDraft {
  const who = finding.userId ?? 'no user';
  const where = finding.terminalId ? ` on ${finding.terminalId}` : '';
  return {
    id: alertId('model', 'isolation_forest', finding.storeId, String(finding.seq)),
    source: 'model',
    rule: 'isolation_forest',
    title: `Unusual ${finding.action} by ${who}${where} at ${clock(Date.parse(finding.ts))}`,
    severity: finding.severity,
    score: finding.score,
    storeId: finding.storeId,
    users: finding.userId ? [finding.userId] : [],
    terminals: finding.terminalId ? [finding.terminalId] : [],
    evidence: [finding.seq],
    explanation: finding.explanation,
    from: finding.ts,
    to: finding.ts,
    modelVersion: finding.modelVersion,
  };
}
