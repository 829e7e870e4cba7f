import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import startSecretService from '../support/secret-service';

const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'out/main/cli.cjs');
const RENDERER = join(ROOT, 'out/renderer/index.html');
const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/;
const START_TIMEOUT_MS = 30_000;

/**
 * Starts the browser host on a database nobody else uses and hands its one-time URL to the tests in
 * WATCHDOG_URL. The returned function is Playwright's teardown: it stops the host and deletes the data.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  return startHost();
}

/**
 * The same, with a chance to fill the database first: `prepare` gets its path once the Secret Service
 * is up (so the CLI can create and open it with the keychain), before the host opens it.
 */
async function startHost(prepare?: (db: string) => void): Promise<() => Promise<void>> {
  for (const [file, hint] of [
    [CLI, 'the host'],
    [RENDERER, 'the renderer'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build ${hint} first (npm run build).`);
  }
  // The host keeps its keys in the system keychain: a private Secret Service, as for the unit tests.
  const stopSecretService = await startSecretService();
  const dir = mkdtempSync(join(tmpdir(), 'watchdog-e2e-'));
  try {
    prepare?.(join(dir, 'e2e.db'));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    await stopSecretService();
    throw error;
  }
  const host = spawn(process.execPath, [CLI, 'serve', '--db', join(dir, 'e2e.db'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    process.env.WATCHDOG_URL = await waitForUrl(host);
  } catch (error) {
    await stop(host);
    rmSync(dir, { recursive: true, force: true });
    await stopSecretService();
    throw error;
  }
  return async () => {
    await stop(host);
    rmSync(dir, { recursive: true, force: true });
    await stopSecretService();
  };
}

/**
 * A host of a spec's own, on a fresh database (optionally filled by `prepare` first), started by the
 * same code as the shared one; the shared host's URL in WATCHDOG_URL is left as it was.
 */
export async function ownHost(prepare?: (db: string) => void): Promise<{ url: string; stop: () => Promise<void> }> {
  const shared = process.env.WATCHDOG_URL;
  const stop = await startHost(prepare);
  const url = process.env.WATCHDOG_URL;
  if (shared === undefined) delete process.env.WATCHDOG_URL;
  else process.env.WATCHDOG_URL = shared;
  if (!url) throw new Error('The browser host did not print its URL.');
  return { url, stop };
}

function waitForUrl(host: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(`did not print its URL within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`The Watchdog host ${why}.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    host.stdout?.setEncoding('utf8');
    host.stderr?.setEncoding('utf8');
    host.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const match = URL_PATTERN.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[0]);
      }
    });
    host.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    host.on('exit', (code) => fail(`exited early with code ${code}`));
    host.on('error', (error) => fail(`could not start: ${error.message}`));
  });
}

function stop(host: ChildProcess): Promise<void> {
  if (host.exitCode !== null || host.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => host.kill('SIGKILL'), 5_000);
    host.once('exit', () => {
      clearTimeout(force);
      done();
    });
    host.kill('SIGTERM');
  });
}
