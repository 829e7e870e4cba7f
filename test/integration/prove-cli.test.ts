import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSigningKey } from '../../main/core/integrity/checkpoint';
import type { InclusionProofDoc } from '../../main/core/integrity/proofs';
import { AuditStore } from '../../main/core/store';
import { sampleBatch, tempDir } from '../../main/core/store/test-helpers';
import { databaseKeyFrom, newRecoveryKey } from '../../main/core/vault/recovery-key';

/** `watchdog prove` and `watchdog verify-proof`, run as a user would (build first: node scripts/build.mjs). */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const script = path.join(root, 'scripts', 'verify-proof.mjs');
const runWith = (env: Record<string, string>, ...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, WATCHDOG_DB: '', WATCHDOG_RECOVERY_KEY: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
const run = (...args: string[]) => runWith({}, ...args);

let tmp: ReturnType<typeof tempDir>;
let plainDb: string;
let encryptedDb: string;
const key = newSigningKey();
const recoveryKey = newRecoveryKey();
let eventId: string;
/** Covered by the latest checkpoint, and the head beyond it. */
let covered: number;
let head: number;

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: node scripts/build.mjs');
  tmp = tempDir();
  plainDb = path.join(tmp.dir, 'plain.db');
  const store = AuditStore.open(plainDb, { signer: { key, store: 'S001' } });
  store.log.setCheckpointEvery(100);
  store.append(sampleBatch(0, 250));
  store.append(sampleBatch(250, 120)); // checkpoints at 251 and 371
  covered = store.log.checkpoints.latest()?.treeSize ?? 0;
  store.append(sampleBatch(370, 10));
  head = store.log.chainHead.seq;
  eventId = store.db.prepare('SELECT event_id FROM events WHERE seq = 123').pluck().get() as string;
  store.close();

  encryptedDb = path.join(tmp.dir, 'encrypted.db');
  const encrypted = AuditStore.open(encryptedDb, { key: databaseKeyFrom(recoveryKey), signer: { key: newSigningKey() } });
  encrypted.log.setCheckpointEvery(100);
  encrypted.append(sampleBatch(0, 120));
  encrypted.close();
});
afterAll(() => tmp?.cleanup());

const write = (name: string, doc: unknown): string => {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
};

describe('watchdog prove / verify-proof', { timeout: 90_000 }, () => {
  it('has --help on both commands', () => {
    for (const command of ['prove', 'verify-proof']) expect(run(command, '--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: watchdog/) });
  });

  it('prints a proof that verify-proof and the standalone script accept', () => {
    expect(covered).toBe(371);
    expect(head).toBe(381);
    const proved = run('prove', '--db', plainDb, '--event', eventId);
    expect(proved.stderr).toBe('');
    expect(proved.code).toBe(0);
    const doc = JSON.parse(proved.stdout) as InclusionProofDoc;
    expect(doc).toMatchObject({ format: 'watchdog-inclusion-proof/1', leafIndex: 122, treeSize: covered, event: { seq: 123, event_id: eventId } });
    expect(doc.publicKey).toBe(key.publicKey.toString('hex'));
    const file = write('good.json', doc);

    const verified = run('verify-proof', file);
    expect(verified.code).toBe(0);
    expect(verified.stdout.trim()).toBe(`VALID: event ${eventId} (#123) is included in checkpoint ${covered} signed by ${key.fingerprint.slice(0, 16)}…`);
    expect(verified.stderr).toMatch(/no --trusted-key was given/);

    const trusted = run('verify-proof', file, '--trusted-key', key.fingerprint.toUpperCase());
    expect(trusted).toMatchObject({ code: 0, stderr: '' });
    expect(run('verify-proof', file, '--trusted-key', newSigningKey().fingerprint, '--trusted-key', key.fingerprint).code).toBe(0);

    const standalone = spawnSync(process.execPath, [script, file, key.fingerprint], { encoding: 'utf8' });
    expect(standalone.status).toBe(0);
    expect(standalone.stdout.trim()).toBe(verified.stdout.trim());
  });

  it('proves by #seq into a file with --out', () => {
    const out = path.join(tmp.dir, 'by-seq.json');
    const result = run('prove', '--db', plainDb, '--event', '#7', '--out', out);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/Wrote the proof that event \S+ \(#7\) is in checkpoint 371 to /) });
    expect((JSON.parse(fs.readFileSync(out, 'utf8')) as InclusionProofDoc).event.seq).toBe(7);
    expect(run('verify-proof', out).code).toBe(0);
  });

  it('proves an archived event from its segment, by id and by #seq; says where it looked when none holds it', async () => {
    const file = path.join(tmp.dir, 'archived.db');
    const store = AuditStore.open(file, { signer: { key, store: 'S001' } });
    store.append(sampleBatch(0, 300));
    store.log.checkpoint('demand');
    // Sample events start 2026-01-05, a minute apart: by June every standard one has outlived 90 days.
    expect((await store.archive({ dir: path.join(tmp.dir, 'archives'), now: new Date('2026-06-01T00:00:00Z') })).events).toBe(240);
    const archived = store.db.prepare('SELECT seq FROM archived_events ORDER BY seq LIMIT 1 OFFSET 100').pluck().get() as number;
    store.close();
    const archive = path.join(tmp.dir, 'archives');
    const bySeq = run('prove', '--db', file, '--event', '#' + String(archived), '--archive', archive);
    expect(bySeq).toMatchObject({ code: 0, stderr: '' });
    const doc = JSON.parse(bySeq.stdout) as InclusionProofDoc;
    expect(doc).toMatchObject({ leafIndex: archived - 1, treeSize: 301, event: { seq: archived } });
    const again = run('prove', '--db', file, '--event', doc.event.event_id, '--archive', archive);
    expect(JSON.parse(again.stdout)).toEqual(doc);
    const proof = write('archived.json', doc);
    expect(run('verify-proof', proof, '--trusted-key', key.fingerprint)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^VALID: event \S+ \(#\d+\) is included in checkpoint 301/) });
    expect(spawnSync(process.execPath, [script, proof, key.fingerprint], { encoding: 'utf8' }).status).toBe(0);
    // Without the archive folder the event cannot be read: the error names the segment file that is missing.
    expect(run('prove', '--db', file, '--event', '#' + String(archived), '--archive', path.join(tmp.dir, 'elsewhere'))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Archive segment #1 .* is missing from .*elsewhere/),
    });
    expect(run('prove', '--db', file, '--event', 'no-such-id', '--archive', archive)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/No event no-such-id in this log, nor in its archives in .*archives/),
    });
  });

  it('exits 1 on a tampered copy, an untrusted key and a file that is not a proof', () => {
    const doc = JSON.parse(run('prove', '--db', plainDb, '--event', '#200').stdout) as InclusionProofDoc;
    const edited = write('edited.json', { ...doc, event: { ...doc.event, amount_minor: 1 } });
    const result = run('verify-proof', edited);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^INVALID \(content_mismatch\): /);
    expect(spawnSync(process.execPath, [script, edited], { encoding: 'utf8' })).toMatchObject({ status: 1, stdout: expect.stringMatching(/^INVALID \(content_mismatch\)/) });

    const moved = write('moved.json', { ...doc, leafIndex: doc.leafIndex + 1 });
    expect(run('verify-proof', moved)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID \(not_included\)/) });
    const flipped = write('flipped.json', { ...doc, proof: [...doc.proof.slice(0, -1), '00'.repeat(32)] });
    expect(run('verify-proof', flipped)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID \(not_included\)/) });
    const signature = Buffer.from(doc.checkpoint.signature, 'base64');
    signature[0] = (signature[0] as number) ^ 0x80;
    const forged = write('forged.json', { ...doc, checkpoint: { ...doc.checkpoint, signature: signature.toString('base64') } });
    expect(run('verify-proof', forged)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID \(bad_signature\)/) });

    const good = write('good-200.json', doc);
    expect(run('verify-proof', good, '--trusted-key', newSigningKey().fingerprint)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID \(untrusted_key\)/) });

    fs.writeFileSync(path.join(tmp.dir, 'junk.json'), '{ not json');
    expect(run('verify-proof', path.join(tmp.dir, 'junk.json'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID \(bad_format\)/) });
    expect(run('verify-proof', write('empty.json', {}))).toMatchObject({ code: 1, stderr: expect.stringMatching(/^INVALID \(bad_format\)/) });
    expect(run('verify-proof', path.join(tmp.dir, 'missing.json'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/Cannot read/) });
  });

  it('explains events newer than the latest checkpoint, unknown events and usage errors', () => {
    expect(run('prove', '--db', plainDb, '--event', `#${head}`)).toMatchObject({ code: 1, stderr: expect.stringMatching(/newer than the latest checkpoint.*every 100 events, or on demand/) });
    expect(run('prove', '--db', plainDb, '--event', 'no-such-id')).toMatchObject({ code: 1, stderr: expect.stringMatching(/No event no-such-id/) });
    expect(run('prove', '--db', plainDb).code).toBe(2); // --event is required
    expect(run('prove', '--db', plainDb, '--event', '#0').code).toBe(2);
    expect(run('prove', '--db', plainDb, '--event', '#x').code).toBe(2);
    expect(run('prove', '--db', plainDb, '--event', '#1', '--key', 'abc').code).toBe(2);
    expect(run('verify-proof', 'x.json', '--trusted-key', 'abc').code).toBe(2);
    expect(run('verify-proof').code).toBe(2);
    const missing = path.join(tmp.dir, 'nope', 'missing.db');
    expect(run('prove', '--db', missing, '--event', '#1')).toMatchObject({ code: 1, stderr: expect.stringMatching(/No database at/) });
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it('opens an encrypted database with --key or --recovery-key, read-only', () => {
    const before = fs.statSync(encryptedDb).mtimeMs;
    // Without a key it asks this computer's keychain, which knows nothing of this file.
    expect(run('prove', '--db', encryptedDb, '--event', '#50')).toMatchObject({ code: 1, stderr: expect.stringMatching(/keychain has no key for .*--recovery-key/) });
    const byKey = run('prove', '--db', encryptedDb, '--event', '#50', '--key', databaseKeyFrom(recoveryKey).toString('hex'));
    expect(byKey.code, byKey.stderr).toBe(0);
    const byRecovery = run('prove', '--db', encryptedDb, '--event', '#50', '--recovery-key', recoveryKey.toLowerCase());
    expect(byRecovery.code, byRecovery.stderr).toBe(0);
    expect(JSON.parse(byRecovery.stdout)).toEqual(JSON.parse(byKey.stdout));
    const byEnv = runWith({ WATCHDOG_RECOVERY_KEY: recoveryKey }, 'prove', '--db', encryptedDb, '--event', '#50');
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(JSON.parse(byEnv.stdout)).toEqual(JSON.parse(byKey.stdout));
    expect(run('verify-proof', write('encrypted.json', JSON.parse(byKey.stdout))).code).toBe(0);
    expect(run('prove', '--db', encryptedDb, '--event', '#50', '--key', randomBytes(32).toString('hex'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/wrong key/) });
    expect(run('prove', '--db', encryptedDb, '--event', '#50', '--recovery-key', 'WDRK-0000')).toMatchObject({ code: 2 });
    expect(run('prove', '--db', encryptedDb, '--event', '#50', '--key', 'a'.repeat(64), '--recovery-key', recoveryKey).code).toBe(2);
    expect(fs.statSync(encryptedDb).mtimeMs).toBe(before);
  });
});
