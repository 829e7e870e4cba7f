import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { chainHash } from '../store/canonical';
import { AuditStore } from '../store';
import { sampleBatch, tempDir } from '../store/test-helpers';
import { checkpointToJson } from './checkpoint-store';
import { checkpointText, fingerprintOf, newSigningKey, signCheckpoint, type Checkpoint } from './checkpoint';
import { checkProof, proveEvent, PROOF_FORMAT, type InclusionProofDoc, type ProofFailure } from './proofs';

const script = path.resolve(__dirname, '../../../scripts/verify-proof.mjs');

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
const key = newSigningKey();
/** Events covered by the latest checkpoint, and the head (a few events beyond it). */
let covered: number;
let head: number;

/** A deterministic stream in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const clone = (doc: InclusionProofDoc): InclusionProofDoc => JSON.parse(JSON.stringify(doc)) as InclusionProofDoc;
const flipHex = (h: string, at = 0): string => h.slice(0, at) + (h[at] === '0' ? '1' : '0') + h.slice(at + 1);

beforeAll(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'proofs.db'), { signer: { key, store: 'S001' } });
  store.log.setCheckpointEvery(100);
  // Batches of uneven sizes, so interval checkpoints land on sizes that are not multiples of 100.
  const sizes = [37, 150, 3, 260, 91, 1, 412, 64, 99, 140];
  let from = 0;
  for (const n of sizes) {
    store.append(sampleBatch(from, n));
    from += n;
  }
  covered = store.log.checkpoint('demand')?.treeSize ?? 0;
  store.append(sampleBatch(from, 5)); // 1,258 → 1,263: crosses no multiple of 100
  head = store.log.chainHead.seq;
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('proveEvent / checkProof', () => {
  it('proves random events against the latest checkpoint that covers them', () => {
    expect(store.log.checkpoints.list().length).toBeGreaterThanOrEqual(8);
    expect(covered).toBe(1258); // 1 key event + 1,257 events
    expect(head).toBe(covered + 5);
    const next = random(7);
    const seqs = [1, 2, 255, 256, 257, covered, ...Array.from({ length: 300 }, () => 1 + Math.floor(next() * covered))];
    let ms = 0;
    for (const [i, seq] of seqs.entries()) {
      const eventId = store.db.prepare('SELECT event_id FROM events WHERE seq = ?').pluck().get(seq) as string;
      const started = performance.now();
      const doc = proveEvent(store.db, i % 2 ? { seq } : { eventId });
      ms += performance.now() - started;
      expect(doc.format).toBe(PROOF_FORMAT);
      expect(doc.event.seq).toBe(seq);
      expect(doc.event.event_id).toBe(eventId);
      expect(doc.leafIndex).toBe(seq - 1);
      expect(doc.treeSize).toBe(covered);
      expect(doc.checkpoint.treeSize).toBe(covered);
      expect(doc.publicKey).toBe(key.publicKey.toString('hex'));
      expect(checkProof(doc)).toEqual({ ok: true, message: `event ${eventId} (#${seq}) is included in checkpoint ${covered} signed by ${key.fingerprint.slice(0, 16)}…` });
      expect(checkProof(doc, { trustedKeys: [key.fingerprint] }).ok).toBe(true);
    }
    console.log(`proveEvent at ${covered.toLocaleString('en-US')} events: ${(ms / seqs.length).toFixed(3)} ms per proof (mean of ${seqs.length}; test/bench/proof-bench.ts measures 1M)`);
  });

  it('carries every chained column of the row, hashes as hex, details as the stored text', () => {
    const doc = proveEvent(store.db, { seq: 40 });
    const row = store.db.prepare('SELECT * FROM events WHERE seq = 40').get() as Record<string, unknown>;
    const { ts_ms: _tsMs, prev_hash, hash, ...fields } = row;
    expect(doc.event).toEqual({ ...fields, prev_hash: (prev_hash as Buffer).toString('hex'), hash: (hash as Buffer).toString('hex') });
    expect(Object.keys(doc.event)).toEqual(Object.keys(row).filter((k) => k !== 'ts_ms'));
    expect(typeof doc.event.details).toBe('string');
    expect(doc.proof.length).toBeGreaterThan(0);
    expect(doc.proof.every((p) => /^[0-9a-f]{64}$/.test(p))).toBe(true);
  });

  it('refuses events newer than the latest checkpoint, unknown events and empty references', () => {
    const newer = () => proveEvent(store.db, { seq: head });
    expect(newer).toThrow(AppError);
    expect(newer).toThrow(/newer than the latest checkpoint.*every 100 events, or on demand/);
    expect(() => proveEvent(store.db, { eventId: 'no-such-event' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => proveEvent(store.db, { seq: head + 1 })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => proveEvent(store.db, {})).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => proveEvent(store.db, { seq: 0 })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    const id = store.db.prepare('SELECT event_id FROM events WHERE seq = 10').pluck().get() as string;
    expect(() => proveEvent(store.db, { eventId: id, seq: 11 })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(proveEvent(store.db, { eventId: id, seq: 10 }).event.seq).toBe(10);
  });

  describe('refuses every tampering with the right reason', () => {
    let good: InclusionProofDoc;
    const other = newSigningKey();
    /** A checkpoint over the same tree, re-signed by someone else's key that the document then carries. */
    const resigned = (doc: InclusionProofDoc): InclusionProofDoc => {
      const d = clone(doc);
      const fields = { origin: d.checkpoint.origin, treeSize: d.checkpoint.treeSize, rootHash: Buffer.from(d.checkpoint.rootHash, 'hex'), time: d.checkpoint.time };
      d.checkpoint = checkpointToJson(signCheckpoint(fields, other));
      d.publicKey = other.publicKey.toString('hex');
      return d;
    };
    const cases: [string, (d: InclusionProofDoc) => void, ProofFailure][] = [
      ['an edited amount', (d) => void (d.event.amount_minor = (d.event.amount_minor ?? 0) + 1), 'content_mismatch'],
      ['an edited user', (d) => void (d.event.user_id = 'u-999'), 'content_mismatch'],
      ['an edited time', (d) => void (d.event.ts = '2026-01-05T09:00:00.001Z'), 'content_mismatch'],
      ['an edited receipt time', (d) => void (d.event.received_at = '2020-01-01T00:00:00.000Z'), 'content_mismatch'],
      ['an edited seq', (d) => void (d.event.seq += 1), 'content_mismatch'],
      ['an edited prev_hash', (d) => void (d.event.prev_hash = flipHex(d.event.prev_hash)), 'content_mismatch'],
      ['edited details', (d) => void (d.event.details = d.event.details.replace('"ok"', '"OK"').replace('override', 'Override')), 'content_mismatch'],
      ['details re-serialised with a space', (d) => void (d.event.details = d.event.details.replace(':', ': ')), 'content_mismatch'],
      ['an edited hash', (d) => void (d.event.hash = flipHex(d.event.hash, 63)), 'content_mismatch'],
      [
        'an edited event whose hash was recomputed',
        (d) => {
          d.event.amount_minor = 1;
          d.event.hash = chainHash(d.event, Buffer.from(d.event.prev_hash, 'hex')).toString('hex');
        },
        'not_included',
      ],
      ['a wrong leafIndex', (d) => void (d.leafIndex += 1), 'not_included'],
      ['a wrong treeSize', (d) => void (d.treeSize -= 1), 'not_included'],
      ['a leafIndex beyond the tree', (d) => void (d.leafIndex = d.treeSize), 'not_included'],
      ['a flipped proof element', (d) => void (d.proof[2] = flipHex(d.proof[2] as string, 10)), 'not_included'],
      ['a flipped last proof element', (d) => void (d.proof[d.proof.length - 1] = flipHex(d.proof[d.proof.length - 1] as string, 63)), 'not_included'],
      ['an added proof element', (d) => void d.proof.push('00'.repeat(32)), 'not_included'],
      ['an element added in front', (d) => void d.proof.unshift(d.proof[0] as string), 'not_included'],
      ['a removed proof element', (d) => void d.proof.pop(), 'not_included'],
      ['two proof elements swapped', (d) => void ([d.proof[0], d.proof[1]] = [d.proof[1] as string, d.proof[0] as string]), 'not_included'],
      ['a different checkpoint root', (d) => void (d.checkpoint.rootHash = flipHex(d.checkpoint.rootHash, 5)), 'not_included'],
      ['a flipped signature bit', (d) => void (d.checkpoint.signature = flipSignature(d.checkpoint.signature)), 'bad_signature'],
      ['a truncated signature', (d) => void (d.checkpoint.signature = Buffer.from(d.checkpoint.signature, 'base64').subarray(0, 40).toString('base64')), 'bad_signature'],
      ['an edited checkpoint time', (d) => void (d.checkpoint.time = '2020-01-01T00:00:00.000Z'), 'bad_signature'],
      ['an edited origin', (d) => void (d.checkpoint.origin = 'watchdog/S002/elsewhere'), 'bad_signature'],
      ['another public key', (d) => void (d.publicKey = other.publicKey.toString('hex')), 'bad_signature'],
      [
        'a forged signature by another key, under the real fingerprint',
        (d) => Object.assign(d, { checkpoint: { ...resigned(d).checkpoint, keyFingerprint: key.fingerprint } }),
        'bad_signature',
      ],
      ['another genuine checkpoint', (d) => void (d.checkpoint = olderCheckpoint()), 'not_included'],
      [
        'another genuine checkpoint, with the tree size made to match',
        (d) => {
          d.checkpoint = olderCheckpoint();
          d.treeSize = d.checkpoint.treeSize;
        },
        'not_included',
      ],
    ];

    /** A signed checkpoint of the same log that covers the event, older than the one the proof is for. */
    const olderCheckpoint = () => checkpointToJson(store.log.checkpoints.list().find((c) => c.treeSize >= 777 && c.treeSize < covered) as Checkpoint);

    beforeAll(() => {
      good = proveEvent(store.db, { seq: 777 });
    });

    it.each(cases)('%s', (_name, tamper, reason) => {
      const doc = clone(good);
      tamper(doc);
      const result = checkProof(doc);
      expect(result).toMatchObject({ ok: false, reason });
      expect(result.message.length).toBeGreaterThan(10);
      expect(checkProof(good).ok).toBe(true); // the original is untouched
    });

    it('a checkpoint re-signed by another key passes only without trusted keys', () => {
      const forged = resigned(good);
      expect(checkProof(forged).ok).toBe(true); // consistent, signed by the key it names: who holds it is the reader's question
      expect(checkProof(forged, { trustedKeys: [key.fingerprint] })).toMatchObject({ ok: false, reason: 'untrusted_key' });
      expect(checkProof(forged, { trustedKeys: [key.fingerprint, other.fingerprint] }).ok).toBe(true);
    });

    it('holds the signing key to the trusted fingerprints', () => {
      expect(checkProof(good, { trustedKeys: [other.fingerprint] })).toMatchObject({ ok: false, reason: 'untrusted_key' });
      expect(checkProof(good, { trustedKeys: [] })).toMatchObject({ ok: false, reason: 'untrusted_key' });
      expect(checkProof(good, { trustedKeys: [key.fingerprint.slice(0, 16)] })).toMatchObject({ ok: false, reason: 'untrusted_key' });
      expect(checkProof(good, { trustedKeys: [other.fingerprint, ` ${key.fingerprint.toUpperCase()} `] }).ok).toBe(true);
    });

    it('calls anything that is not a proof document bad_format, and never throws', () => {
      const malformed: unknown[] = [
        null, undefined, 42, 'proof', [], {}, { ...good, format: 'watchdog-inclusion-proof/2' },
        { ...good, event: null }, { ...good, event: { ...good.event, note: 'not hashed' } },
        { ...good, event: { ...good.event, ts_ms: 1 } }, { ...good, event: { ...good.event, event_id: undefined } },
        { ...good, event: { ...good.event, details: { items: [] } } }, { ...good, event: { ...good.event, amount_minor: 1.5 } },
        { ...good, event: { ...good.event, amount_minor: '101' } }, { ...good, event: { ...good.event, user_id: 7 } },
        { ...good, event: { ...good.event, seq: 0 } }, { ...good, event: { ...good.event, seq: '777' } },
        { ...good, event: { ...good.event, hash: good.event.hash.toUpperCase() } }, { ...good, event: { ...good.event, prev_hash: 'ab' } },
        { ...good, leafIndex: -1 }, { ...good, leafIndex: 1.5 }, { ...good, treeSize: '1258' },
        { ...good, proof: 'abc' }, { ...good, proof: ['zz'] }, { ...good, proof: [...good.proof, 42] },
        { ...good, proof: Array.from({ length: 65 }, () => '00'.repeat(32)) },
        { ...good, publicKey: good.publicKey.slice(2) }, { ...good, publicKey: undefined },
        { ...good, checkpoint: undefined }, { ...good, checkpoint: { ...good.checkpoint, rootHash: 'x' } },
        { ...good, checkpoint: { ...good.checkpoint, origin: 'two\nlines' } }, { ...good, checkpoint: { ...good.checkpoint, signature: '!!!' } },
        { ...good, checkpoint: { ...good.checkpoint, treeSize: -1 } }, { ...good, checkpoint: { ...good.checkpoint, keyFingerprint: 7 } },
      ];
      for (const doc of malformed) {
        const result = checkProof(doc, { trustedKeys: [key.fingerprint] });
        expect(result, JSON.stringify(doc)?.slice(0, 120)).toMatchObject({ ok: false, reason: 'bad_format' });
      }
      // Objects that throw when read are refused the same way.
      const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
      expect(checkProof(hostile)).toMatchObject({ ok: false, reason: 'bad_format' });
      expect(checkProof(good, { trustedKeys: [null as unknown as string] })).toMatchObject({ ok: false, reason: 'untrusted_key' });
    });

    it('scripts/verify-proof.mjs (Node alone) agrees with checkProof on the good proof and on every tampered copy', () => {
      const dir = fs.mkdtempSync(path.join(tmp.dir, 'script-'));
      const run = (doc: unknown, ...trusted: string[]) => {
        const file = path.join(dir, 'proof.json');
        fs.writeFileSync(file, JSON.stringify(doc, null, 2));
        const result = spawnSync(process.execPath, [script, file, ...trusted], { encoding: 'utf8' });
        return { code: result.status, out: result.stdout.trim(), err: result.stderr };
      };
      const ok = run(good);
      expect(ok.err).toBe('');
      expect(ok).toMatchObject({ code: 0, out: `VALID: ${(checkProof(good) as { message: string }).message}` });
      expect(run(good, key.fingerprint).code).toBe(0);
      expect(run(good, other.fingerprint)).toMatchObject({ code: 1, out: expect.stringMatching(/^INVALID \(untrusted_key\): /) });
      expect(run(resigned(good))).toMatchObject({ code: 0 });
      expect(run(resigned(good), key.fingerprint)).toMatchObject({ code: 1, out: expect.stringMatching(/^INVALID \(untrusted_key\)/) });
      // One process per document, so a representative dozen of the cases above (each reason, each kind of tampering).
      const sample = new Set([
        'an edited amount', 'edited details', 'an edited event whose hash was recomputed', 'a wrong leafIndex', 'a flipped proof element',
        'an added proof element', 'a removed proof element', 'a different checkpoint root', 'another genuine checkpoint, with the tree size made to match',
        'a flipped signature bit', 'another public key', 'a forged signature by another key, under the real fingerprint',
      ]);
      expect(cases.filter(([n]) => sample.has(n))).toHaveLength(sample.size);
      for (const [name, tamper, reason] of cases.filter(([n]) => sample.has(n))) {
        const doc = clone(good);
        tamper(doc);
        expect(run(doc), name).toMatchObject({ code: 1, out: expect.stringMatching(new RegExp(`^INVALID \\(${reason}\\): `)), err: '' });
      }
      for (const doc of [{ ...good, event: { ...good.event, note: 'x' } }, { ...good, event: { ...good.event, amount_minor: '101' } }]) {
        expect(run(doc)).toMatchObject({ code: 1, out: expect.stringMatching(/^INVALID \(bad_format\): /) });
      }
      fs.writeFileSync(path.join(dir, 'junk.json'), 'not json');
      const junk = spawnSync(process.execPath, [script, path.join(dir, 'junk.json')], { encoding: 'utf8' });
      expect(junk.status).toBe(1);
      expect(junk.stdout).toMatch(/^INVALID \(bad_format\)/);
    }, 90_000);
  });

  it('follows key rotation: the proof carries the key that signed its checkpoint', () => {
    const dir = tempDir();
    const first = newSigningKey();
    const second = newSigningKey();
    const s = AuditStore.open(path.join(dir.dir, 'rotate.db'), { signer: { key: first } });
    try {
      s.log.setCheckpointEvery(100);
      s.append(sampleBatch(0, 150));
      s.rotateKey(second); // a key event, then a checkpoint by the outgoing key that covers it
      const vouched = proveEvent(s.db, { seq: 10 });
      expect(vouched.checkpoint.keyFingerprint).toBe(first.fingerprint);
      expect(vouched.publicKey).toBe(first.publicKey.toString('hex'));
      s.append(sampleBatch(150, 100)); // crosses 200: an interval checkpoint by the new key
      const later = proveEvent(s.db, { seq: 10 });
      expect(later.checkpoint.keyFingerprint).toBe(second.fingerprint);
      expect(later.publicKey).toBe(second.publicKey.toString('hex'));
      expect(fingerprintOf(Buffer.from(later.publicKey, 'hex'))).toBe(second.fingerprint);
      expect(checkProof(later, { trustedKeys: [second.fingerprint] }).ok).toBe(true);
      expect(checkProof(later, { trustedKeys: [first.fingerprint] })).toMatchObject({ ok: false, reason: 'untrusted_key' });
      expect(checkProof(vouched, { trustedKeys: [first.fingerprint, second.fingerprint] }).ok).toBe(true);
    } finally {
      s.close();
      dir.cleanup();
    }
  });

  it('will not hand out a proof from a database that disagrees with its checkpoint', () => {
    const dir = tempDir();
    const file = path.join(dir.dir, 'tampered.db');
    const s = AuditStore.open(file, { signer: { key: newSigningKey() } });
    try {
      s.log.setCheckpointEvery(100);
      s.append(sampleBatch(0, 300));
      expect(proveEvent(s.db, { seq: 120 }).treeSize).toBe(301);
      s.db.exec("DROP TRIGGER events_append_only_update; UPDATE events SET amount_minor = 1 WHERE seq = 120;");
      expect(() => proveEvent(s.db, { seq: 120 })).toThrow(/does not agree with its own checkpoint 301 \(content_mismatch/);
      // Rewriting the hash as well moves the leaf off the signed tree.
      const row = s.db.prepare('SELECT * FROM events WHERE seq = 120').get() as Parameters<typeof chainHash>[0] & { prev_hash: Buffer };
      s.db.prepare('UPDATE events SET hash = ? WHERE seq = 120').run(chainHash(row, row.prev_hash));
      expect(() => proveEvent(s.db, { seq: 120 })).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', message: expect.stringMatching(/not_included/) }));
    } finally {
      s.close();
      dir.cleanup();
    }
  });

  it('signs exactly the documented checkpoint text', () => {
    const doc = proveEvent(store.db, { seq: 5 });
    const c = doc.checkpoint;
    expect(checkpointText({ ...c, rootHash: Buffer.from(c.rootHash, 'hex') })).toBe(
      `${c.origin}\n${c.treeSize}\n${Buffer.from(c.rootHash, 'hex').toString('base64')}\ntime ${c.time}\n`,
    );
    expect(c.origin).toMatch(/^watchdog\/S001\//);
  });
});

function flipSignature(b64: string): string {
  const sig = Buffer.from(b64, 'base64');
  sig[10] = (sig[10] as number) ^ 1;
  return sig.toString('base64');
}
