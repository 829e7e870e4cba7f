import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../main/core/demo/demo-users';
import { applyKey } from '../../main/core/store/encryption';
import { tempDir } from '../../main/core/store/test-helpers';
import { databaseKeyFrom } from '../../main/core/vault/recovery-key';

/**
 * The terminal ingest API under load, through the built CLI as an administrator would run it:
 * `terminals add --count 50`, `serve --ingest … --no-web` in its own process, and `simulate` with 50
 * terminals. Afterwards the store holds exactly the events the terminals had acknowledged, and the
 * chain verifies. Short here (LOAD_SECONDS, default 8); `npm run test:load` runs 60 s at 20,000 events/s.
 */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 8);
const RATE = Number(process.env.LOAD_RATE ?? 4_000);
const TERMINALS = 50;

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const env = { ...process.env, WATCHDOG_DB: '', WATCHDOG_RECOVERY_KEY: '', WATCHDOG_NEW_PASSWORD: '', WATCHDOG_USER: DEMO_ADMIN.name, WATCHDOG_PASSWORD: DEMO_ADMIN.password };
const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

let tmp: ReturnType<typeof tempDir>;
let db: string;
let keys: string;
let recoveryKey: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: npm run build');
  tmp = tempDir();
  db = path.join(tmp.dir, 'load.db');
  keys = path.join(tmp.dir, 'keys.txt');
  const setup = run('setup', '--db', db, '--store', 'Load store', '--admin', DEMO_ADMIN.name);
  expect(setup.code, setup.stderr).toBe(0);
  recoveryKey = /WDRK-[0-9A-Z-]+/.exec(setup.stderr)?.[0] ?? '';
  const added = run('terminals', 'add', 'Load till', '--count', String(TERMINALS), '--store', 'LOAD', '--keys-out', keys, '--db', db);
  expect(added.code, added.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

/** Starts `serve --ingest 127.0.0.1:0 --no-web` and resolves with its URL once it prints it. */
function serve(): Promise<{ url: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [bin, 'serve', '--db', db, '--ingest', '127.0.0.1:0', '--no-web'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Terminal ingest API on (http:\/\/[^\s/]+)/.exec(output)?.[1];
      if (url) {
        child.stdout.off('data', onData);
        resolve({
          url,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${output}`)));
  });
}

describe('the ingest API under load', () => {
  it(`stores exactly what ${TERMINALS} terminals had acknowledged, and the chain verifies`, async () => {
    expect(fs.readFileSync(keys, 'utf8').trim().split('\n')).toHaveLength(TERMINALS);
    const server = await serve();
    const simulated = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, 'simulate', '--url', server.url, '--keys', keys, '--terminals', String(TERMINALS), '--rate', String(RATE), '--seconds', String(SECONDS), '--batch', '50', '--store', 'LOAD', '--json'], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(await server.stop()).toBe(0);
    expect(simulated.code, simulated.stderr + simulated.stdout).toBe(0);
    const result = JSON.parse(simulated.stdout) as { acknowledged: number; failed: number; requests: number; elapsedMs: number; cpuMs: number; latencyMs: { p50: number; p99: number }; steadyLatencyMs: { p50: number; p99: number } };
    console.log(
      `load: ${result.acknowledged.toLocaleString('en-US')} events from ${TERMINALS} terminals in ${(result.elapsedMs / 1000).toFixed(1)} s ` +
        `(${Math.round(result.acknowledged / (result.elapsedMs / 1000)).toLocaleString('en-US')}/s asked ${RATE.toLocaleString('en-US')}/s), ` +
        `ack p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms ` +
        `(after the first second: p50 ${result.steadyLatencyMs.p50.toFixed(1)} ms, p99 ${result.steadyLatencyMs.p99.toFixed(1)} ms); the simulator used ${(result.cpuMs / result.elapsedMs * 100).toFixed(0)} % of a core`,
    );
    expect(result.failed, JSON.stringify(result)).toBe(0);
    expect(result.acknowledged).toBeGreaterThan(0);

    const file = new Database(db, { readonly: true });
    applyKey(file, databaseKeyFrom(recoveryKey));
    const stored = file.prepare("SELECT count(*) FROM events WHERE store_id = 'LOAD'").pluck().get() as number;
    const terminals = file.prepare("SELECT count(DISTINCT terminal_id) FROM events WHERE store_id = 'LOAD'").pluck().get() as number;
    file.close();
    expect(stored).toBe(result.acknowledged);
    expect(terminals).toBe(TERMINALS);

    const verified = run('verify', '--db', db, '--json');
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  }, 120_000 + SECONDS * 3_000);
});
