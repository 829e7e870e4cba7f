import { shell } from 'electron';

/**
 * The only hosts Watchdog ever sends the user to, in the system browser. Kept here and nowhere else:
 * adding a host is a security decision and should show up in review as a change to this list.
 * `help.watchdog.example` stands in for the help site until it is published; `.example` is reserved
 * (RFC 2606), so the placeholder can never resolve to someone else's server.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['help.watchdog.example'];

/** Longer than any help page needs; a very long URL is a smuggling attempt, not a link. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

export type LinkVerdict = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Decides whether a URL may leave the app for the system browser. Only `https://` to a listed host,
 * written plainly: the host the URL says is the host WHATWG parsing finds, so what we check is what
 * the browser opens. Returns the normalised URL to open, or why not.
 */
export function vetExternalUrl(candidate: unknown, allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS): LinkVerdict {
  if (typeof candidate !== 'string' || candidate === '') return refuse('it is not a URL');
  if (candidate.length > MAX_EXTERNAL_URL_LENGTH) return refuse('it is too long');
  // Printable ASCII only: no spaces, tabs or newlines (the URL parser drops them silently), no
  // Unicode look-alike hosts, full-width dots or direction overrides.
  if (!/^[\x21-\x7e]+$/.test(candidate)) return refuse('it contains spaces, control or non-ASCII characters');
  // WHATWG reads "\" as "/" in https URLs, other parsers do not; no second reading of one link.
  if (candidate.includes('\\')) return refuse('it contains a backslash');
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return refuse('it is not a valid URL');
  }
  if (parsed.protocol !== 'https:') return refuse(`only https links open outside the app, not ${parsed.protocol}`);
  if (parsed.username !== '' || parsed.password !== '') return refuse('it carries credentials');
  if (parsed.port !== '') return refuse('it names a port');
  if (writtenHost(candidate) !== parsed.hostname) {
    return refuse('its host is disguised (encoded, with credentials, a port or an unusual form)');
  }
  if (parsed.hostname.split('.').some((label) => label.startsWith('xn--'))) return refuse('its host is an internationalised (punycode) name');
  if (!allowedHosts.includes(parsed.hostname)) return refuse(`${parsed.hostname} is not on the list of sites Watchdog links to`);
  return { ok: true, url: parsed.href };
}

export function isVettedExternalUrl(candidate: unknown): boolean {
  return vetExternalUrl(candidate).ok;
}

export type OpenInBrowser = (url: string) => Promise<void>;

/**
 * The one place the app calls `shell.openExternal`. Anything that is not vetted is dropped; the
 * renderer never chooses what the operating system opens.
 */
export async function openExternalLink(candidate: unknown, open: OpenInBrowser = openInSystemBrowser): Promise<boolean> {
  const verdict = vetExternalUrl(candidate);
  if (!verdict.ok) return false;
  try {
    await open(verdict.url);
    return true;
  } catch (error) {
    // No browser registered, or the user's desktop refused: nothing else to do but say so in the log.
    console.warn('Watchdog could not open a link in the system browser:', error);
    return false;
  }
}

/** Reached only with vetExternalUrl's output (openExternalLink above); hence the annotation for Electronegativity. */
function openInSystemBrowser(vettedUrl: string): Promise<void> {
  return shell.openExternal(vettedUrl); // eng-disable OPEN_EXTERNAL_JS_CHECK: the URL is vetted
}

/** The authority exactly as written after `https://`, lower-cased, before any decoding or normalising. */
function writtenHost(url: string): string | null {
  const match = /^https:\/\/([^/?#]*)/i.exec(url);
  return match ? (match[1] ?? '').toLowerCase() : null;
}

function refuse(why: string): LinkVerdict {
  return { ok: false, reason: `The link was not opened: ${why}.` };
}
