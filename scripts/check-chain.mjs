#!/usr/bin/env node
// Checks a Watchdog hash chain without Watchdog: only Node and the sqlite3 shell.
//   sqlite3 -json audit.db "SELECT seq, event_id, ts, store_id, terminal_id, user_id, user_role,
//     session_id, action, category, resource_type, resource_id, status, error_details, level,
//     ip_address, user_agent, amount_minor, currency, details, received_at,
//     lower(hex(prev_hash)) AS prev_hash, lower(hex(hash)) AS hash FROM events ORDER BY seq" \
//   | node check-chain.mjs
import { createHash } from 'node:crypto';

const FIELDS = ['event_id', 'ts', 'store_id', 'terminal_id', 'user_id', 'user_role', 'session_id', 'action',
  'category', 'resource_type', 'resource_id', 'status', 'error_details', 'level', 'ip_address', 'user_agent',
  'amount_minor', 'currency', 'details'];
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
let input = '';
for await (const chunk of process.stdin) input += chunk;
const rows = input.trim() ? JSON.parse(input) : [];
let prev = '0'.repeat(64);
for (const [i, row] of rows.entries()) {
  const bad = (why) => { console.log(`INVALID at seq ${row.seq ?? i + 1}: ${why}`); process.exit(1); };
  if (row.seq !== i + 1) bad(`expected seq ${i + 1}`);
  if (row.prev_hash !== prev) bad('prev_hash does not match the previous event');
  const content = sha256(JSON.stringify(['wd2', ...FIELDS.map((f) => row[f])]));
  const hash = sha256(JSON.stringify(['wd2', row.seq, content, row.received_at, prev]));
  if (hash !== row.hash) bad('content does not match its hash');
  prev = hash;
}
console.log(`OK: ${rows.length} events, head ${prev}`);
