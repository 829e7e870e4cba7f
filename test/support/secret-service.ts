import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Vitest globalSetup: a real Secret Service for the vault's tests (no mocks). When
 * DBUS_SESSION_BUS_ADDRESS already names a live session bus with a Secret Service and a default
 * collection, it is used as it is. Otherwise this starts, in a temporary folder,
 * - a private session bus (dbus-daemon with a configuration of its own: no service activation, so
 *   nothing else starts on it), and
 * - gnome-keyring-daemon with only its secrets component, unlocked with an empty password read from
 *   stdin, HOME and the XDG folders pointed into the temporary folder, so the real user's keyrings
 *   are never read or written,
 * waits until the bus name org.freedesktop.secrets is owned and the default collection exists (no
 * fixed sleep), and exports DBUS_SESSION_BUS_ADDRESS so that the forked test workers inherit it.
 * The teardown stops both and removes the folder.
 */

const run = promisify(execFile);

/** Each binary and the Debian package that has it. */
const BINARIES: Record<string, string> = {
  'dbus-daemon': 'dbus-daemon',
  'dbus-send': 'dbus-bin',
  'gnome-keyring-daemon': 'gnome-keyring',
};

const READY_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

export default async function setup(): Promise<() => Promise<void>> {
  const existing = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (existing && hasBinary('dbus-send') && (await secretServiceReady(existing))) return async () => {};

  const missing = Object.keys(BINARIES).filter((b) => !hasBinary(b));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((b) => BINARIES[b]))];
    throw new Error(
      `The vault tests need a real Secret Service, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed. ` +
        `Install the Debian packages: apt-get install -y ${packages.join(' ')} (and libsecret-1-dev to build keytar).`,
    );
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-keyring-'));
  const children: ChildProcess[] = [];
  const teardown = async (): Promise<void> => {
    for (const child of children.reverse()) await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const address = await startBus(dir, children);
    await startKeyring(dir, address, children);
    process.env.DBUS_SESSION_BUS_ADDRESS = address;
    return async () => {
      if (process.env.DBUS_SESSION_BUS_ADDRESS === address) {
        if (existing === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
        else process.env.DBUS_SESSION_BUS_ADDRESS = existing;
      }
      await teardown();
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}

async function startBus(dir: string, children: ChildProcess[]): Promise<string> {
  const socket = path.join(dir, 'bus');
  const config = path.join(dir, 'session.conf');
  fs.writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--nopidfile', '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(bus);
  const stderr = collect(bus.stderr);
  // dbus-daemon prints its address once it accepts connections.
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dbus-daemon printed no address within ${READY_TIMEOUT_MS / 1000} s. ${stderr()}`)), READY_TIMEOUT_MS);
    bus.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l, i, all) => i < all.length - 1 && l.trim());
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    bus.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    bus.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon stopped at start (${signal ?? `exit ${code}`}). ${stderr()}`));
    });
  });
  return address;
}

async function startKeyring(dir: string, address: string, children: ChildProcess[]): Promise<void> {
  const home = path.join(dir, 'home');
  const runtime = path.join(dir, 'run');
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  fs.mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: address,
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
    },
  });
  children.push(keyring);
  const stderr = collect(keyring.stderr);
  let exited: string | null = null;
  keyring.once('exit', (code, signal) => (exited = signal ?? `exit ${code}`));
  keyring.once('error', (error) => (exited = error.message));
  // The login password, read up to end of input. An empty read counts as "no password" and leaves
  // no login keyring, so it gets a bare newline: the keyring is unlocked and has no real password.
  keyring.stdin?.end('\n');

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await secretServiceReady(address))) {
    if (exited !== null) throw new Error(`gnome-keyring-daemon stopped at start (${exited}). ${stderr()}`);
    if (Date.now() > deadline) {
      throw new Error(`gnome-keyring-daemon did not offer org.freedesktop.secrets with a default collection within ${READY_TIMEOUT_MS / 1000} s. ${stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The bus answers, org.freedesktop.secrets is owned, and its default collection exists. */
async function secretServiceReady(address: string): Promise<boolean> {
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
  const send = (args: string[]) => run('dbus-send', ['--session', '--print-reply', '--reply-timeout=2000', ...args], { env, timeout: 5_000 });
  try {
    const owned = await send(['--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets']);
    if (!/boolean true/.test(owned.stdout)) return false;
    const alias = await send(['--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'string:default']);
    const collection = /object path "([^"]*)"/.exec(alias.stdout)?.[1];
    return collection !== undefined && collection !== '/';
  } catch {
    return false;
  }
}

function hasBinary(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((folder) => {
    try {
      fs.accessSync(path.join(folder, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The last lines a child wrote to stderr, for error messages. */
function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-2000);
  });
  return () => (text.trim() ? `Its error output: ${text.trim()}` : '');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
