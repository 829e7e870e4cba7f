import type { Subscription } from 'rxjs';
import { v7 } from 'uuid';
import type { SavedView } from '../../../shared/contract/documents';
import type { EventFilter } from '../../../shared/filter';
import type { Actor } from '../accounts/audit-events';
import { AppError } from '../api/errors';
import type { EventBus } from '../bus';
import type { Documents } from '../documents/collections';
import type { SavedViewDoc } from '../documents/collections/schemas';
import { insertAs, patchAs, removeAs, describeWriteError } from '../documents/collections/write';

/**
 * Saved timeline views: named filters, each user's own (`owner` is the user name). A live RxDB query
 * over every view, by owner and name, pushes a user's whole list (`views.changed`, delivered to that
 * user's sessions only) whenever it changes.
 */
export class SavedViews {
  private subscription: Subscription | null = null;

  private constructor(
    private readonly docs: Documents,
    private readonly now: () => Date,
  ) {}

  static open(docs: Documents, bus: EventBus, now: () => Date = () => new Date()): SavedViews {
    const views = new SavedViews(docs, now);
    let last = new Map<string, string>();
    let first = true;
    views.subscription = docs.savedViews
      .find({ selector: {}, sort: [{ owner: 'asc' }, { name: 'asc' }] })
      .$.subscribe((found) => {
        const byOwner = new Map<string, SavedView[]>();
        for (const doc of found) {
          const json = doc.toJSON() as SavedViewDoc;
          byOwner.set(json.owner, [...(byOwner.get(json.owner) ?? []), toView(json)]);
        }
        for (const list of byOwner.values()) list.sort(byName);
        const next = new Map([...byOwner].map(([owner, list]) => [owner, JSON.stringify(list)]));
        // Only owners whose list changed hear of it (a list that became empty included); the first
        // answer is the state at subscription, not a change.
        for (const owner of new Set([...last.keys(), ...next.keys()])) {
          if (!first && last.get(owner) !== next.get(owner)) bus.publish('views.changed', { owner, views: byOwner.get(owner) ?? [] });
        }
        last = next;
        first = false;
      });
    return views;
  }

  async list(actor: Actor): Promise<SavedView[]> {
    return (await this.owned(ownerOf(actor))).map((d) => toView(d.toJSON() as SavedViewDoc)).sort(byName);
  }

  /** Saves `filter` under `name`; a name the user has already (in any case) replaces that view's filter. */
  async save(actor: Actor, name: string, filter: EventFilter): Promise<SavedView> {
    const owner = ownerOf(actor);
    const existing = await this.byName(owner, name);
    if (existing) return toView((await patchAs(existing, actor, { filter, name }, this.now())).toJSON() as SavedViewDoc);
    const { inserted, refused } = await insertAs(this.docs.savedViews, actor, [{ id: v7(), name, filter, owner }], this.now());
    const [error] = refused;
    if (error || !inserted[0]) throw new AppError('BAD_INPUT', error ? describeWriteError('savedViews', error) : 'The view was not saved.');
    return toView(inserted[0]);
  }

  async rename(actor: Actor, id: string, name: string): Promise<SavedView> {
    const doc = await this.mine(actor, id);
    const clash = await this.byName(ownerOf(actor), name);
    if (clash && clash.primary !== id) throw new AppError('CONFLICT', `You have a view named “${clash.name}” already. Choose another name, or delete that view first.`);
    return toView((await patchAs(doc, actor, { name }, this.now())).toJSON() as SavedViewDoc);
  }

  async remove(actor: Actor, id: string): Promise<boolean> {
    await removeAs(await this.mine(actor, id), actor, this.now());
    return true;
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private async owned(owner: string) {
    return this.docs.savedViews.find({ selector: { owner }, sort: [{ owner: 'asc' }, { name: 'asc' }] }).exec();
  }

  private async byName(owner: string, name: string) {
    const wanted = name.toLocaleLowerCase('en-US');
    return (await this.owned(owner)).find((d) => d.name.toLocaleLowerCase('en-US') === wanted) ?? null;
  }

  /** The user's own view: another user's id answers NOT_FOUND, exactly as a missing one. */
  private async mine(actor: Actor, id: string) {
    const doc = await this.docs.savedViews.findOne(id).exec();
    if (!doc || doc.owner !== ownerOf(actor)) throw new AppError('NOT_FOUND', 'That view does not exist (any more).');
    return doc;
  }
}

function ownerOf(actor: Actor): string {
  if (!actor.userName) throw new AppError('UNAUTHENTICATED', 'Saved views belong to a user: please log in.');
  return actor.userName;
}

/** By name as people read it: case and accents aside (the index orders by code point). */
function byName(a: SavedView, b: SavedView): number {
  return a.name.localeCompare(b.name, 'en-US', { sensitivity: 'base' }) || a.name.localeCompare(b.name, 'en-US');
}

function toView(doc: SavedViewDoc): SavedView {
  return { id: doc.id, name: doc.name, filter: doc.filter, updatedAt: doc.updatedAt };
}
