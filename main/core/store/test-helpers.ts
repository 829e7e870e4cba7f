import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 } from 'uuid';
import { EventInputSchema, type EventInput, type NormalizedEvent } from '../../../shared/events';

/** A fresh folder per test, removed by the returned cleanup. Real files: SQLite is never mocked. */
export function tempDir(prefix = 'watchdog-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const BASE = Date.UTC(2026, 0, 5, 9, 0, 0);

/** A valid POS event; `i` spreads them over time, users and actions so filters have something to find. */
export function sampleEvent(i: number, overrides: Partial<EventInput> = {}): EventInput {
  const ms = BASE + i * 60_000;
  const actions = ['pos.sale', 'pos.void', 'pos.refund', 'auth.login', 'cash.drawer_open'];
  return {
    event_id: v7({ msecs: ms, random: new Uint8Array(16).map((_, k) => (i * 31 + k * 7) & 0xff) }),
    ts: new Date(ms).toISOString(),
    store_id: i % 2 ? 'S002' : 'S001',
    terminal_id: `T0${i % 3}`,
    user_id: `u-${100 + (i % 4)}`,
    user_role: 'cashier',
    action: actions[i % actions.length] ?? 'pos.sale',
    status: i % 10 === 9 ? 'failure' : 'success',
    amount_minor: 100 + i,
    currency: 'USD',
    resource_type: 'receipt',
    resource_id: `R-${i}`,
    details: { items: [{ sku: 'SKU-1001', qty: 1 + (i % 3) }], note: i % 7 === 0 ? 'Manager override' : 'ok' },
    ...overrides,
  };
}

export function normalized(events: EventInput[]): NormalizedEvent[] {
  return events.map((e) => EventInputSchema.parse(e));
}

export function sampleBatch(from: number, count: number): NormalizedEvent[] {
  return normalized(Array.from({ length: count }, (_, k) => sampleEvent(from + k)));
}
