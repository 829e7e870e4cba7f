import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, TokenHolder } from '../core';

/** The user's session: an httpOnly, SameSite=Strict cookie that only the API sees. */
export const SESSION_COOKIE = 'wd_session';
/** The browser's admission to this host, from the launch URL's token (exchanged once per browser). */
export const LAUNCH_COOKIE = 'wd_launch';

const COOKIE_BASE = { httpOnly: true, sameSite: 'strict', secure: false } as const;

/** The session token as the request brought it, and set or cleared on the reply. */
export function cookieToken(request: FastifyRequest, reply: FastifyReply | null): TokenHolder {
  let token: string | null = request.cookies[SESSION_COOKIE] || null;
  return {
    get: () => token,
    set: (next) => {
      token = next;
      if (!reply) return;
      if (next === null) void reply.clearCookie(SESSION_COOKIE, { ...COOKIE_BASE, path: '/api' });
      else void reply.setCookie(SESSION_COOKIE, next, { ...COOKIE_BASE, path: '/api' });
    },
  };
}

export function setLaunchCookie(reply: FastifyReply, token: string): void {
  void reply.setCookie(LAUNCH_COOKIE, token, { ...COOKIE_BASE, path: '/' });
}

export function callerOf(request: FastifyRequest, reply: FastifyReply | null, passive = false): Caller {
  const userAgent = request.headers['user-agent'] ?? null;
  return { host: 'web', source: request.ip, device: deviceOf(userAgent), userAgent, token: cookieToken(request, reply), passive };
}

/** "Chrome on Linux": enough to notice a login from a new kind of device, nothing finer. */
export function deviceOf(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const os = /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'macOS' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Linux/.test(userAgent) ? 'Linux' : 'another system';
  return `${browser} on ${os}`;
}
