import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppErrorShape } from '../../../shared/contract';
import { AppError } from '../api/errors';
import type { BatchSender } from '../ingest/prepare-batch';
import type { AppendResult } from '../store/audit-log';
import { MAX_SKEW_MS, SIGNATURE_HEADER, TERMINAL_HEADER, TIMESTAMP_HEADER, verifySignature } from './keys';
import type { ActiveTerminal, Terminals } from './registry';
import { ReplayGuard } from './replay-guard';
import { TokenBuckets } from './token-bucket';

export interface IngestServerOptions {
  host: string;
  port: number;
  terminals: Pick<Terminals, 'active' | 'touch'>;
  /** Validates and stores a batch (the core's pipeline: workers, then a group commit). */
  submit(body: string, sender: BatchSender): Promise<AppendResult>;
  /** PEM key and certificate: HTTPS instead of HTTP. */
  tls?: { key: string; cert: string } | null;
  /** Requests per second (and burst) per terminal, and per source address. */
  perTerminal?: { perSecond: number; burst: number };
  perAddress?: { perSecond: number; burst: number };
  /** Largest body accepted, in bytes (default 4 MiB: a full batch of 1,000 large events). */
  bodyLimit?: number;
  now?: () => number;
}

export interface IngestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const API_ERRORS: Record<string, number> = { BAD_INPUT: 400, UNAUTHENTICATED: 401, RATE_LIMITED: 429, UNAVAILABLE: 503 };

/**
 * The terminal ingest API (docs/ingest.md): `POST /v1/events` takes one event, an array or
 * `{ "events": [...] }` of up to 1,000, all or nothing; `GET /v1/health`. Every request is signed by
 * a registered terminal (keys.ts); limits per source address come first, per terminal after the
 * signature (so nobody can spend a terminal's allowance in its name). Bad input of any kind is a 4xx
 * with a reason; a 5xx means the server itself failed.
 */
export async function startIngestServer(options: IngestServerOptions): Promise<IngestServer> {
  const now = options.now ?? Date.now;
  // Generous per address: a store may put many tills behind one address (a NAT, a proxy, the simulator).
  const perAddress = new TokenBuckets(options.perAddress?.perSecond ?? 1_000, options.perAddress?.burst ?? 2_000, now);
  const perTerminal = new TokenBuckets(options.perTerminal?.perSecond ?? 50, options.perTerminal?.burst ?? 100, now);
  const replays = new ReplayGuard(MAX_SKEW_MS * 2, now);
  // HTTPS or HTTP, the same handlers: typed as the plain HTTP instance.
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 4 * 1024 * 1024,
    ...(options.tls ? { https: { key: options.tls.key, cert: options.tls.cert } } : {}),
  }) as unknown as FastifyInstance;

  // The body stays bytes: the signature covers exactly what was sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setNotFoundHandler((request, reply) => send(reply, 404, { code: 'NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]} here: terminals send POST /v1/events.` }));
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message =
      status === 413 ? `The body is larger than the ${Math.round((options.bodyLimit ?? 4 * 1024 * 1024) / 1024)} KiB this API accepts: send at most 1,000 events per request.`
      : status === 415 ? 'Send the events as application/json.'
      : status < 500 ? `The request was not understood: ${error.message}`
      : 'The server failed unexpectedly; nothing of the request was stored.';
    return send(reply, status, { code: status < 500 ? 'BAD_INPUT' : 'INTERNAL', message });
  });

  app.get('/v1/health', async (_request, reply) => send(reply, 200, null, { status: 'ok', time: new Date(now()).toISOString() }));

  app.post('/v1/events', async (request, reply) => {
    const source = request.ip;
    const addressWait = perAddress.take(source);
    if (addressWait) return tooMany(reply, addressWait, 'Too many requests from this address.');
    const body = request.body;
    if (!Buffer.isBuffer(body)) return send(reply, 415, { code: 'BAD_INPUT', message: 'Send the events as application/json.' });
    const auth = authenticate(request, body);
    if (auth.refused !== undefined) return send(reply, 401, { code: 'UNAUTHENTICATED', message: auth.refused });
    const terminalWait = perTerminal.take(auth.terminal.id);
    if (terminalWait) return tooMany(reply, terminalWait, `Too many requests from terminal ${auth.terminal.name}.`);
    options.terminals.touch(auth.terminal.id, auth.skewMs);
    try {
      const result = await options.submit(body.toString('utf8'), { terminalId: auth.terminal.name, storeId: auth.terminal.storeId });
      return send(reply, 200, null, { ...result });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = API_ERRORS[error.code] ?? 500;
      if (status === 503) reply.header('retry-after', '1');
      return send(reply, status, error.toShape());
    }
  });

  /** Who signed the request, or why it is refused. Cheapest checks first; the signature last but one. */
  function authenticate(request: FastifyRequest, body: Buffer): { refused: string; terminal?: never } | { refused?: never; terminal: ActiveTerminal; skewMs: number } {
    const id = header(request, TERMINAL_HEADER);
    const timestamp = header(request, TIMESTAMP_HEADER);
    const signature = header(request, SIGNATURE_HEADER);
    if (!id || !timestamp || !signature) return { refused: `Sign the request: the ${TERMINAL_HEADER}, ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers are required.` };
    if (!/^\d{1,16}$/.test(timestamp)) return { refused: `${TIMESTAMP_HEADER} must be the signing time in Unix milliseconds.` };
    const skewMs = Number(timestamp) - now();
    if (Math.abs(skewMs) > MAX_SKEW_MS) {
      return { refused: `The request was signed ${Math.round(Math.abs(skewMs) / 1000)} s ${skewMs > 0 ? 'ahead of' : 'behind'} this computer's clock (at most ${MAX_SKEW_MS / 60_000} minutes either way): check the terminal's clock.` };
    }
    const terminal = /^t[0-9a-f]{12}$/.test(id) ? options.terminals.active(id) : null;
    if (!terminal) return { refused: 'This terminal is not registered here, or its key was revoked.' };
    if (!verifySignature(terminal.publicKey, request.method, request.url, timestamp, body, signature)) {
      return { refused: 'The signature does not match this request and the terminal’s key.' };
    }
    if (!replays.first(signature, Number(timestamp))) return { refused: 'This exact request was received already (a replay): sign every attempt anew.' };
    return { terminal, skewMs };
  }

  await app.listen({ host: options.host, port: options.port });
  const port = (app.server.address() as AddressInfo).port;
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `${options.tls ? 'https' : 'http'}://${hostPart}:${port}`, port, close: () => app.close() };
}

function header(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' && value.length <= 256 ? value : null;
}

function tooMany(reply: FastifyReply, waitMs: number, message: string) {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  reply.header('retry-after', String(seconds));
  return send(reply, 429, { code: 'RATE_LIMITED', message: `${message} Try again in ${seconds} s.` });
}

function send(reply: FastifyReply, status: number, error: AppErrorShape | null, value?: Record<string, unknown>) {
  return reply.status(status).type('application/json').send(error ? { ok: false, error } : { ok: true, ...value });
}
