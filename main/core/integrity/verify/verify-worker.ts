/**
 * Verifier worker thread: its own read-only connection to the file, scanning the chunks it is sent.
 * Several run at once; SQLite's WAL lets them read beside a live writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../store/database';
import { scanChunk } from './scan';
import type { Chunk } from './plan';

if (!parentPort) throw new Error('verify-worker runs only as a worker thread');
const port = parentPort;
const { file, key } = workerData as { file: string; key: Uint8Array | null };
const db = openDatabase(file, { readonly: true, create: false, migrate: false, key: key ? Buffer.from(key) : undefined });

port.on('message', ({ id, chunk }: { id: number; chunk: Chunk }) => {
  try {
    port.postMessage({ id, result: scanChunk(db, chunk.from, chunk.to, chunk.sizes) });
  } catch (error) {
    port.postMessage({ id, error: (error as Error).message });
  }
});
