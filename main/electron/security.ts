import type { Session, WebContents } from 'electron';
import { isAppUrl } from './origin';

/**
 * Permissions the app's own pages may use. Everything else (camera, geolocation, notifications,
 * devices, …) is refused: a back-office console needs none of it, and a compromised renderer must
 * not get it either. Copying an event hash or id to the clipboard is the one thing we do want.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** Deny-by-default permission handling for the session our window uses. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
}

/**
 * The renderer may never leave the app origin, open windows, or attach `<webview>`s: each would be a
 * way to run content we did not ship with whatever the preload exposes.
 */
export function hardenWebContents(contents: WebContents): void {
  const stayOnAppOrigin = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnAppOrigin);
  contents.on('will-frame-navigate', stayOnAppOrigin);
  contents.on('will-redirect', stayOnAppOrigin);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
