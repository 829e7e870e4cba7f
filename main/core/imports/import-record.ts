import type { ImportKind } from '../../../shared/contract/import-channels';
import type { AccountEvent } from '../accounts/audit-events';
import type { KindResult } from './import-kinds';
import type { ImportFormat } from './source';

/**
 * The log's own record of an import (`data.import`), from the wizard or `watchdog import`: who brought
 * which file in, as what, and what became of its rows. The imported events are in the log too; sales
 * and stock history are not events, so for them this is the only trace.
 */
export function importRecord(kind: ImportKind, fileName: string, format: ImportFormat, source: string | null, result: KindResult): AccountEvent {
  return {
    action: 'data.import',
    status: result.outcome === 'failed' ? 'failure' : 'success',
    resourceType: 'file',
    resourceId: fileName,
    errorDetails: result.failure?.message,
    details: {
      kind,
      format,
      outcome: result.outcome,
      source: source ?? undefined,
      rows_read: result.rowsRead,
      rows_stored: result.rowsStored,
      duplicates: result.duplicates,
      rows_rejected: result.rowsRejected,
      ...(result.history ? { days: result.history.days, from: result.history.from, to: result.history.to } : {}),
    },
  };
}
