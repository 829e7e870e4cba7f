import type { ChannelName } from '../../../shared/contract';
import type { ImportService } from '../imports/import-service';
import type { Handler } from './router';

type ImportChannel = 'imports.upload' | 'imports.discard' | 'imports.preview' | 'imports.tryMapping' | 'imports.start' | 'imports.cancel' | 'imports.job' | 'imports.errorReport';

export type ImportHandlers = { [C in ImportChannel & ChannelName]: Handler<C> };

/** The import wizard's channels: thin, the work is in main/core/imports/import-service.ts. */
export function createImportHandlers(imports: ImportService): ImportHandlers {
  return {
    'imports.upload': (chunk, ctx) => imports.upload(ctx, chunk),
    'imports.discard': ({ uploadId }, ctx) => ({ discarded: imports.discard(ctx, uploadId) }),
    'imports.preview': (input, ctx) => imports.preview(ctx, input),
    'imports.tryMapping': (input, ctx) => imports.tryMapping(ctx, input),
    'imports.start': (input, ctx) => imports.start(ctx, input),
    'imports.cancel': ({ jobId }, ctx) => imports.cancel(ctx, jobId),
    'imports.job': ({ jobId }, ctx) => imports.job(ctx, jobId),
    'imports.errorReport': ({ jobId }, ctx) => imports.errorReport(ctx, jobId),
  };
}
