import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvent } from '../store/test-helpers';
import type { TerminalKey } from './keys';
import { startTestApi, type TestApi } from './test-api';

let api: TestApi;
let till: TerminalKey;
beforeAll(async () => {
  api = await startTestApi({ perTerminal: { perSecond: 100_000, burst: 100_000 }, perAddress: { perSecond: 100_000, burst: 100_000 }, bodyLimit: 256 * 1024 });
  till = api.terminal('Fuzz till');
});
afterAll(async () => {
  await api.close();
});

const valid = (i: number) => ({ ...sampleEvent(i), terminal_id: undefined }) as Record<string, unknown>;

/** Known tricks: prototype pollution, deep nesting, huge numbers and strings, impossible dates, a BOM, nothing. */
const HOSTILE = [
  '{"__proto__":{"admin":true},"events":[]}',
  `{"events":[${JSON.stringify({ ...valid(1), constructor: { prototype: { polluted: 1 } } })}]}`,
  '['.repeat(50_000),
  `{"events":[${JSON.stringify({ ...valid(2), details: { deep: 0 } }).replace('"deep":0', `"deep":${'['.repeat(20_000)}${']'.repeat(20_000)}`)}]}`,
  `{"events":[${JSON.stringify({ ...valid(2), details: { deep: 0 } }).replace('"deep":0', `"deep":${'['.repeat(7_000)}${']'.repeat(7_000)}`)}]}`,
  `{"events":[${JSON.stringify({ ...valid(2), details: { deep: 0 } }).replace('"deep":0', `"deep":${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`)}]}`,
  `{"events":[${JSON.stringify({ ...valid(3), amount_minor: 1e300 })}]}`,
  `{"events":[${JSON.stringify({ ...valid(4), user_id: 'x'.repeat(100_000) })}]}`,
  `{"events":[${JSON.stringify({ ...valid(5), ts: '2026-13-45T99:99:99Z' })}]}`,
  '{"events":null}',
  '\uFEFF{"events":[]}',
  '',
];

/** Hostile and malformed bodies: any JSON, any bytes, valid batches with one field broken, and known tricks. */
const bodies = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 500 }),
  fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom('event_id', 'ts', 'action', 'status', 'amount_minor', 'details', 'level', 'store_id', 'user_id', 'currency'), fc.jsonValue({ maxDepth: 3 }))
    .map(([n, field, value]) => {
      const events = Array.from({ length: n + 1 }, (_, i) => valid(1_000_000 + i * 13 + n));
      (events[n] as Record<string, unknown>)[field] = value;
      return JSON.stringify({ events });
    }),
  fc.constantFrom(...HOSTILE),
);

/** One request, and what every answer must be: below 500; stored exactly when 200; else a reason and nothing stored. */
async function check(body: string | Buffer, statuses: Map<number, number>) {
  const before = api.core.store.events.summary().events;
  const { status, json } = await api.post(till, body);
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  expect(status).toBeLessThan(500);
  const after = api.core.store.events.summary().events;
  if (status === 200) {
    expect(after - before).toBe(json.accepted);
  } else {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(json).toMatchObject({ ok: false, error: { message: expect.any(String) } });
    expect((json.error as { message: string }).message.length).toBeGreaterThan(10);
    expect(after).toBe(before);
  }
  expect(({} as Record<string, unknown>).admin).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('the ingest API under fuzzing', () => {
  it('refuses each known trick with a 4xx and a reason', async () => {
    const statuses = new Map<number, number>();
    for (const body of HOSTILE) await check(body, statuses);
    expect([...statuses.keys()].every((s) => s === 400 || s === 413)).toBe(true);
  });

  it('answers every malformed, oversized, mistyped or hostile body with a 4xx and a reason, and never stores part of a batch', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(bodies, (body) => check(body, statuses)),
      { numRuns: 300, seed: 20261130 },
    );
    // Most bodies are bad; some generated batches are valid (a field set to an allowed value).
    expect([...statuses.keys()].every((s) => [200, 400, 413].includes(s))).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(100);
  });
});
