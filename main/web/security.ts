import { timingSafeEqual } from 'node:crypto';

/** Content-Security-Policy for the renderer when served over HTTP (Electron sets its own). */
export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  // The launch URL carries the token: never send it onward in a Referer.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header ?? '');
  return match?.[1];
}

/**
 * Only our own loopback origin may talk to the API. The Host check defeats DNS rebinding (a page on
 * evil.example resolving to 127.0.0.1); the Origin check refuses other local pages and sites.
 */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

export function originAllowed(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true; // non-browser clients (curl, tests) send none
  return originHeader === `http://127.0.0.1:${port}` || originHeader === `http://localhost:${port}`;
}
