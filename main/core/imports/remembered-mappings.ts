import { v7 } from 'uuid';
import type { ImportKind } from '../../../shared/contract/import-channels';
import { MappingSchema, type Mapping } from '../../../shared/import-mapping';
import type { Actor } from '../accounts/audit-events';
import type { Documents, IntegrationDoc } from '../documents/collections';
import { insertAs, patchAs } from '../documents/collections/write';

export interface RememberedMapping {
  mapping: Mapping;
  source: { name: string; updatedBy: string; updatedAt: string };
}

interface MappingConfig {
  /** The file's columns, in its order, when the mapping was saved: what identifies the source. */
  columns: string[];
  mapping: Mapping;
}

/**
 * Column mappings remembered per source, as `integrations` documents of kind `import.<kind>` (an
 * export from another system is a connection to it): named by the person who imported, found again by
 * the columns of the next file — the same export from the same system has the same header. Shared by
 * everyone who imports into this store, like the source itself.
 */
export class RememberedMappings {
  constructor(
    private readonly docs: Documents,
    private readonly now: () => Date,
  ) {}

  /** The mapping last saved for files with exactly these columns (order aside), if any. */
  async find(kind: ImportKind, columns: readonly string[]): Promise<RememberedMapping | null> {
    const key = columnKey(columns);
    const found = await this.docs.integrations.find({ selector: { kind: kindOf(kind) }, sort: [{ kind: 'asc' }, { name: 'asc' }] }).exec();
    const matches = found
      .map((d) => d.toJSON() as IntegrationDoc)
      .filter((d) => columnKey(configOf(d)?.columns ?? []) === key)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    const best = matches[0];
    const config = best ? configOf(best) : null;
    if (!best || !config) return null;
    return { mapping: config.mapping, source: { name: best.name, updatedBy: best.updatedBy, updatedAt: best.updatedAt } };
  }

  /** Saves `mapping` under `name` (a name already used for this kind is updated, columns and all). */
  async remember(actor: Actor, kind: ImportKind, name: string, columns: readonly string[], mapping: Mapping): Promise<void> {
    const config: MappingConfig = { columns: [...columns], mapping };
    const existing = await this.docs.integrations.findOne({ selector: { kind: kindOf(kind), name } }).exec();
    if (existing) {
      await patchAs(existing, actor, { config: config as unknown as Record<string, unknown> }, this.now());
      return;
    }
    const { refused } = await insertAs(
      this.docs.integrations,
      actor,
      [{ id: v7(), kind: kindOf(kind), name, enabled: true, config: config as unknown as Record<string, unknown> }],
      this.now(),
    );
    if (refused.length) throw new Error(`The mapping could not be remembered: ${JSON.stringify(refused[0])}`);
  }
}

function kindOf(kind: ImportKind): string {
  return `import.${kind}`;
}

function columnKey(columns: readonly string[]): string {
  return JSON.stringify([...columns].sort());
}

/** A document written by an older or other version may not hold a usable mapping: it is then ignored. */
function configOf(doc: IntegrationDoc): MappingConfig | null {
  const { columns, mapping } = doc.config as Partial<MappingConfig>;
  const parsed = MappingSchema.safeParse(mapping);
  if (!Array.isArray(columns) || !parsed.success) return null;
  return { columns: columns.filter((c): c is string => typeof c === 'string'), mapping: parsed.data };
}
