import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { asElectron, BrowserWindow, FakeEvent, FakeWebContents, resetElectronStub } from '../../test/fixtures/electron/electron-stub';
import { EXTERNAL_LINK_HOSTS, MAX_EXTERNAL_URL_LENGTH, openExternalLink, vetExternalUrl } from './external-links';
import { APP_ENTRY_URL } from './origin';
import { hardenWebContents } from './security';
import { createMainWindow } from './window';

// The shared stub has no `shell`; this file adds one that records what would reach the OS.
const openExternal = vi.hoisted(() => vi.fn((_url: string) => Promise.resolve()));
vi.mock('electron', async () => ({ ...(await import('../../test/fixtures/electron/electron-stub')), shell: { openExternal } }));

const HELP = 'https://help.watchdog.example';

describe('vetExternalUrl', () => {
  it('keeps the allow-list in one place, https hosts only', () => {
    expect(EXTERNAL_LINK_HOSTS).toEqual(['help.watchdog.example']);
  });

  it.each([
    [`${HELP}/`, `${HELP}/`],
    [HELP, `${HELP}/`],
    [`${HELP}/guide/timeline?from=2026-01-01#filters`, `${HELP}/guide/timeline?from=2026-01-01#filters`],
    // Case is not a disguise: the parser lower-cases the host, and so does the check.
    ['HTTPS://Help.Watchdog.Example/Guide', `${HELP}/Guide`],
  ])('accepts %s and opens it as %s', (url, normalised) => {
    expect(vetExternalUrl(url)).toEqual({ ok: true, url: normalised });
  });

  const NOT_A_URL = /not a URL|not a valid URL|too long/;
  const NOT_HTTPS = /only https links/;
  const CREDENTIALS = /carries credentials|host is disguised/;
  const PORT = /names a port|host is disguised/;
  const NOT_LISTED = /is not on the list/;
  const DISGUISED = /host is disguised|punycode|non-ASCII|backslash/;
  const UNSAFE_CHARACTERS = /spaces, control or non-ASCII/;
  const refused: Array<[string, unknown, RegExp]> = [
    ['nothing', undefined, NOT_A_URL],
    ['null', null, NOT_A_URL],
    ['a number', 42, NOT_A_URL],
    ['an object', { href: `${HELP}/` }, NOT_A_URL],
    ['an empty string', '', NOT_A_URL],
    ['a relative URL', '/guide', NOT_A_URL],
    ['a protocol-relative URL', '//help.watchdog.example/', NOT_A_URL],
    ['an overlong URL', `${HELP}/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`, NOT_A_URL],
    ['http', 'http://help.watchdog.example/', NOT_HTTPS],
    ['file', 'file:///etc/passwd', NOT_HTTPS],
    ['file on the help host', 'file://help.watchdog.example/etc/passwd', NOT_HTTPS],
    ['javascript', 'javascript:alert(1)', NOT_HTTPS],
    ['data', 'data:text/html,<script>alert(1)</script>', NOT_HTTPS],
    ['our own scheme', APP_ENTRY_URL, NOT_HTTPS],
    ['mailto', 'mailto:help@help.watchdog.example', NOT_HTTPS],
    ['ftp', 'ftp://help.watchdog.example/', NOT_HTTPS],
    ['smb (leaks Windows credentials)', 'smb://help.watchdog.example/share', NOT_HTTPS],
    ['a custom handler (ms-msdt)', 'ms-msdt:/id', NOT_HTTPS],
    ['a custom handler (vscode)', 'vscode://file/etc/passwd', NOT_HTTPS],
    ['user and password', 'https://user:secret@help.watchdog.example/', CREDENTIALS],
    ['a user name', 'https://user@help.watchdog.example/', CREDENTIALS],
    ['an empty user name', 'https://@help.watchdog.example/', CREDENTIALS],
    ['our host as the user name', 'https://help.watchdog.example@evil.example/', CREDENTIALS],
    ['another port', 'https://help.watchdog.example:8443/', PORT],
    ['the default port written out', 'https://help.watchdog.example:443/', PORT],
    ['another host', 'https://evil.example/', NOT_LISTED],
    ['our host as a prefix', 'https://help.watchdog.example.evil.example/', NOT_LISTED],
    ['a subdomain of our host', 'https://cdn.help.watchdog.example/', NOT_LISTED],
    ['the parent domain', 'https://watchdog.example/', NOT_LISTED],
    ['a look-alike suffix', 'https://evilhelp.watchdog.example/', NOT_LISTED],
    ['a trailing dot', 'https://help.watchdog.example./', NOT_LISTED],
    ['an IPv4 address', 'https://127.0.0.1/', NOT_LISTED],
    ['an IPv6 address', 'https://[::1]/', NOT_LISTED],
    ['a Cyrillic look-alike letter', 'https://һelp.watchdog.example/', DISGUISED],
    ['full-width letters (IDNA maps them to ours)', 'https://ｈｅｌｐ.watchdog.example/', DISGUISED],
    ['ideographic full stops (IDNA maps them to dots)', 'https://help。watchdog。example/', DISGUISED],
    ['a punycode label', 'https://xn--hlp-8cd.watchdog.example/', DISGUISED],
    ['a percent-encoded dot', 'https://help%2Ewatchdog.example/', DISGUISED],
    ['a percent-encoded letter', 'https://%68elp.watchdog.example/', DISGUISED],
    ['https without slashes', 'https:help.watchdog.example/', DISGUISED],
    ['https with three slashes', 'https:///help.watchdog.example/', DISGUISED],
    ['a backslash before @', 'https://evil.example\\@help.watchdog.example/', DISGUISED],
    ['backslashes for slashes', 'https:\\\\help.watchdog.example/', DISGUISED],
    // characters the URL parser would silently drop, or a browser would show reversed
    ['a leading space', ` ${HELP}/`, UNSAFE_CHARACTERS],
    ['a tab inside the host', 'https://help.watch\tdog.example/', UNSAFE_CHARACTERS],
    ['a newline', `${HELP}/\n`, UNSAFE_CHARACTERS],
    ['a space in the path', `${HELP}/a b`, UNSAFE_CHARACTERS],
    ['a NUL', `${HELP}/\u0000`, UNSAFE_CHARACTERS],
    ['a right-to-left override', `${HELP}/\u202egpj.exe`, UNSAFE_CHARACTERS],
  ];

  it.each(refused)('refuses %s', (_label, url, why) => {
    const verdict = vetExternalUrl(url);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.reason).toMatch(/^The link was not opened: .+\.$/);
      expect(verdict.reason).toMatch(why);
    }
  });

  it('checks against the list it is given, exactly', () => {
    expect(vetExternalUrl('https://docs.example.org/x', ['docs.example.org']).ok).toBe(true);
    expect(vetExternalUrl(`${HELP}/`, ['docs.example.org']).ok).toBe(false);
  });
});

describe('openExternalLink', () => {
  beforeEach(() => openExternal.mockClear());

  it('hands a vetted link, normalised, to shell.openExternal', async () => {
    await expect(openExternalLink('HTTPS://HELP.watchdog.example/guide')).resolves.toBe(true);
    expect(openExternal).toHaveBeenCalledExactlyOnceWith(`${HELP}/guide`);
  });

  it.each(['http://help.watchdog.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://evil.example/'])(
    'never calls shell.openExternal for %s',
    async (url) => {
      await expect(openExternalLink(url)).resolves.toBe(false);
      expect(openExternal).not.toHaveBeenCalled();
    },
  );

  it('reports a browser that cannot be started instead of throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    openExternal.mockRejectedValueOnce(new Error('no handler for https'));
    await expect(openExternalLink(`${HELP}/`)).resolves.toBe(false);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('uses the opener it is given', async () => {
    const open = vi.fn(() => Promise.resolve());
    await openExternalLink(`${HELP}/a`, open);
    expect(open).toHaveBeenCalledWith(`${HELP}/a`);
    expect(openExternal).not.toHaveBeenCalled();
  });
});

/** Plays Chromium: emits a navigation event and reports whether it was prevented. */
function navigate(contents: FakeWebContents, kind: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string, isMainFrame = true): boolean {
  const event = Object.assign(new FakeEvent(url), { isMainFrame });
  contents.emit(kind, event, url);
  return event.defaultPrevented;
}

describe('links leaving the window', () => {
  beforeEach(() => {
    resetElectronStub();
    openExternal.mockClear();
  });

  function windowContents(): FakeWebContents {
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs' });
    const window = BrowserWindow.instances.at(-1);
    if (!window) throw new Error('createMainWindow made no window');
    return window.webContents;
  }

  it('a clicked link to a vetted site is stopped in the app and opened in the system browser', () => {
    const contents = windowContents();
    expect(navigate(contents, 'will-frame-navigate', `${HELP}/guide`)).toBe(true);
    expect(openExternal).toHaveBeenCalledExactlyOnceWith(`${HELP}/guide`);
  });

  it.each(['https://evil.example/', 'http://help.watchdog.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://evil.example/x'])(
    'a clicked link to %s is stopped and opened nowhere',
    (url) => {
      const contents = windowContents();
      expect(navigate(contents, 'will-frame-navigate', url)).toBe(true);
      expect(openExternal).not.toHaveBeenCalled();
    },
  );

  it('a subframe, will-navigate and a redirect only stop, so a link is never opened twice or by a server', () => {
    const contents = windowContents();
    expect(navigate(contents, 'will-frame-navigate', `${HELP}/`, false)).toBe(true);
    expect(navigate(contents, 'will-navigate', `${HELP}/`)).toBe(true);
    expect(navigate(contents, 'will-redirect', `${HELP}/`)).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('navigation inside the app is neither stopped nor sent to the browser', () => {
    const contents = windowContents();
    expect(navigate(contents, 'will-frame-navigate', 'app://watchdog/events')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'app://watchdog/events')).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('window.open and target=_blank are denied in the app; a vetted one opens in the system browser', () => {
    const handler = windowContents().windowOpenHandler;
    expect(handler?.({ url: `${HELP}/guide` })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith(`${HELP}/guide`);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', APP_ENTRY_URL, 'javascript:alert(1)']) {
      expect(handler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('hardenWebContents hands each leaving URL to its opener (openExternalLink, which vets, by default)', () => {
    const contents = new FakeWebContents();
    const opener = vi.fn();
    hardenWebContents(asElectron<WebContents>(contents), opener);
    navigate(contents, 'will-frame-navigate', 'https://evil.example/');
    contents.windowOpenHandler?.({ url: 'file:///etc/passwd' });
    expect(opener.mock.calls).toEqual([['https://evil.example/'], ['file:///etc/passwd']]);
  });
});
