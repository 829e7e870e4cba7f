import { describe, expect, it } from 'vitest';
import { EventInputSchema, MAX_BATCH } from '../../../shared/events';
import { SalesDaySchema, SkuSchema } from '../../../shared/sales';
import { estimateDemoEvents, generateDemo, type DemoOptions } from './index';
import { DEMO_END, collectDemo } from './testing';

const TWO_WEEKS: DemoOptions = { days: 14, stores: 2, seed: 1, end: DEMO_END };
const run = collectDemo(TWO_WEEKS);

/** The millisecond timestamp a UUIDv7 carries in its first 48 bits. */
function uuidMs(id: string): number {
  return parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}

describe('generateDemo: determinism', () => {
  it('gives byte-identical output for the same options', () => {
    expect(JSON.stringify(collectDemo(TWO_WEEKS).chunks)).toBe(JSON.stringify(run.chunks));
  });

  it('gives different output for a different seed', () => {
    const other = collectDemo({ ...TWO_WEEKS, seed: 2 });
    expect(JSON.stringify(other.sales)).not.toBe(JSON.stringify(run.sales));
    expect(other.events.map((e) => e.event_id)).not.toEqual(run.events.map((e) => e.event_id));
  });

  it('keeps a calendar day the same when the range grows', () => {
    const longer = collectDemo({ ...TWO_WEEKS, days: 21 });
    const lastDay = (events: typeof run.events) => events.filter((e) => String(e.ts).startsWith('2026-01-31'));
    const bySale = (events: typeof run.events) => lastDay(events).filter((e) => e.action === 'pos.sale');
    expect(JSON.stringify(bySale(longer.events))).toBe(JSON.stringify(bySale(run.events)));
  });
});

describe('generateDemo: shape', () => {
  it('produces only events that pass EventInputSchema', () => {
    const failures = run.events
      .map((event) => ({ event, result: EventInputSchema.safeParse(event) }))
      .filter(({ result }) => !result.success);
    expect(failures.slice(0, 3)).toEqual([]);
    expect(run.events.length).toBeGreaterThan(5_000);
  });

  it('streams the catalogue, then sales, then events, in chunks within the limits', () => {
    const kinds = run.chunks.map((c) => c.kind);
    expect(kinds[0]).toBe('catalog');
    expect(kinds.lastIndexOf('sales')).toBeLessThan(kinds.indexOf('events'));
    for (const chunk of run.chunks) {
      if (chunk.kind === 'events') expect(chunk.events.length).toBeLessThanOrEqual(MAX_BATCH);
      if (chunk.kind === 'sales') expect(chunk.rows.length).toBeLessThanOrEqual(5000);
    }
  });

  it('orders events by time across chunks and inside the requested range', () => {
    const times = run.events.map((e) => Date.parse(String(e.ts)));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
    expect(times[0]).toBeGreaterThanOrEqual(DEMO_END.getTime() - 14 * 86_400_000);
    expect(times.at(-1)).toBeLessThan(DEMO_END.getTime());
  });

  it('gives every event a unique UUIDv7 carrying its own timestamp', () => {
    const ids = new Set(run.events.map((e) => e.event_id));
    expect(ids.size).toBe(run.events.length);
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const bad = run.events.filter((e) => !v7.test(e.event_id) || uuidMs(e.event_id) !== Date.parse(String(e.ts)));
    expect(bad).toEqual([]);
  });

  it('writes timestamps as ISO-8601 UTC with milliseconds', () => {
    const bad = run.events.filter((e) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(String(e.ts)));
    expect(bad).toEqual([]);
  });

  it('produces a valid catalogue and sales rows', () => {
    expect(run.skus).toHaveLength(40);
    expect(run.skus.filter((sku) => !SkuSchema.safeParse(sku).success)).toEqual([]);
    expect(run.sales.filter((row) => !SalesDaySchema.safeParse(row).success)).toEqual([]);
    // salesDays defaults to max(days, 730).
    expect(run.sales).toHaveLength(730 * 2 * 40);
  });

  it('names terminals, addresses and agents consistently', () => {
    const problems: string[] = [];
    for (const e of run.events) {
      if (e.terminal_id == null) continue;
      const till = /^S(\d{3})-T(\d{2})$/.exec(e.terminal_id);
      const expected = till
        ? { ip: `10.1.${Number(till[1])}.${Number(till[2])}`, agent: 'WatchdogPOS/3.2.1' }
        : { ip: `10.1.${Number(e.store_id.slice(1))}.100`, agent: 'WatchdogBackOffice/3.2.1' };
      if (!till && e.terminal_id !== `${e.store_id}-BO`) problems.push(`unknown terminal ${e.terminal_id}`);
      if (!e.terminal_id.startsWith(e.store_id)) problems.push(`${e.terminal_id} in ${e.store_id}`);
      if (e.ip_address !== expected.ip || e.user_agent !== expected.agent) problems.push(`${e.terminal_id}: ${e.ip_address} ${e.user_agent}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('uses the documented users and roles', () => {
    const roles = new Map<string, string>();
    for (const e of run.events) if (e.user_id != null && e.user_role != null) roles.set(e.user_id, e.user_role);
    expect(roles.get('u-104')).toBe('cashier');
    expect(roles.get('u-151')).toBe('manager');
    expect(roles.get('u-152')).toBe('manager');
    expect(roles.get('u-190')).toBe('admin');
    for (const [user, role] of roles) {
      const slot = Number(user.slice(-2));
      expect(role, user).toBe(slot >= 90 ? 'admin' : slot >= 51 ? 'manager' : 'cashier');
    }
  });
});

describe('generateDemo: options', () => {
  it('rejects nonsense', () => {
    expect(() => generateDemo({ ...TWO_WEEKS, days: 0 }).next()).toThrow(RangeError);
    expect(() => generateDemo({ ...TWO_WEEKS, stores: 1.5 }).next()).toThrow(RangeError);
    expect(() => generateDemo({ ...TWO_WEEKS, end: new Date('nope') }).next()).toThrow(RangeError);
  });

  it('honours salesDays but never covers fewer days than the events', () => {
    expect(collectDemo({ ...TWO_WEEKS, days: 3, stores: 1, salesDays: 30 }).sales).toHaveLength(30 * 40);
    expect(collectDemo({ ...TWO_WEEKS, days: 3, stores: 1, salesDays: 1 }).sales).toHaveLength(3 * 40);
  });

  it('estimates the event count within 20 %', () => {
    const estimate = estimateDemoEvents(TWO_WEEKS);
    expect(Math.abs(estimate - run.events.length) / run.events.length).toBeLessThan(0.2);
  });
});
