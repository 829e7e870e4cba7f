/**
 * Ingest worker thread: parses, validates and canonicalises batches so the writer thread only
 * sequences, chains and inserts. Stateless; the pipeline may run several.
 */
import { parentPort } from 'node:worker_threads';
import { prepareBatch } from './prepare-batch';

export interface PrepareRequest {
  id: number;
  body: unknown;
}

if (!parentPort) throw new Error('prepare-worker runs only as a worker thread');
const port = parentPort;
port.on('message', ({ id, body }: PrepareRequest) => {
  let outcome;
  try {
    outcome = prepareBatch(body);
  } catch (error) {
    outcome = { ok: false, error: { code: 'INTERNAL', message: `Preparing the batch failed: ${(error as Error).message}` } };
  }
  port.postMessage({ id, outcome });
});
