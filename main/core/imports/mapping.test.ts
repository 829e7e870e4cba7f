import { describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { DerivedIds, uuidFrom } from './event-id';
import { action, majorUnits, Refusal, timestamp } from './field-values';
import { guessMapping } from './guess-mapping';
import { RowMapper } from './map-row';
import { checkMapping, MappingSchema, type MappingInput } from './mapping';
import { parseMapping } from './parse-mapping';

const TILL_COLUMNS = ['Timestamp', 'Store', 'Register', 'Cashier', 'Type', 'Receipt', 'Amount', 'Currency', 'Items', 'Note'];
const mapping = (input: MappingInput) => MappingSchema.parse(input);
const TILL = mapping({
  fields: {
    ts: { column: 'Timestamp' }, store_id: { column: 'Store' }, terminal_id: { column: 'Register' }, user_id: { column: 'Cashier' },
    action: { column: 'Type' }, amount: { column: 'Amount' }, currency: { column: 'Currency' },
  },
  details: ['Note'],
});
const row = (n: number, data: Record<string, unknown>) => ({ row: n, data });

describe('guessMapping', () => {
  it('maps a till export by its column names and keeps the other columns as details', () => {
    expect(guessMapping(TILL_COLUMNS)).toEqual({
      version: 1,
      fields: {
        ts: { column: 'Timestamp' }, store_id: { column: 'Store' }, terminal_id: { column: 'Register' }, user_id: { column: 'Cashier' },
        action: { column: 'Type' }, resource_type: { value: 'receipt' }, resource_id: { column: 'Receipt' }, amount: { column: 'Amount' },
        currency: { column: 'Currency' },
      },
      details: ['Items', 'Note'],
      timeZone: 'UTC',
    });
  });

  it('prefers a column named as the field to a synonym, ignoring case and punctuation, and uses each column once', () => {
    const guessed = guessMapping(['Time', 'Event Time', 'Store ID', 'store', 'User', 'ACTION', 'Total']);
    expect(guessed.fields).toMatchObject({ ts: { column: 'Event Time' }, store_id: { column: 'Store ID' }, user_id: { column: 'User' }, action: { column: 'ACTION' }, amount: { column: 'Total' } });
    expect(guessed.details).toEqual(['Time', 'store']);
  });

  it('maps a details column only when its samples hold JSON objects', () => {
    expect(guessMapping(['ts', 'details'], [{ details: '{"a":1}' }, { details: '' }]).fields.details).toEqual({ column: 'details' });
    const text = guessMapping(['ts', 'details'], [{ details: 'left early' }]);
    expect(text.fields.details).toBeUndefined();
    expect(text.details).toEqual(['details']);
  });
});

describe('checking a mapping', () => {
  it('names unknown fields, unmapped required fields, a missing currency and columns the file lacks', () => {
    const problems = checkMapping(mapping({ fields: { when: { column: 'Timestamp' }, store_id: { value: '' }, amount: { column: 'Amt' } }, details: ['Nope'] }), TILL_COLUMNS);
    expect(problems).toEqual([
      { path: 'fields.when', message: expect.stringMatching(/^is not an event field \(the fields: event_id, ts, /) },
      { path: 'fields.amount.column', message: expect.stringMatching(/^"Amt" is not a column of this file \(its columns: Timestamp, Store/) },
      { path: 'fields.ts', message: 'is required: map it to a column or give it a constant value' },
      { path: 'fields.store_id', message: 'is required: map it to a column or give it a constant value' },
      { path: 'fields.action', message: 'is required: map it to a column or give it a constant value' },
      { path: 'fields.currency', message: expect.stringMatching(/^is required when an amount is mapped/) },
      { path: 'details.0', message: expect.stringMatching(/^"Nope" is not a column/) },
    ]);
  });

  it('refuses both amount forms, and accepts a mapping without event_id', () => {
    expect(checkMapping(mapping({ ...TILL, fields: { ...TILL.fields, amount_minor: { column: 'Cents' } } }))).toEqual([
      { path: 'fields.amount', message: expect.stringMatching(/^map either amount .* or amount_minor/) },
    ]);
    expect(checkMapping(TILL, TILL_COLUMNS)).toEqual([]);
  });

  it('parses a mapping file, filling defaults, and throws BAD_INPUT listing every problem', () => {
    expect(parseMapping({ fields: { ts: { column: 'T' }, store_id: { value: 'S001' }, action: { value: 'pos.sale' } } })).toEqual({
      version: 1, fields: { ts: { column: 'T' }, store_id: { value: 'S001' }, action: { value: 'pos.sale' } }, details: [], timeZone: 'UTC',
    });
    const refused = (json: unknown) => {
      try {
        parseMapping(json);
      } catch (error) {
        return error as AppError;
      }
      throw new Error('accepted');
    };
    const shape = refused({ fields: { ts: { col: 'T' } }, timeZone: 'Europe/Paris' });
    expect(shape).toBeInstanceOf(AppError);
    expect(shape.code).toBe('BAD_INPUT');
    expect(shape.fields?.map((f) => f.path)).toEqual(['fields.ts', 'timeZone']);
    expect(refused({ fields: { ts: { column: 'T' } } }).message).toMatch(/^The mapping cannot be used: fields.store_id: is required/);
  });
});

describe('cell values', () => {
  it('turns major units into minor units by the currency’s decimals, exactly', () => {
    expect(majorUnits('12.34', 'USD')).toBe(1234);
    expect(majorUnits('0.29', 'USD')).toBe(29);
    expect(majorUnits(' -5 ', 'USD')).toBe(-500);
    expect(majorUnits('1,234.50', 'USD')).toBe(123450);
    expect(majorUnits('$12.3', 'USD')).toBe(1230);
    expect(majorUnits(19.99, 'EUR')).toBe(1999);
    expect(majorUnits('500', 'JPY')).toBe(500);
    expect(majorUnits('1.234', 'KWD')).toBe(1234);
    expect(majorUnits('2.500', 'USD')).toBe(250);
    expect(majorUnits('', 'USD')).toBeUndefined();
    expect(majorUnits('5.5', 'JPY')).toEqual(new Refusal('has more decimals than JPY has (0)'));
    expect(majorUnits('12,34', 'EUR')).toEqual(new Refusal('is not an amount such as 12.34'));
  });

  it('reads ISO times and their spreadsheet forms, with the mapping’s offset when the cell has none', () => {
    expect(timestamp('2026-01-31 09:15:00', 'Z')).toBe('2026-01-31T09:15:00.000Z');
    expect(timestamp('2026-01-31 09:15', '+01:00')).toBe('2026-01-31T09:15:00+01:00');
    expect(timestamp('2026-01-31', 'Z')).toBe('2026-01-31T00:00:00.000Z');
    expect(timestamp('2026-01-31T09:15:00.5z', '+01:00')).toBe('2026-01-31T09:15:00.500Z');
    expect(timestamp('2026-01-31T09:15:00.123456Z', 'Z')).toBe('2026-01-31T09:15:00.123456Z');
    expect(timestamp('2026-01-31T09:15:00.123+0530', 'Z')).toBe('2026-01-31T09:15:00.123+05:30');
    expect(timestamp('1769850900', 'Z')).toBe('2026-01-31T09:15:00.000Z');
    expect(timestamp(1769850900123, 'Z')).toBe('2026-01-31T09:15:00.123Z');
    expect(timestamp('31/01/2026', 'Z')).toBe('31/01/2026'); // left for the schema to refuse
  });

  it('translates till wording into actions and leaves unknown words for the schema', () => {
    expect(['Sale', 'No Sale', 'Drawer Open', 'post-void', 'Login', 'pos.refund', 'Price Override', 'POS.Void'].map(action)).toEqual([
      'pos.sale', 'pos.no_sale', 'cash.drawer_open', 'pos.post_void', 'auth.login', 'pos.refund', 'pos.price_override', 'pos.void',
    ]);
    expect(action('Layaway')).toBe('Layaway');
    expect(action('  ')).toBeUndefined();
  });
});

describe('RowMapper', () => {
  it('builds a valid event from a row: values translated, details from columns, a derived UUIDv7-shaped id', () => {
    const mapper = new RowMapper(mapping({ ...TILL, fields: { ...TILL.fields, action: { column: 'Type', values: { 'Gift card': 'pos.sale' } } }, details: ['Note', '__proto__'] }));
    const data = JSON.parse('{"Timestamp":"2026-03-02 09:01:12","Store":"S001","Register":"R1","Cashier":"jm","Type":"GIFT CARD","Amount":"25","Currency":"usd","Note":"birthday","__proto__":{"polluted":1}}') as Record<string, unknown>;
    const result = mapper.map(row(2, data));
    expect(result).toMatchObject({ ok: true, event: { ts: '2026-03-02T09:01:12.000Z', action: 'pos.sale', category: 'pos', amount_minor: 2500, currency: 'USD', details: { Note: 'birthday' } } });
    const { details, event_id: id } = (result as { event: { event_id: string; details: Record<string, unknown> } }).event;
    // A column named __proto__ never becomes the object's prototype (the schema drops the key, as for any event).
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype);
    expect(Object.keys(details)).toEqual(['Note']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-03-02T09:01:12Z'));
  });

  it('gives every reason for a bad row, naming the field and the cell, once per field', () => {
    const result = new RowMapper(TILL).map(row(7, { Timestamp: '2026-02-30 10:00', Store: 'S001', Type: '', Amount: '1.2.3', Currency: 'USD' }));
    expect(result).toEqual({
      ok: false,
      row: 7,
      errors: [
        { row: 7, field: 'amount', reason: 'is not an amount such as 12.34 (column Amount: "1.2.3")' },
        { row: 7, field: 'action', reason: 'is required, but the cell is empty (column Type)' },
        { row: 7, field: 'ts', reason: 'Invalid ISO datetime (column Timestamp: "2026-02-30 10:00")' },
      ],
    });
    expect(new RowMapper(TILL).map({ row: 3, data: null, problem: 'is not valid JSON: oops' })).toEqual({ ok: false, row: 3, errors: [{ row: 3, field: '(row)', reason: 'is not valid JSON: oops' }] });
  });
});

describe('derived event ids', () => {
  const event = { ts: '2026-03-02T09:01:12.000Z', store_id: 'S001', action: 'pos.no_sale' };
  const normalized = (e: Record<string, unknown>) => new RowMapper(mapping({ fields: { ts: { column: 'ts' }, store_id: { column: 'store_id' }, action: { column: 'action' } } })).map(row(2, e));
  const idOf = (ids: DerivedIds, e: Record<string, unknown>) => ids.idFor((normalized(e) as { event: Parameters<DerivedIds['idFor']>[0] }).event);

  it('are the same for the same row in another import, and differ for identical rows of one file', () => {
    const [a, b] = [new DerivedIds(), new DerivedIds()];
    const first = [idOf(a, event), idOf(a, event), idOf(a, { ...event, store_id: 'S002' })];
    const again = [idOf(b, event), idOf(b, event), idOf(b, { ...event, store_id: 'S002' })];
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(3);
  });

  it('count an identical row as the same event again once it is further than the window from the last', () => {
    const ids = new DerivedIds(3);
    const other = (i: number) => ({ ...event, store_id: `S${i}` });
    const first = idOf(ids, event);
    const second = idOf(ids, event);
    [1, 2, 3].forEach((i) => idOf(ids, other(i)));
    expect(idOf(ids, event)).toBe(first);
    expect(second).not.toBe(first);
  });

  it('put the time in the first 48 bits, then version 7 and the RFC 9562 variant', () => {
    expect(uuidFrom(0x0123456789ab, 'f'.repeat(64))).toBe('01234567-89ab-7fff-bfff-ffffffffffff');
    expect(uuidFrom(-5, '0'.repeat(64))).toBe('00000000-0000-7000-8000-000000000000');
    // Byte 0's low nibble and byte 1, then byte 2's low six bits under the variant, byte 3, bytes 4–9.
    expect(uuidFrom(1, '0123456789abcdef0123456789abcdef')).toBe('00000000-0001-7123-8567-89abcdef0123');
  });
});
