import { promises as fs } from 'node:fs';
import path from 'node:path';
import { protocol, type CustomScheme } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl } from './origin';

/**
 * `standard` gives the scheme real origins (so `'self'` in the CSP, relative URLs and storage work);
 * `secure` makes it a secure context like https. `file://` would share one origin with the whole disk.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Chromium fixes scheme privileges at startup, so this must run before the app's `ready` event. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
}

/** Serves `rootDir` (the built renderer) as `app://watchdog/`. Call after `ready`. */
export function registerProtocol(rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rootDir));
}

export type AppRequest = Pick<Request, 'url' | 'method'>;

export type Resolved = { ok: true; file: string; spa: boolean } | { ok: false; status: number; reason: string };

export function createAppRequestHandler(rootDir: string): (request: AppRequest) => Promise<Response> {
  const root = path.resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Only GET and HEAD are served.');
    }
    const resolved = resolveRequestPath(root, request.url);
    if (!resolved.ok) return textResponse(resolved.status, resolved.reason);
    return serveFile(root, resolved, request.method === 'HEAD');
  };
}

/**
 * Maps a request URL to a file under `root`, or refuses. The raw path is judged segment by segment
 * before anything normalises it, and each segment is decoded once, so `..`, `%2e%2e`, `..%2f` and
 * `..%5c` are all seen for what they stand for and refused.
 */
export function resolveRequestPath(root: string, url: string): Resolved {
  if (!isAppUrl(url)) return { ok: false, status: 404, reason: 'Not part of this application.' };
  const segments: string[] = [];
  for (const raw of rawPathOf(url).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'The path is not valid.' };
    }
    if (segment === '..' || /[/\\\0]/.test(segment)) {
      return { ok: false, status: 403, reason: 'The path leaves the application folder.' };
    }
    if (segment !== '' && segment !== '.') segments.push(segment);
  }
  const wantsIndex = segments.length === 0 || rawPathOf(url).endsWith('/');
  const file = path.resolve(root, ...segments, ...(wantsIndex ? ['index.html'] : []));
  if (!isInside(root, file)) return { ok: false, status: 403, reason: 'The path leaves the application folder.' };
  // A path without an extension is a client-side route: the single-page app answers it.
  return { ok: true, file, spa: path.extname(file) === '' };
}

/** The path exactly as requested (before URL parsing resolves dot segments), without query or hash. */
function rawPathOf(url: string): string {
  const afterHost = url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '');
  return afterHost.split(/[?#]/, 1)[0] ?? '';
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function serveFile(root: string, resolved: { file: string; spa: boolean }, headOnly: boolean): Promise<Response> {
  const file = (await readableInside(root, resolved.file)) ?? (resolved.spa ? await readableInside(root, path.join(root, 'index.html')) : null);
  if (file === null) return textResponse(404, 'Not found.');
  const body = await fs.readFile(file);
  return new Response(headOnly ? null : body, { status: 200, headers: securityHeaders(mimeTypeFor(file)) });
}

/** The real path of a regular file, if it exists and (after symlinks) still lies inside the root. */
async function readableInside(root: string, file: string): Promise<string | null> {
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
    if (!isInside(realRoot, realFile)) return null;
    const stat = await fs.stat(realFile);
    return stat.isFile() ? realFile : null;
  } catch {
    return null;
  }
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // The renderer is rebuilt in place during development; never serve a stale bundle.
    'Cache-Control': 'no-cache',
  };
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}
