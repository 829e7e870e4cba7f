import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Result } from '../../shared/contract';
import type { Core } from '../core';
import { mayReceive } from '../core/api/router';
import { callerOf, LAUNCH_COOKIE, setLaunchCookie } from './caller';
import { bearerToken, contentSecurityPolicy, hostAllowed, originAllowed, SECURITY_HEADERS, tokensEqual } from './security';

export interface WebHostOptions {
  core: Core;
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  log?: boolean;
}

export interface WebHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest request: a full batch of 1,000 events with generous details. */
const BODY_LIMIT = 32 * 1024 * 1024;

/**
 * The browser host: the same router as Electron over HTTP (`POST /api/invoke`) and a WebSocket for
 * pushed events (`/api/events`), bound to 127.0.0.1 only. Two guards: the browser is admitted by the
 * per-launch token, exchanged on the launch URL for an httpOnly cookie (and taken out of the address
 * bar by a redirect); the user then logs in, and the session lives in another httpOnly, SameSite=
 * Strict cookie. Origin and Host are checked on every request and on the WebSocket upgrade.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  // forceCloseConnections: keep-alive and WebSocket clients must not hold a closing host open.
  const app = Fastify({ logger: options.log ?? false, bodyLimit: BODY_LIMIT, forceCloseConnections: true });
  let port = 0;

  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request, reply) => {
    if (!hostAllowed(request.headers.host, port)) return deny(reply, 421, 'This address is not served here.');
    if (!originAllowed(request.headers.origin, port)) return deny(reply, 403, 'Requests from other sites are refused.');
    if (request.url.startsWith('/api/')) {
      if (!authorized(request, token)) return deny(reply, 401, 'This browser has not been admitted; reopen the address Watchdog printed.');
      return;
    }
    // The launch URL: its token becomes the launch cookie once, and leaves the address bar.
    const launch = (request.query as { token?: unknown } | undefined)?.token;
    if (request.method === 'GET' && typeof launch === 'string') {
      if (tokensEqual(token, launch)) setLaunchCookie(reply, token);
      const url = new URL(request.url, 'http://127.0.0.1');
      url.searchParams.delete('token');
      return reply.redirect(url.pathname + url.search, 303);
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
    reply.header('content-security-policy', contentSecurityPolicy(`http://127.0.0.1:${port}`));
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    const message = status === 413 ? 'The request is larger than the server accepts.' : status < 500 ? `The request was not understood: ${error.message}` : 'The server failed unexpectedly.';
    return reply.status(status).send({ ok: false, error: { code: status < 500 ? 'BAD_INPUT' : 'INTERNAL', message } } satisfies Result<never>);
  });

  await app.register(fastifyWebsocket);
  app.post('/api/invoke', async (request, reply) => {
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return deny(reply, 415, 'Send the request as application/json.');
    }
    const body = request.body as { channel?: unknown; input?: unknown } | null;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return deny(reply, 400, 'The request body must be a JSON object with a channel and an input.');
    }
    return options.core.router.invoke(options.core.context(callerOf(request, reply)), body.channel, body.input);
  });
  app.get('/api/events', { websocket: true }, (socket, request) => {
    // The cookies of the handshake name the session; each event is checked against it as it is now
    // (ended, locked or changed sessions stop receiving), without counting as the user's activity.
    const caller = callerOf(request, null, true);
    const unsubscribe = options.core.bus.subscribe((event, payload) => {
      if (!mayReceive(options.core.context(caller), event, payload)) return;
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }));
    });
    socket.on('close', unsubscribe);
  });

  if (fs.existsSync(options.rendererDir)) {
    // wildcard: files are looked up per request, so a rebuilt renderer is served without a restart.
    await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html', wildcard: true });
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain').send('The renderer has not been built: run `npm run build`, then start Watchdog again.'),
    );
  }

  // A refused WebSocket upgrade (bad token, foreign origin) leaves its raw socket outside Fastify's
  // connection tracking; without this, such a client could hold a closing host open forever.
  const upgraded = new Set<Duplex>();
  app.server.on('upgrade', (_request, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });
  const close = async () => {
    for (const socket of upgraded) socket.destroy();
    await app.close();
  };

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  port = (app.server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return { url: `${origin}/?token=${token}`, origin, port, token, close };
}

/** The launch cookie (browsers, WebSocket handshakes included) or a Bearer header (scripts, tests). */
function authorized(request: FastifyRequest, token: string): boolean {
  return tokensEqual(token, request.cookies[LAUNCH_COOKIE]) || tokensEqual(token, bearerToken(request.headers.authorization));
}

function deny(reply: FastifyReply, status: number, message: string) {
  const code = status === 401 || status === 403 || status === 421 ? 'FORBIDDEN' : 'BAD_INPUT';
  return reply.status(status).send({ ok: false, error: { code, message } } satisfies Result<never>);
}
