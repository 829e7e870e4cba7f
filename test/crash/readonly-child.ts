/**
 * Run as an unprivileged user (uid nobody) on a store file that user may read but not write: tries the
 * writable open Watchdog does at start, then a read-only open and an append. Prints JSON
 * { writable: Outcome, readonlyOpen: Outcome, append: Outcome, events: number | null }.
 */
import { AuditStore } from '../../main/core/store';
import { sampleBatch } from '../../main/core/store/test-helpers';

type Outcome = { ok: true } | { ok: false; name: string; code: string | undefined; message: string };
const [file, keyHex, fromText] = process.argv.slice(2) as [string, string, string];
const key = Buffer.from(keyHex, 'hex');
const failed = (error: unknown): Outcome => ({ ok: false, name: (error as Error).name, code: (error as { code?: string }).code, message: (error as Error).message });

const result: { writable: Outcome | null; readonlyOpen: Outcome | null; append: Outcome | null; events: number | null } = {
  writable: null,
  readonlyOpen: null,
  append: null,
  events: null,
};
try {
  AuditStore.open(file, { key }).close();
  result.writable = { ok: true };
} catch (error) {
  result.writable = failed(error);
}
try {
  const store = AuditStore.open(file, { key, readonly: true });
  result.readonlyOpen = { ok: true };
  try {
    store.append(sampleBatch(Number(fromText), 10));
    result.append = { ok: true };
  } catch (error) {
    result.append = failed(error);
  }
  result.events = store.events.summary().events;
  store.close();
} catch (error) {
  result.readonlyOpen = failed(error);
}
process.stdout.write(JSON.stringify(result));
