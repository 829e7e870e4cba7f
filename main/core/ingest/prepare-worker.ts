/**
 * Ingest worker thread: parses, validates and canonicalises batches so the writer thread only
 * sequences, chains and inserts. Stateless; the pipeline may run several.
 */
import { parentPort } from 'node:worker_threads';
import { prepareBatch, type BatchSender, type PrepareOutcome } from './prepare-batch';

export interface PrepareRequest {
  id: number;
  body: unknown;
  sender?: BatchSender;
}

if (!parentPort) throw new Error('prepare-worker runs only as a worker thread');
const port = parentPort;
port.on('message', ({ id, body, sender }: PrepareRequest) => {
  let outcome: PrepareOutcome;
  try {
    outcome = prepareBatch(body, sender);
  } catch (error) {
    outcome = { ok: false, error: { code: 'INTERNAL', message: `Preparing the batch failed: ${(error as Error).message}` } };
  }
  // The packed batch owns its memory (v8.serialize), so it moves to the writer instead of being copied.
  const packed = outcome.ok ? outcome.batch.packed : null;
  const own = packed && packed.byteOffset === 0 && packed.byteLength === packed.buffer.byteLength;
  port.postMessage({ id, outcome }, own ? [packed.buffer as ArrayBuffer] : []);
});
