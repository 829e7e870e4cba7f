import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventInputSchema } from '../../../../shared/events';
import { AuditStore } from '../../store';
import { CANONICAL_VERSION } from '../../store/canonical';
import { sampleEvent, tempDir } from '../../store/test-helpers';
import { scanChunk } from './scan';

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
beforeAll(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'scan.db'));
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

// Any code point, control characters, quotes and backslashes, U+2028/9, astral characters.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '😀', '\b\f\n\r\t', '</script>'),
);

const JSON_ARRAY = `SELECT json_array('${CANONICAL_VERSION}', event_id, ts, store_id, terminal_id, user_id, user_role, session_id, action,
  category, resource_type, resource_id, status, error_details, level, ip_address, user_agent, amount_minor, currency, details) FROM events WHERE seq = ?`;

describe('the fast scan', () => {
  it("reads rows through SQLite's json_array exactly as the ingest workers hashed them", () => {
    let i = 0;
    const select = store.db.prepare(JSON_ARRAY).pluck();
    const details = store.db.prepare('SELECT details FROM events WHERE seq = ?').pluck();
    fc.assert(
      fc.property(text, text, text, text, fc.option(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 })), (user, resource, error, agent, amount) => {
        i += 1;
        const parsed = EventInputSchema.safeParse({
          ...sampleEvent(i),
          user_id: user || null,
          resource_id: resource || null,
          error_details: error || null,
          user_agent: agent || null,
          amount_minor: amount,
          currency: amount === null ? null : 'EUR',
          details: { note: user, nested: [error, { k: agent }] },
        });
        if (!parsed.success) return; // too long for a field: not this test's subject
        const e = parsed.data;
        const { lastSeq } = store.append([e]);
        expect(select.get(lastSeq)).toBe(
          JSON.stringify([
            CANONICAL_VERSION, e.event_id, e.ts, e.store_id, e.terminal_id, e.user_id, e.user_role, e.session_id, e.action, e.category,
            e.resource_type, e.resource_id, e.status, e.error_details, e.level, e.ip_address, e.user_agent, e.amount_minor, e.currency,
            details.get(lastSeq),
          ]),
        );
      }),
      { numRuns: 300 },
    );
    const head = store.log.chainHead.seq;
    expect(scanChunk(store.db, 1, head)).toMatchObject({ checked: head, problem: null });
  });

  it('refuses text with half a surrogate pair, which SQLite could not store as it was hashed', () => {
    const result = EventInputSchema.safeParse({ ...sampleEvent(1), user_id: 'ab\uD800c' });
    expect(result.success).toBe(false);
    expect(EventInputSchema.safeParse({ ...sampleEvent(1), user_id: 'ab😀c' }).success).toBe(true);
  });
});
