import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushedName, PushedPayload } from '../../../../shared/contract';
import { EventBus } from '../../bus';
import { AlertStore } from '../alerts/alert-store';
import { RULES } from '../rules/catalogue';
import { at, ruleTestStore } from '../rules/test-events';
import type { RuleConfig } from '../rules/types';
import { DetectionService, type DetectionServiceDeps } from './detection-service';

const DEFAULT_RULES: RuleConfig[] = RULES.map((r) => ({ kind: r.kind, enabled: true, thresholds: r.defaults }));
const failures = (n: number, minute = 40, terminal = 'S001-T03') =>
  Array.from({ length: n }, (_, i) => at(`2026-01-20T22:${minute + Math.floor(i / 4)}:${String((i % 4) * 15).padStart(2, '0')}.000Z`, { action: 'auth.login', status: 'failure', terminal_id: terminal, user_id: 'admin' }));

let t: ReturnType<typeof ruleTestStore>;
let bus: EventBus;
let alerts: AlertStore;
let pushed: { event: PushedName; payload: unknown }[];
const opened: { service: DetectionService | null } = { service: null };
beforeEach(() => {
  t = ruleTestStore();
  bus = new EventBus();
  alerts = new AlertStore(t.store.db);
  pushed = [];
  bus.subscribe((event, payload) => void pushed.push({ event, payload }));
});
afterEach(async () => {
  await opened.service?.close();
  opened.service = null;
  t.close();
});
const open = (deps: Partial<DetectionServiceDeps> = {}) => (opened.service = new DetectionService({ store: t.store, alerts, bus, rules: async () => DEFAULT_RULES, ...deps }));
const payloads = <E extends PushedName>(name: E) => pushed.filter((p) => p.event === name).map((p) => p.payload as PushedPayload<E>);

describe('DetectionService', () => {
  it('looks only at new events each run, yet finds a burst split between runs once', async () => {
    const detection = open();
    t.add(failures(3));
    expect(await detection.run()).toMatchObject({ state: 'completed', total: 3, done: 3, alertsRaised: 0 });
    t.add(failures(3, 41));
    expect(await detection.run()).toMatchObject({ total: 3, alertsRaised: 1, alertsUpdated: 0 });
    t.add(failures(1, 42));
    expect(await detection.run()).toMatchObject({ total: 1, alertsRaised: 0, alertsUpdated: 1 });
    expect(await detection.run()).toMatchObject({ total: 0, alertsRaised: 0, alertsUpdated: 0 });
    expect(alerts.list({ status: 'all', limit: 10 }).alerts.map((a) => a.evidenceCount)).toEqual([7]);
    expect(detection.runs.watermark).toBe(7);
    expect(alerts.fairness().groups).toEqual([{ by: 'store', group: 'S001', events: 7, flagged: 7, rate: 1 }]);
  });

  it('never runs twice at once: who asks during a run shares the one run after it', async () => {
    let active = 0;
    let most = 0;
    const detection = open({
      rules: async () => {
        active += 1;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 30));
        active -= 1;
        return DEFAULT_RULES;
      },
    });
    t.add(failures(2));
    const first = detection.run();
    const second = detection.run();
    const third = detection.run();
    expect(second).toBe(third);
    const runs = await Promise.all([first, second, third]);
    expect(most).toBe(1);
    expect(runs.map((r) => r.total)).toEqual([2, 0, 0]);
    expect(t.store.db.prepare('SELECT count(*) FROM detection_runs').pluck().get()).toBe(2);
  });

  it('runs on its own after new events (debounced) and pushes progress and critical alerts', async () => {
    const detection = open({ debounceMs: 40, quietMs: 20 });
    detection.start();
    t.add(failures(16));
    bus.publish('events.appended', { count: 8, lastSeq: 8 });
    bus.publish('events.appended', { count: 8, lastSeq: 16 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.store.db.prepare('SELECT count(*) FROM detection_runs').pluck().get()).toBe(1);
    const changed = payloads('alerts.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ raised: 1, updated: 0, critical: [{ rule: 'brute_force', severity: 'critical', evidenceCount: 16 }] });
    const progress = payloads('job.progress');
    expect(progress.every((p) => p.kind === 'detection' && p.total === 16)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 16, finished: true });
  });

  it('waits for a quiet moment while events keep arriving, but not longer than its limit', async () => {
    const count = () => t.store.db.prepare('SELECT count(*) FROM detection_runs').pluck().get() as number;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 200 && !done(); i++) await sleep(25);
    };
    // Events every 20 ms against a quiet moment of a second: only a machine stalled for a second could
    // see a pause in this stream, so the margins hold on a busy one.
    const detection = open({ debounceMs: 30, quietMs: 1_000, maxWaitMs: 60_000 });
    detection.start();
    t.add(failures(3));
    for (let i = 0; i < 25; i++) {
      bus.publish('events.appended', { count: 0, lastSeq: 3 });
      await sleep(20);
    }
    expect(count()).toBe(0); // no run while the stream lasts…
    await until(() => count() === 1);
    expect(count()).toBe(1); // …and one once it has stopped
    await detection.close();

    // A stream that never pauses still gets its run once the limit is reached.
    const patient = open({ debounceMs: 30, quietMs: 1_000, maxWaitMs: 200 });
    patient.start();
    t.add(failures(2));
    for (let i = 0; i < 200 && count() < 2; i++) {
      bus.publish('events.appended', { count: 0, lastSeq: 5 });
      await sleep(20);
    }
    expect(count()).toBe(2);
    await patient.close();
  });

  it('stops a run in progress on close, records it as failed and keeps the watermark', async () => {
    let release: () => void = () => {};
    const detection = open({ rules: () => new Promise((resolve) => (release = () => resolve(DEFAULT_RULES))) });
    t.add(failures(6));
    const running = detection.run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = detection.close();
    release();
    await expect(running).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await closing;
    expect(detection.runs.last()).toMatchObject({ state: 'failed', failure: 'Detection was stopped: the database is closing.' });
    expect(detection.runs.watermark).toBe(0);
    await expect(detection.run()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(payloads('job.progress').at(-1)).toMatchObject({ phase: 'stopped', finished: true });
  });

  it('turns model findings into alerts, and hands the model the rules’ evidence and people’s feedback', async () => {
    const seen: unknown[] = [];
    const detection = open({
      model: {
        async detect(options) {
          seen.push({ afterSeq: options.afterSeq, ruleEvidence: [...options.ruleEvidence.keys()].sort((a, b) => a - b), feedback: options.feedback });
          return { scored: 7, modelVersion: 'S001-v1', findings: [{ seq: 7, ts: '2026-01-20T23:10:00.000Z', storeId: 'S001', userId: 'u-101', terminalId: 'S001-T01', action: 'pos.refund', modelVersion: 'S001-v1', score: 0.71, severity: 'medium', explanation: ['a refund at 23:10, when u-101 never works'] }] };
        },
        async close() {},
      },
    });
    t.add([...failures(6), at('2026-01-20T23:10:00.000Z', { action: 'pos.refund', user_id: 'u-101', terminal_id: 'S001-T01' })]);
    const run = await detection.run();
    expect(run).toMatchObject({ modelVersion: 'S001-v1', alertsRaised: 3 });
    expect(alerts.get('model:isolation_forest:S001:7')).toMatchObject({ source: 'model', rule: 'isolation_forest', evidence: [7], modelVersion: 'S001-v1', users: ['u-101'], explanation: ['a refund at 23:10, when u-101 never works'] });
    alerts.setStatus('model:isolation_forest:S001:7', 'false_positive', null, new Date());
    t.add([at('2026-01-21T10:00:00.000Z', { action: 'pos.sale', user_id: 'u-101' })]);
    await detection.run();
    expect(seen).toEqual([
      { afterSeq: 0, ruleEvidence: [1, 2, 3, 4, 5, 6, 7], feedback: { falsePositiveSeqs: [], confirmedSeqs: [] } },
      { afterSeq: 7, ruleEvidence: expect.arrayContaining([1, 2, 3, 4, 5, 6]) as number[], feedback: { falsePositiveSeqs: [7], confirmedSeqs: [] } },
    ]);
  });
});
