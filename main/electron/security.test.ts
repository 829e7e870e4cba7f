import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from 'electron';
import { APP_ORIGIN } from './origin';
import { hardenSession, isPermissionAllowed } from './security';
import { asElectron, resetElectronStub, session } from '../../test/fixtures/electron/electron-stub';

vi.mock('electron', () => import('../../test/fixtures/electron/electron-stub'));

const EVERYDAY_PERMISSIONS = ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'serial', 'usb', 'fullscreen', 'unknown'];

function hardened() {
  const ses = session.defaultSession;
  hardenSession(asElectron<Session>(ses));
  const request = ses.permissionRequestHandler;
  const check = ses.permissionCheckHandler;
  if (!request || !check) throw new Error('hardenSession installed no permission handlers');
  const ask = (permission: string, requestingUrl: string) => {
    let granted: boolean | undefined;
    request(null, permission, (answer) => (granted = answer), { requestingUrl });
    return granted;
  };
  return { ask, check: (permission: string, origin: string) => check(null, permission, origin, {}) };
}

describe('permissions', () => {
  beforeEach(() => resetElectronStub());

  it.each(EVERYDAY_PERMISSIONS)('a request for %s is denied, even from the app origin', (permission) => {
    expect(hardened().ask(permission, `${APP_ORIGIN}/index.html`)).toBe(false);
  });

  it.each(EVERYDAY_PERMISSIONS)('a check for %s is denied, even from the app origin', (permission) => {
    expect(hardened().check(permission, APP_ORIGIN)).toBe(false);
  });

  it('allows only sanitized clipboard writes, and only from the app origin', () => {
    const { ask, check } = hardened();
    expect(ask('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(check('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(check('clipboard-sanitized-write', 'https://example.com')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', null)).toBe(false);
  });
});
