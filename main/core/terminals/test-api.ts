import path from 'node:path';
import { openCore, type Core } from '..';
import type { Actor } from '../accounts/audit-events';
import { newSigningKey } from '../integrity/checkpoint';
import { AuditStore } from '../store';
import { tempDir } from '../store/test-helpers';
import type { IngestServer, IngestServerOptions } from './ingest-server';
import { parseTerminalKey, signRequest, type TerminalKey } from './keys';

/** For tests: an encryption key that is never a real one. */
export const TEST_DB_KEY = Buffer.from('5f1c2e3d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f', 'hex');
export const TEST_ADMIN_ACTOR: Actor = { userName: 'admin', role: 'admin', sessionId: null, source: 'test' };

export interface TestApi {
  core: Core;
  file: string;
  server: IngestServer;
  /** Registers a terminal and returns its parsed key. */
  terminal(name: string, storeId?: string | null): TerminalKey;
  /** A signed POST /v1/events. */
  post(key: TerminalKey, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }>;
  close(): Promise<void>;
}

/** A real core on an encrypted, signed temp file, with the ingest API on 127.0.0.1 (a free port). */
export async function startTestApi(limits: Pick<IngestServerOptions, 'perTerminal' | 'perAddress' | 'bodyLimit'> = {}): Promise<TestApi> {
  const tmp = tempDir();
  const file = path.join(tmp.dir, 'ingest.db');
  const store = AuditStore.open(file, { key: TEST_DB_KEY, signer: { key: newSigningKey(), store: 'S001' } });
  const core = openCore({ dbPath: file, host: 'cli', store, onInternalError: () => {} });
  const server = await core.startIngestApi({ host: '127.0.0.1', port: 0, ...limits });
  return {
    core,
    file,
    server,
    terminal(name, storeId = null) {
      const { key } = core.terminals.add(TEST_ADMIN_ACTOR, name, storeId);
      return parseTerminalKey(key) as TerminalKey;
    },
    async post(key, body, headers = {}) {
      const response = await fetch(`${server.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signRequest(key, 'POST', '/v1/events', body), ...headers },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      const text = await response.text();
      return { status: response.status, json: JSON.parse(text) as Record<string, unknown>, headers: response.headers };
    },
    async close() {
      await core.close();
      tmp.cleanup();
    },
  };
}
