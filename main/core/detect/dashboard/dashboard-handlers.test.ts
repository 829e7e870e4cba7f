import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels } from '../../../../shared/contract';
import type { AlertSeverity } from '../../../../shared/contract/alert-channels';
import { createDashboardHandlers, type DashboardAlerts } from '../../api/dashboard-handlers';
import type { CallContext } from '../../api/router';
import { AuditStore } from '../../store';
import { sampleBatch, tempDir } from '../../store/test-helpers';

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
beforeEach(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'handlers.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const counts: Record<AlertSeverity, number> = { low: 4, medium: 3, high: 2, critical: 1 };
/** The alert store's side, as a plain object: what it returns is passed through untouched. */
const alerts: DashboardAlerts = {
  countsBySeverity: () => counts,
  openCount: () => 7,
  fairness: () => ({
    limit: 0.2,
    groups: [{ by: 'role', group: 'cashier', events: 900, flagged: 9, rate: 0.01 }],
    flags: [],
  }),
};

const ctx: CallContext = {
  host: 'cli',
  permissions: new Set(['audit:read']),
  session: null,
  actor: { userName: 'auditor', role: 'auditor', sessionId: null, source: 'cli' },
  authError: null,
  token: { get: () => null, set: () => {} },
};

async function summary() {
  const output = await createDashboardHandlers({ store, alerts })['dashboard.summary']({}, ctx);
  // What the router does with every answer: the contract must accept it as it is.
  return channels['dashboard.summary'].output.parse(output);
}

describe('dashboard.summary', () => {
  it("joins the event figures with the alert store's counts and fairness, within the contract", async () => {
    // sampleEvent: a minute apart from 2026-01-05T09:00Z, four cashiers, five actions in turn.
    store.append(sampleBatch(0, 600));
    const value = await summary();
    expect(value).toMatchObject({
      asOf: '2026-01-05T18:59:00.000Z',
      eventsToday: 600,
      eventsThisWeek: 600,
      alertsBySeverity: counts,
      openAlerts: 7,
      fairness: { limit: 0.2, flags: [] },
    });
    expect(value.topUsers).toEqual(['u-100', 'u-101', 'u-102', 'u-103'].map((key) => ({ key, count: 150 })));
    expect(value.topActions).toHaveLength(5);
    expect(value.categories).toEqual([
      { key: 'pos', count: 360 },
      { key: 'authentication', count: 120 },
      { key: 'cash', count: 120 },
    ]);
    // Every fifth event is a sale, 30 per cashier: under 100, so no ratios.
    expect(value.exceptions.map((e) => [e.storeId, e.userId, e.sales, e.worstRatio, e.worstKind])).toEqual([
      ['S001', 'u-100', 30, 0, null],
      ['S001', 'u-102', 30, 0, null],
      ['S002', 'u-101', 30, 0, null],
      ['S002', 'u-103', 30, 0, null],
    ]);
  });

  it('answers an empty log with zeros and no asOf', async () => {
    const value = await summary();
    expect(value).toMatchObject({ asOf: null, eventsToday: 0, eventsThisWeek: 0, topUsers: [], topActions: [], categories: [], exceptions: [] });
  });

  it('is live: events appended after the handlers were made show on the next call', async () => {
    store.append(sampleBatch(0, 10));
    expect((await summary()).eventsToday).toBe(10);
    store.append(sampleBatch(10, 5));
    expect(await summary()).toMatchObject({ eventsToday: 15, asOf: '2026-01-05T09:14:00.000Z' });
  });
});
