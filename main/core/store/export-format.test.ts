import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../shared/events';
import { csvCell, EXPORT_COLUMNS, toCsv, toJsonLines } from './export-format';

const event = (over: Partial<StoredEvent> = {}): StoredEvent =>
  ({
    seq: 7, event_id: '0190a0b0-0000-7000-8000-000000000007', ts: '2026-01-05T09:00:00.000Z', store_id: 'S001', terminal_id: 'T1',
    user_id: 'u-104', user_role: 'cashier', session_id: null, action: 'pos.refund', category: 'pos', resource_type: 'receipt',
    resource_id: 'R-1', status: 'success', error_details: null, level: 'INFO', ip_address: null, user_agent: null, amount_minor: -1250,
    currency: 'USD', details: { reason: 'damaged, "as new"' }, received_at: '2026-01-05T09:00:01.000Z', prev_hash: 'a'.repeat(64), hash: 'b'.repeat(64),
    ...over,
  }) as StoredEvent;

describe('CSV export', () => {
  it('quotes what RFC 4180 needs quoted, and keeps numbers and empty values plain', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-1250)).toBe('-1250');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('defuses text a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(csvCell(text).replace(/^"/, '').startsWith(`'${text[0]}`)).toBe(true);
    }
  });

  it('writes a header of every column and one CRLF line per event, in the vocabulary order', () => {
    const csv = toCsv([event(), event({ seq: 8, resource_id: '=cmd|calc' })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines[1]).toContain(',pos.refund,pos,receipt,R-1,success,,INFO,,,-1250,USD,"{""reason"":""damaged, \\""as new\\""""}",');
    expect(lines[2]).toContain(",'=cmd|calc,");
    expect(lines).toHaveLength(4); // header, two events, and the final line break
  });

  it('writes JSON Lines: one event per line, parseable back', () => {
    const text = toJsonLines([event(), event({ seq: 8 })]);
    expect(text.trimEnd().split('\n').map((l) => (JSON.parse(l) as StoredEvent).seq)).toEqual([7, 8]);
    expect(toJsonLines([])).toBe('');
  });
});
