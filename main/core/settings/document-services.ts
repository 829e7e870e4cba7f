import type { Sessions } from '../accounts/sessions';
import type { EventBus } from '../bus';
import { openDocuments, type Documents } from '../documents/collections';
import type { AuditStore } from '../store';
import { SavedViews } from '../views/saved-views';
import { SettingsService } from './settings-service';

/** The editable documents and the services over them that the channels use. */
export interface DocumentServices {
  documents: Documents;
  settings: SettingsService;
  views: SavedViews;
  close(): Promise<void>;
}

export async function openDocumentServices(store: AuditStore, sessions: Sessions, bus: EventBus, now: () => Date): Promise<DocumentServices> {
  const documents = await openDocuments(store);
  try {
    const settings = await SettingsService.open(documents, store, sessions, bus, now);
    const views = SavedViews.open(documents, bus, now);
    return {
      documents,
      settings,
      views,
      async close() {
        settings.close();
        views.close();
        await documents.close();
      },
    };
  } catch (error) {
    await documents.close();
    throw error;
  }
}

/**
 * Opens the documents on first use (the RxDatabase costs a moment the CLI's other commands should
 * not pay) and once only; a failed open is tried again on the next use.
 */
export function lazyDocumentServices(open: () => Promise<DocumentServices>): { get(): Promise<DocumentServices>; close(): Promise<void> } {
  let opening: Promise<DocumentServices> | null = null;
  return {
    get() {
      opening ??= open().catch((error: unknown) => {
        opening = null;
        throw error;
      });
      return opening;
    },
    async close() {
      const pending = opening;
      opening = null;
      if (pending) await (await pending.catch(() => null))?.close();
    },
  };
}
