import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/test-helpers';
import { accountFor, openKeychainVault, type Vault } from './vault';

// Against the real Secret Service that test/support/secret-service.ts starts (or the session's own).

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

describe('keychain vault', () => {
  let vault: Vault;
  const accounts: string[] = [];
  const account = (): string => {
    const name = `test:${randomUUID()}`;
    accounts.push(name);
    return name;
  };

  beforeAll(async () => {
    vault = await openKeychainVault();
  });
  afterAll(async () => {
    for (const name of accounts) await vault.delete(name);
  });

  it('stores, reads back, replaces and deletes a secret', async () => {
    const name = account();
    expect(await vault.get(name)).toBeNull();
    await vault.set(name, 'first secret');
    expect(await vault.get(name)).toBe('first secret');
    await vault.set(name, 'second secret, ünïcödé ✓');
    expect(await vault.get(name)).toBe('second secret, ünïcödé ✓');
    expect(await vault.delete(name)).toBe(true);
    expect(await vault.get(name)).toBeNull();
    expect(await vault.delete(name)).toBe(false);
  });

  it('keeps accounts apart, and a second vault opened on the same keychain sees the same secrets', async () => {
    const [a, b] = [account(), account()];
    await vault.set(a, 'secret a');
    await vault.set(b, 'secret b');
    const again = await openKeychainVault();
    expect(await again.get(a)).toBe('secret a');
    expect(await again.get(b)).toBe('secret b');
  });

  it('refuses an empty account name', async () => {
    await expect(vault.get('')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('accountFor', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir('watchdog-vault-'));
  });
  afterAll(() => cleanup());

  it('is <secret>:<16 hex digits>, distinct for two database files and for each secret', () => {
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    expect(accountFor('database-key', a)).toMatch(/^database-key:[0-9a-f]{16}$/);
    expect(accountFor('database-key', a)).not.toBe(accountFor('database-key', b));
    expect(accountFor('signing-key', a)).toMatch(/^signing-key:[0-9a-f]{16}$/);
    expect(accountFor('signing-key', a).split(':')[1]).toBe(accountFor('database-key', a).split(':')[1]);
    expect(accountFor('latest-checkpoint', a)).toMatch(/^latest-checkpoint:/);
  });

  it('names the real file: the same through a relative path, a symbolic link, before and after the file exists', () => {
    const real = path.join(dir, 'real');
    fs.mkdirSync(real);
    const link = path.join(dir, 'link');
    fs.symlinkSync(real, link);
    const file = path.join(real, 'audit.db');
    const before = accountFor('database-key', file);
    expect(accountFor('database-key', path.join(link, 'audit.db'))).toBe(before);
    expect(accountFor('database-key', path.relative(process.cwd(), file))).toBe(before);
    expect(accountFor('database-key', path.join(dir, 'no', 'such', 'folder', 'x.db'))).toMatch(/^database-key:[0-9a-f]{16}$/);
    fs.writeFileSync(file, '');
    expect(accountFor('database-key', file)).toBe(before);
    expect(accountFor('database-key', path.join(link, 'audit.db'))).toBe(before);
  });
});

describe('without a keychain', () => {
  const run = promisify(execFile);

  /** Runs `code` (an ES module, with tsx) in a child whose session bus does not exist and whose HOME is `home`. */
  async function child(
    dir: string,
    code: string,
    { extraImports = [], bus = `unix:path=${path.join(dir, 'no-such-bus')}` }: { extraImports?: string[]; bus?: string } = {},
  ): Promise<{ code?: string; message?: string; opened?: boolean }> {
    const home = path.join(dir, 'home');
    fs.mkdirSync(home, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: bus,
      HOME: home,
      XDG_RUNTIME_DIR: home,
      XDG_DATA_HOME: home,
      XDG_CONFIG_HOME: home,
      XDG_CACHE_HOME: home,
    };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const args = ['--import', 'tsx', ...extraImports.flatMap((i) => ['--import', i]), '--input-type=module', '-e', code];
    const { stdout } = await run(process.execPath, args, { cwd: root, env, timeout: 30_000 });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { code?: string; message?: string; opened?: boolean };
  }

  /** Regular files and links (not folders, nor the sockets of a keyring daemon started on demand). */
  function filesUnder(dir: string): string[] {
    return fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => path.join(e.parentPath, e.name));
  }

  const script = (dbFile: string): string => `
    const { openKeychainVault } = await import(${JSON.stringify(pathToFileURL(path.join(here, 'vault.ts')).href)});
    const { loadOrCreateKeys } = await import(${JSON.stringify(pathToFileURL(path.join(here, 'store-keys.ts')).href)});
    try {
      const vault = await openKeychainVault();
      await loadOrCreateKeys(vault, ${JSON.stringify(dbFile)});
      console.log(JSON.stringify({ opened: true }));
    } catch (error) {
      console.log(JSON.stringify({ code: error.code, message: error.message }));
    }`;

  it('refuses to open, in plain words, and writes nothing to disk (no session bus)', async () => {
    const { dir, cleanup } = tempDir('watchdog-nokeychain-');
    try {
      const dbFile = path.join(dir, 'audit.db');
      const result = await child(dir, script(dbFile));
      expect(result.opened).toBeUndefined();
      expect(result.code).toBe('UNAVAILABLE');
      expect(result.message).toMatch(/^No system keychain is available/);
      expect(result.message).toMatch(/only in the keychain and will not store them in plain text/);
      expect(result.message).toMatch(/log in to a desktop session/);
      expect(result.message).toMatch(/recovery key/);
      expect(fs.existsSync(dbFile)).toBe(false);
      expect(filesUnder(dir)).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('refuses at open when a Secret Service answers but has no keyring to write to (started on demand, never unlocked)', async () => {
    const { dir, cleanup } = tempDir('watchdog-nocollection-');
    // A standard session bus: reading org.freedesktop.secrets starts gnome-keyring-daemon on demand,
    // with no login keyring. Reads then find nothing; only a write shows that nothing can be stored.
    const runtime = path.join(dir, 'run');
    const home = path.join(dir, 'home');
    fs.mkdirSync(runtime, { mode: 0o700 });
    fs.mkdirSync(home);
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
    });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let out = '';
        bus.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('\n')) resolve(out.split('\n')[0]!.trim());
        });
        bus.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
      });
      const dbFile = path.join(dir, 'audit.db');
      const result = await child(dir, script(dbFile), { bus: address });
      expect(result.code).toBe('UNAVAILABLE');
      expect(result.message).toMatch(/^No system keychain is available.*Detail: .+/);
      expect(fs.existsSync(dbFile)).toBe(false);
      expect(filesUnder(dir)).toEqual([]);
    } finally {
      const exited = new Promise((resolve) => bus.once('exit', resolve));
      bus.kill();
      await exited;
      cleanup();
    }
  });

  it('refuses the same way when keytar is not installed (its import fails), and writes nothing', async () => {
    const { dir, cleanup } = tempDir('watchdog-nokeytar-');
    try {
      // A module resolution hook that answers "not found" for keytar, as a machine without it would.
      const hook = `export async function resolve(specifier, context, next) {
        if (specifier === 'keytar') throw Object.assign(new Error("Cannot find package 'keytar'"), { code: 'ERR_MODULE_NOT_FOUND' });
        return next(specifier, context);
      }`;
      const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
      const dbFile = path.join(dir, 'audit.db');
      const result = await child(dir, script(dbFile), { extraImports: [`data:text/javascript,${encodeURIComponent(register)}`] });
      expect(result.code).toBe('UNAVAILABLE');
      expect(result.message).toMatch(/^No system keychain is available/);
      expect(result.message).toMatch(/keytar.*could not be loaded.*Cannot find package 'keytar'/);
      expect(fs.existsSync(dbFile)).toBe(false);
      expect(filesUnder(dir)).toEqual([]);
    } finally {
      cleanup();
    }
  });
});
