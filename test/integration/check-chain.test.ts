import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../../main/core/store';
import { sampleBatch, tempDir } from '../../main/core/store/test-helpers';

/** docs/verification.md's standalone checker must agree with the store, on good and tampered logs. */
const script = path.resolve(__dirname, '../../scripts/check-chain.mjs');
const SELECT = `SELECT seq, event_id, ts, store_id, terminal_id, user_id, user_role, session_id, action, category,
  resource_type, resource_id, status, error_details, level, ip_address, user_agent, amount_minor, currency, details,
  received_at, lower(hex(prev_hash)) AS prev_hash, lower(hex(hash)) AS hash FROM events ORDER BY seq`;

let tmp: ReturnType<typeof tempDir>;
let file: string;
let head: string;
beforeAll(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'c.db');
  const store = AuditStore.open(file);
  store.append(sampleBatch(0, 300));
  head = store.log.chainHead.hash.toString('hex');
  store.close();
});
afterAll(() => tmp.cleanup());

const check = () => {
  const json = execFileSync('sqlite3', ['-json', file, SELECT], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return spawnSync(process.execPath, [script], { input: json, encoding: 'utf8' });
};

describe('standalone chain checker (docs/verification.md)', () => {
  it('reaches the same head as the store', () => {
    const result = check();
    expect(result.stdout.trim()).toBe(`OK: 300 events, head ${head}`);
    expect(result.status).toBe(0);
  });

  it('names the seq whose amount was edited', () => {
    execFileSync('sqlite3', [file, 'DROP TRIGGER events_append_only_update; UPDATE events SET amount_minor = 1 WHERE seq = 123;']);
    const result = check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/INVALID at seq 123: content does not match its hash/);
  });
});
