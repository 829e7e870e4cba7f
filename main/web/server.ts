import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Result } from '../../shared/contract';
import { operatorContext, type Core } from '../core';
import { mayReceive } from '../core/api/router';
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
 * pushed events (`/api/events`), bound to 127.0.0.1 only, guarded by a per-launch token.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  // forceCloseConnections: keep-alive and WebSocket clients must not hold a closing host open.
  const app = Fastify({ logger: options.log ?? false, bodyLimit: BODY_LIMIT, forceCloseConnections: true });
  let port = 0;

  app.addHook('onRequest', async (request, reply) => {
    if (!hostAllowed(request.headers.host, port)) return deny(reply, 421, 'This address is not served here.');
    if (!originAllowed(request.headers.origin, port)) return deny(reply, 403, 'Requests from other sites are refused.');
    if (request.url.startsWith('/api/') && !authorized(request, token)) {
      return deny(reply, 401, 'The session token is missing or wrong; reopen the address Watchdog printed.');
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
    return options.core.router.invoke(operatorContext('web'), body.channel, body.input);
  });
  app.get('/api/events', { websocket: true }, (socket) => {
    const context = operatorContext('web');
    const unsubscribe = options.core.bus.subscribe((event, payload) => {
      if (!mayReceive(context, event)) return;
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

function authorized(request: FastifyRequest, token: string): boolean {
  // Browsers cannot set headers on a WebSocket handshake, so the socket carries the token in its query.
  const fromQuery = request.url.startsWith('/api/events') ? (request.query as { token?: string }).token : undefined;
  const given = bearerToken(request.headers.authorization) ?? fromQuery;
  return tokensEqual(token, given);
}

function deny(reply: FastifyReply, status: number, message: string) {
  const code = status === 401 || status === 403 || status === 421 ? 'FORBIDDEN' : 'BAD_INPUT';
  return reply.status(status).send({ ok: false, error: { code, message } } satisfies Result<never>);
}
