import type { Session, WebContents } from 'electron';
import { openExternalLink } from './external-links';
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

/** Where a link that leaves the app goes instead: the system browser, if the link is vetted. */
export type ExternalLinkOpener = (url: string) => unknown;

type NavigationEvent = { url: string; isMainFrame?: boolean; preventDefault(): void };

/**
 * The renderer may never leave the app origin, open windows, or attach `<webview>`s: each would be a
 * way to run content we did not ship with whatever the preload exposes. A link to one of our vetted
 * sites (`external-links.ts`) opens in the system browser instead; everything else just stops.
 */
export function hardenWebContents(contents: WebContents, openLink: ExternalLinkOpener = openExternalLink): void {
  const guard = (opensLinks: (event: NavigationEvent) => boolean) => (event: NavigationEvent) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    if (opensLinks(event)) void openLink(event.url);
  };
  // Electron asks will-frame-navigate first, for every frame, and once it is prevented never asks
  // will-navigate (electron_navigation_throttle.cc). So a link clicked in our page is handed over
  // here, exactly once; will-navigate only stops, as a second line. Subframes never open links.
  contents.on('will-frame-navigate', guard((event) => event.isMainFrame === true));
  contents.on('will-navigate', guard(() => false));
  // A redirect is the server's choice, not the user's: stopped, never opened.
  contents.on('will-redirect', guard(() => false));
  contents.setWindowOpenHandler(({ url }) => {
    void openLink(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
