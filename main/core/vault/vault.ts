import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';

/**
 * The vault: Watchdog's secrets (database key, checkpoint signing key, ...) live only in the
 * operating system's keychain — the Secret Service (GNOME Keyring, KWallet) on Linux, the Keychain
 * on macOS, the Credential Manager on Windows — through keytar. Service `Watchdog`, one account per
 * secret. There is deliberately no fallback to a file: without a keychain the vault does not open.
 */
export interface Vault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when there was something to delete. */
  delete(account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'Watchdog';

/** `pending-recovery-key`: a new database's recovery key, kept only until first-run setup has shown it. */
export type SecretName = 'database-key' | 'signing-key' | 'latest-checkpoint' | 'pending-recovery-key';

/**
 * The account of one secret of one database: `<secret>:<dbId>`, where dbId is the first 16 hex
 * digits of SHA-256 over the database file's absolute real path. The file itself cannot name its
 * keys: it is encrypted, so nothing in it can be read before the key is found.
 */
export function accountFor(secret: SecretName, dbFile: string): string {
  return `${secret}:${databaseId(dbFile)}`;
}

export function databaseId(dbFile: string): string {
  return createHash('sha256').update(realPath(dbFile), 'utf8').digest('hex').slice(0, 16);
}

/**
 * The absolute path with every symbolic link resolved. A file that does not exist yet (first run)
 * gets its nearest existing folder resolved, so its id is the same before and after it is created.
 */
function realPath(file: string): string {
  const absolute = path.resolve(file);
  const rest: string[] = [];
  let at = absolute;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(at), ...rest);
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return absolute;
      rest.unshift(path.basename(at));
      at = parent;
    }
  }
}

/** The part of keytar the vault uses (declared here: keytar is optional and loaded lazily). */
interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/**
 * How long the probe at open may take. Generous: on a desktop whose keyring is locked, the probe is
 * what brings up the unlock prompt, and a person is typing.
 */
const PROBE_TIMEOUT_MS = 60_000;
const PROBE_ACCOUNT = 'probe:watchdog';

/**
 * Opens the system keychain. Throws UNAVAILABLE, at open rather than at the first secret, when
 * keytar is not installed or no keychain answers: on Linux no D-Bus session, no Secret Service on
 * it, or one with no usable collection (a keyring daemon started on demand without a login keyring
 * answers reads with "nothing found" and fails only on the first write). So the probe writes and
 * deletes a throwaway entry; when it fails, nothing was written anywhere.
 */
export async function openKeychainVault(): Promise<Vault> {
  let keytar: Keytar;
  try {
    keytar = await loadKeytar();
  } catch (error) {
    throw unavailable(`the keychain library (keytar) could not be loaded: ${reason(error)}`);
  }
  try {
    await withTimeout(
      (async () => {
        await keytar.setPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT, 'Watchdog checks that the keychain answers; this entry is deleted at once.');
        await keytar.deletePassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT);
      })(),
      PROBE_TIMEOUT_MS,
    );
  } catch (error) {
    throw unavailable(reason(error));
  }
  return {
    get: (account) => keychainCall(() => keytar.getPassword(KEYCHAIN_SERVICE, checkAccount(account))),
    set: (account, secret) => keychainCall(() => keytar.setPassword(KEYCHAIN_SERVICE, checkAccount(account), secret)),
    delete: (account) => keychainCall(() => keytar.deletePassword(KEYCHAIN_SERVICE, checkAccount(account))),
  };
}

async function loadKeytar(): Promise<Keytar> {
  // Loaded here and only here, on first use: a machine without keytar fails at this line, nothing else.
  // `as string` keeps the type checker from resolving the specifier (it needs no keytar installed; the
  // interface above is all it sees), while esbuild and Vite still see a plain import('keytar') and
  // leave it to Node at run time (packages stay external: keytar is a native module).
  const loaded = (await import('keytar' as string)) as Partial<Keytar> & { default?: Partial<Keytar> };
  // keytar is CommonJS: Node's ESM loader puts module.exports on `default` and guesses only some
  // named exports (getPassword alone, for keytar 7.9); other loaders may give the exports as they are.
  const api = [loaded.default, loaded].find(isKeytar);
  if (!api) throw new Error('the module does not have getPassword, setPassword and deletePassword');
  return api;
}

function isKeytar(value: Partial<Keytar> | undefined): value is Keytar {
  return !!value && typeof value.getPassword === 'function' && typeof value.setPassword === 'function' && typeof value.deletePassword === 'function';
}

function unavailable(detail: string): AppError {
  return new AppError(
    'UNAVAILABLE',
    'No system keychain is available, so Watchdog cannot open its keys. Watchdog keeps its keys only in the ' +
      'keychain and will not store them in plain text. To fix this, log in to a desktop session (or start a ' +
      'keyring such as GNOME Keyring with a D-Bus session) and try again; or open a copy of the database with ' +
      `its recovery key. (Detail: ${detail}.)`,
  );
}

async function keychainCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UNAVAILABLE', `The system keychain refused the request: ${reason(error)}. Unlock the keychain (or log in to the desktop session) and try again.`);
  }
}

function checkAccount(account: string): string {
  if (account.length === 0 || account.length > 200) throw new AppError('BAD_INPUT', 'A vault account name has 1 to 200 characters.');
  return account;
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/[.\s]+$/, '') || 'no reason given';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the keychain did not answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
