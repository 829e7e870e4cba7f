/**
 * Ingest through the real IngestPipeline in a process whose file size limit (RLIMIT_FSIZE, set by the
 * test with `ulimit -f`) stops the WAL from growing: the write at COMMIT fails as on a full disk. The
 * writer is held 20 ms before each group so batches queue up and groups hold several of them. Stops
 * submitting at the first refusal, then prints what happened as JSON:
 * { acknowledged: string[][], refused: { ids: string[], code, message }[], groups: { size, failed }[] }
 */
import { AppError } from '../../main/core/api/errors';
import { IngestPipeline } from '../../main/core/ingest/pipeline';
import { AuditStore } from '../../main/core/store';
import { sampleEvent } from '../../main/core/store/test-helpers';
import { eventId } from './protocol';

const [file, keyHex] = process.argv.slice(2) as [string, string];
const store = AuditStore.open(file, { key: Buffer.from(keyHex, 'hex') });
const log = store.log;
const appendGroup = log.appendGroup.bind(log);
const groups: { size: number; failed: boolean }[] = [];
const pause = new Int32Array(new SharedArrayBuffer(4));
log.appendGroup = (batches, receivedAt) => {
  Atomics.wait(pause, 0, 0, 20);
  try {
    const outcomes = appendGroup(batches, receivedAt);
    groups.push({ size: batches.length, failed: false });
    return outcomes;
  } catch (error) {
    groups.push({ size: batches.length, failed: true });
    throw error;
  }
};

const pipeline = new IngestPipeline(log, { workers: 1 });
const acknowledged: string[][] = [];
const refused: { ids: string[]; code: string; message: string }[] = [];
let counter = 0;
const run = { stop: false };
async function submitter(): Promise<void> {
  while (!run.stop) {
    const ids = Array.from({ length: 200 }, () => eventId(0xc0ffee, 1, counter++));
    try {
      await pipeline.submit(ids.map((id, k) => sampleEvent(counter + k, { event_id: id })));
      acknowledged.push(ids);
    } catch (error) {
      refused.push({ ids, code: error instanceof AppError ? error.code : 'ERROR', message: (error as Error).message });
      run.stop = true;
    }
  }
}
await Promise.all(Array.from({ length: 8 }, submitter));
await pipeline.close();
store.close();
process.stdout.write(JSON.stringify({ acknowledged, refused, groups }));
