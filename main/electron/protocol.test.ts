import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './origin';
import { createAppRequestHandler, registerProtocol, registerSchemePrivileges } from './protocol';
import { protocol, resetElectronStub } from '../../test/fixtures/electron/electron-stub';

vi.mock('electron', () => import('../../test/fixtures/electron/electron-stub'));

const SECRET = 'root:x:0:0:secret';
let base: string;
let root: string;
let serve: ReturnType<typeof createAppRequestHandler>;

beforeAll(() => {
  // <base>/secret.txt sits next to the served <base>/renderer/, so any escape would find it.
  base = mkdtempSync(path.join(tmpdir(), 'watchdog-protocol-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(base, 'secret.txt'), SECRET);
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Watchdog</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(path.join(root, 'assets', 'font.woff2'), 'x');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  serve = createAppRequestHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serve({ url, method });

describe('the app:// protocol', () => {
  beforeEach(() => resetElectronStub());

  it('registers app as a standard, secure scheme', () => {
    registerSchemePrivileges();
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(protocol.privileged[0]?.privileges).not.toHaveProperty('bypassCSP');
  });

  it('handles the app scheme through protocol.handle', async () => {
    registerProtocol(root);
    const handler = protocol.handlers.get('app');
    expect(handler).toBeDefined();
    const response = await handler?.(new Request('app://watchdog/index.html'));
    expect(response?.status).toBe(200);
  });

  it.each([
    ['app://watchdog/', 'text/html; charset=utf-8'],
    ['app://watchdog', 'text/html; charset=utf-8'],
    ['app://watchdog/index.html', 'text/html; charset=utf-8'],
    ['app://watchdog/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://watchdog/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://watchdog/assets/logo.svg', 'image/svg+xml'],
    ['app://watchdog/assets/font.woff2', 'font/woff2'],
  ])('serves %s as %s', async (url, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers client-side routes with the single-page app', async () => {
    const response = await get('app://watchdog/events/42');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Watchdog</title>');
  });

  it.each(['app://watchdog/index.html', 'app://watchdog/missing.js', 'app://watchdog/../secret.txt', 'app://elsewhere/index.html'])(
    'puts the strict CSP on the response to %s',
    async (url) => {
      const csp = (await get(url)).headers.get('content-security-policy');
      expect(csp).toBe(CONTENT_SECURITY_POLICY);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
    },
  );

  it.each([
    'app://watchdog/../../etc/passwd',
    'app://watchdog/../secret.txt',
    'app://watchdog/%2e%2e/secret.txt',
    'app://watchdog/%2E%2E/%2e%2e/etc/passwd',
    'app://watchdog/..%2fsecret.txt',
    'app://watchdog/assets/..%2f..%2fsecret.txt',
    'app://watchdog/..%5csecret.txt',
    'app://watchdog/assets/..%5C..%5Csecret.txt',
    'app://watchdog/%252e%252e%252fsecret.txt',
    'app://watchdog/%2fetc%2fpasswd',
    'app://watchdog/secret.txt%00.js',
    'app://watchdog/assets/link.txt',
    'app://watchdog/%E0%A4%A',
  ])('refuses to leave the renderer folder: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('refuses other hosts on the scheme', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
  });

  it('serves HEAD without a body and refuses other methods', async () => {
    const head = await get('app://watchdog/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://watchdog/index.html', 'POST')).status).toBe(405);
  });

  it('answers 404 for a missing asset rather than the app', async () => {
    expect((await get('app://watchdog/assets/missing.js')).status).toBe(404);
  });
});
