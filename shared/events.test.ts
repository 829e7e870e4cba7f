import { describe, expect, it } from 'vitest';
import { EventInputSchema, MAX_DETAILS_BYTES } from './events';

const minimal = {
  event_id: '0190f3a0-0000-7000-8000-000000000001',
  ts: '2026-01-31T09:15:00.000Z',
  store_id: 'S001',
  action: 'pos.refund',
};

function issues(input: unknown): { path: string; message: string }[] {
  const result = EventInputSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('EventInputSchema', () => {
  it('fills every optional field: absent and null both become null, status and level get defaults', () => {
    const event = EventInputSchema.parse(minimal);
    expect(event).toEqual({
      ...minimal,
      terminal_id: null,
      user_id: null,
      user_role: null,
      session_id: null,
      category: 'pos',
      resource_type: null,
      resource_id: null,
      status: 'success',
      error_details: null,
      level: 'INFO',
      ip_address: null,
      user_agent: null,
      amount_minor: null,
      currency: null,
      details: {},
    });
    expect(EventInputSchema.parse({ ...minimal, user_id: null, ip_address: null, details: { a: 1 } })).toMatchObject({
      user_id: null,
      ip_address: null,
      details: { a: 1 },
    });
  });

  it('derives the category from the action unless one is given', () => {
    expect(EventInputSchema.parse({ ...minimal, action: 'auth.login' }).category).toBe('authentication');
    expect(EventInputSchema.parse({ ...minimal, action: 'shelf.scan' }).category).toBe('process');
    expect(EventInputSchema.parse({ ...minimal, category: 'custom_thing' }).category).toBe('custom_thing');
  });

  it('normalises any ISO instant with an offset to UTC with milliseconds, and keeps one already so', () => {
    expect(EventInputSchema.parse({ ...minimal, ts: '2026-01-31T10:15:00+01:00' }).ts).toBe('2026-01-31T09:15:00.000Z');
    expect(EventInputSchema.parse({ ...minimal, ts: '2026-01-31T09:15:00Z' }).ts).toBe('2026-01-31T09:15:00.000Z');
    expect(EventInputSchema.parse({ ...minimal, ts: '2024-02-29T23:59:59.999Z' }).ts).toBe('2024-02-29T23:59:59.999Z');
    for (const ts of ['2026-02-29T09:15:00.000Z', '2026-13-01T09:15:00.000Z', '2026-01-31T24:00:00.000Z', '2026-01-31 09:15', 'yesterday']) {
      expect(issues({ ...minimal, ts }), ts).toEqual([expect.objectContaining({ path: 'ts' })]);
    }
  });

  it('requires a currency with an amount, naming the currency field', () => {
    expect(issues({ ...minimal, amount_minor: 1250 })).toEqual([{ path: 'currency', message: 'is required when amount_minor is set' }]);
    expect(EventInputSchema.parse({ ...minimal, amount_minor: 1250, currency: 'EUR' })).toMatchObject({ amount_minor: 1250, currency: 'EUR' });
  });

  it('refuses unknown fields, wrong types, bad formats and oversized details, each by name', () => {
    expect(issues({ ...minimal, colour: 'red' })).toEqual([expect.objectContaining({ path: '' })]);
    expect(issues({ ...minimal, amount_minor: 12.5, currency: 'USD' })).toEqual([expect.objectContaining({ path: 'amount_minor' })]);
    expect(issues({ ...minimal, user_id: 104 })).toEqual([expect.objectContaining({ path: 'user_id' })]);
    expect(issues({ ...minimal, user_id: '' })).toEqual([expect.objectContaining({ path: 'user_id' })]);
    expect(issues({ ...minimal, ip_address: '10.0.0.256' })).toEqual([expect.objectContaining({ path: 'ip_address' })]);
    expect(EventInputSchema.parse({ ...minimal, ip_address: '2001:db8::1' }).ip_address).toBe('2001:db8::1');
    expect(issues({ ...minimal, currency: 'usd' })).toEqual([expect.objectContaining({ path: 'currency' })]);
    expect(issues({ ...minimal, action: 'Refund' })).toEqual([expect.objectContaining({ path: 'action' })]);
    expect(issues({ ...minimal, event_id: 'not-a-uuid' })).toEqual([expect.objectContaining({ path: 'event_id' })]);
    expect(issues({ ...minimal, details: { blob: 'x'.repeat(MAX_DETAILS_BYTES) } })).toEqual([
      { path: 'details', message: `is larger than ${MAX_DETAILS_BYTES} bytes` },
    ]);
  });
});
