/**
 * The one origin the renderer is allowed to live on. Navigation checks, the IPC sender check and the
 * protocol handler all ask `isAppUrl`, so "ours" is decided in exactly one place.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'watchdog';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Sent on every response of the app protocol, errors included. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React and echarts set inline style attributes; scripts stay strictly same-origin.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * True only for `app://watchdog/...`. WHATWG `URL.origin` is "null" for schemes Node does not know,
 * so the scheme and host are compared instead; credentials or a port would make it another origin.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
