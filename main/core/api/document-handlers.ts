import type { ChannelName } from '../../../shared/contract';
import type { DocumentServices } from '../settings/document-services';
import type { Handler } from './router';

type DocumentChannel = 'settings.get' | 'settings.set' | 'views.list' | 'views.save' | 'views.rename' | 'views.delete';

export type DocumentHandlers = { [C in DocumentChannel & ChannelName]: Handler<C> };

/** Settings and saved views: thin, the rules are in main/core/settings/ and main/core/views/. */
export function createDocumentHandlers(services: () => Promise<DocumentServices>): DocumentHandlers {
  return {
    'settings.get': async () => (await services()).settings.view(),
    'settings.set': async (change, ctx) => (await services()).settings.set(change, ctx.actor),
    'views.list': async (_input, ctx) => (await services()).views.list(ctx.actor),
    'views.save': async ({ name, filter }, ctx) => (await services()).views.save(ctx.actor, name, filter),
    'views.rename': async ({ id, name }, ctx) => (await services()).views.rename(ctx.actor, id, name),
    'views.delete': async ({ id }, ctx) => ({ deleted: await (await services()).views.remove(ctx.actor, id) }),
  };
}
