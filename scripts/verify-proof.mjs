#!/usr/bin/env node
// Checks a Watchdog inclusion proof (`watchdog prove`) without Watchdog: Node alone, no database.
//   node verify-proof.mjs proof.json [trusted key fingerprint ...]
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const FIELDS = ['event_id', 'ts', 'store_id', 'terminal_id', 'user_id', 'user_role', 'session_id', 'action',
  'category', 'resource_type', 'resource_id', 'status', 'error_details', 'level', 'ip_address', 'user_agent',
  'amount_minor', 'currency', 'details'];
const sha256 = (data) => createHash('sha256').update(data).digest();
const hex = (s) => { if (!/^[0-9a-f]{64}$/.test(s)) throw new Error('not a hash'); return Buffer.from(s, 'hex'); };
const fail = (reason, why) => { console.log(`INVALID (${reason}): ${why}`); process.exit(1); };
const [file, ...trusted] = process.argv.slice(2);
let d, e, c, path, root, key;
try {
  d = JSON.parse(readFileSync(file, 'utf8')); e = d.event; c = d.checkpoint;
  if (d.format !== 'watchdog-inclusion-proof/1' || Object.keys(e).sort().join() !== [...FIELDS, 'seq', 'received_at', 'prev_hash', 'hash'].sort().join()) throw new Error('unknown format');
  if (!FIELDS.every((f) => e[f] === null || (f === 'amount_minor' ? Number.isSafeInteger(e[f]) : typeof e[f] === 'string')) || typeof e.received_at !== 'string') throw new Error('bad field types');
  if (!Number.isSafeInteger(e.seq) || e.seq < 1 || !Number.isSafeInteger(d.leafIndex) || d.leafIndex < 0 || !Number.isSafeInteger(c.treeSize) || c.treeSize < 0 || !Array.isArray(d.proof) || d.proof.length > 64) throw new Error('bad numbers');
  path = d.proof.map(hex); root = hex(c.rootHash); key = hex(d.publicKey); hex(e.prev_hash); hex(e.hash); hex(c.keyFingerprint);
} catch (err) { fail('bad_format', `not a Watchdog inclusion proof (${err.message})`); }
const content = sha256(JSON.stringify(['wd2', ...FIELDS.map((f) => e[f])])).toString('hex');
if (sha256(JSON.stringify(['wd2', e.seq, content, e.received_at, e.prev_hash])).toString('hex') !== e.hash) fail('content_mismatch', 'the event fields do not hash to its hash');
if (d.leafIndex !== e.seq - 1 || d.treeSize !== c.treeSize || d.leafIndex >= d.treeSize) fail('not_included', 'the leaf index or tree size is wrong');
let r = sha256(Buffer.concat([Buffer.of(0), hex(e.hash)])), fn = d.leafIndex, sn = d.treeSize - 1; // RFC 9162 2.1.3.2
for (const p of path) {
  if (sn === 0) fail('not_included', 'the audit path is too long');
  if (fn % 2 === 1 || fn === sn) { r = sha256(Buffer.concat([Buffer.of(1), p, r])); while (fn % 2 === 0 && fn !== 0) { fn /= 2; sn = Math.floor(sn / 2); } }
  else r = sha256(Buffer.concat([Buffer.of(1), r, p]));
  fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
}
if (sn !== 0 || !r.equals(root)) fail('not_included', 'the audit path does not lead to the checkpoint root');
const fp = sha256(key).toString('hex'), text = `${c.origin}\n${c.treeSize}\n${root.toString('base64')}\ntime ${c.time}\n`;
const spki = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key]), format: 'der', type: 'spki' });
let signed = false; try { signed = verify(null, Buffer.from(text, 'utf8'), spki, Buffer.from(c.signature, 'base64')); } catch { /* bad signature */ }
if (fp !== c.keyFingerprint || !signed) fail('bad_signature', 'the checkpoint signature does not verify with the enclosed key');
if (trusted.length && !trusted.some((t) => t.toLowerCase() === fp)) fail('untrusted_key', `signed by ${fp}, not a trusted key`);
console.log(`VALID: event ${e.event_id} (#${e.seq}) is included in checkpoint ${c.treeSize} signed by ${fp.slice(0, 16)}…`);
