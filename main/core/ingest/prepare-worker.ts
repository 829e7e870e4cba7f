/**
 * Ingest worker thread: parses, validates and canonicalises batches (and maps file imports' rows) so
 * the writer thread only sequences, chains and inserts. Batches are stateless; an import's rows keep
 * one stream's derived-id window here (prepare-rows.ts).
 */
import { parentPort } from 'node:worker_threads';
import { prepareBatch, type BatchSender, type PrepareOutcome } from './prepare-batch';
import { RowStreams, type RowsOutcome, type RowsRequest } from './prepare-rows';

export type WorkerRequest =
  | { kind: 'batch'; id: number; body: unknown; sender?: BatchSender }
  | ({ kind: 'rows'; id: number } & RowsRequest)
  | { kind: 'end'; stream: number };

if (!parentPort) throw new Error('prepare-worker runs only as a worker thread');
const port = parentPort;
const streams = new RowStreams();
port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'end') {
    streams.end(request.stream);
    return;
  }
  let outcome: PrepareOutcome | RowsOutcome;
  try {
    outcome = request.kind === 'rows' ? streams.prepare(request) : prepareBatch(request.body, request.sender);
  } catch (error) {
    outcome = { ok: false, error: { code: 'INTERNAL', message: `Preparing the batch failed: ${(error as Error).message}` } };
  }
  // Packed runs own their memory (v8.serialize), so they move to the writer instead of being copied.
  const owned = (outcome.ok ? outcome.batch.packed : []).filter((run) => run.byteOffset === 0 && run.byteLength === run.buffer.byteLength);
  port.postMessage({ id: request.id, outcome }, owned.map((run) => run.buffer as ArrayBuffer));
});
