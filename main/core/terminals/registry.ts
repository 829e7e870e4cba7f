import { randomBytes, type KeyObject } from 'node:crypto';
import { accountEvent, type Actor } from '../accounts/audit-events';
import { AppError } from '../api/errors';
import type { AuditStore } from '../store';
import { newTerminalKey, publicKeyObject } from './keys';

export interface TerminalSummary {
  id: string;
  name: string;
  storeId: string | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** The terminal's clock minus ours at its last request, in ms (positive: it runs ahead). */
  clockSkewMs: number | null;
}

interface TerminalRow {
  id: string;
  name: string;
  store_id: string | null;
  public_key: Buffer;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  clock_skew_ms: number | null;
}

/** A live terminal as the ingest server checks it: name and store for the events, the key to verify with. */
export interface ActiveTerminal {
  id: string;
  name: string;
  storeId: string | null;
  publicKey: KeyObject;
}

export const TERMINAL_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/**
 * The registered terminals (migration 009). Registering creates a key pair and returns the private
 * key once; revoking stops the key at once. Both are events in the log under the user's name.
 */
export class Terminals {
  private readonly cache = new Map<string, ActiveTerminal | null>();
  private seen = new Map<string, { at: number; skew: number }>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: AuditStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): TerminalSummary[] {
    this.flushSeen();
    const rows = this.store.db.prepare('SELECT * FROM terminals ORDER BY revoked_at IS NOT NULL, name COLLATE NOCASE').all() as TerminalRow[];
    return rows.map(summary);
  }

  /** Registers a terminal: the answer's `key` is the only copy of its private key. */
  add(actor: Actor, name: string, storeId: string | null): { terminal: TerminalSummary; key: string } {
    const clean = name.trim();
    if (!TERMINAL_NAME.test(clean)) {
      throw new AppError('BAD_INPUT', 'A terminal name is 1 to 64 letters, digits, spaces, dots, hyphens or underscores, starting with a letter or digit (e.g. "Till 3").', [{ path: 'name', message: 'is not a valid terminal name' }]);
    }
    if (this.store.db.prepare('SELECT 1 FROM terminals WHERE name = ?').get(clean)) {
      throw new AppError('CONFLICT', `A terminal named “${clean}” exists already (a revoked terminal keeps its name, so its events stay unambiguous). Choose another name.`, [{ path: 'name', message: 'is taken' }]);
    }
    const id = `t${randomBytes(6).toString('hex')}`;
    const { text, publicKey } = newTerminalKey(id);
    const at = this.now().toISOString();
    const createdBy = actor.userName ?? `system:${actor.source}`;
    this.store.db.transaction(() => {
      this.store.db
        .prepare('INSERT INTO terminals (id, name, store_id, public_key, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, clean, storeId, publicKey, at, createdBy);
      this.store.append([accountEvent(this.store.storeId, actor, { action: 'terminal.register', resourceType: 'terminal', resourceId: id, details: { name: clean, terminal_store: storeId } }, this.now())]);
    })();
    return { terminal: this.summary(id), key: text };
  }

  revoke(actor: Actor, id: string): TerminalSummary {
    const row = this.row(id);
    if (!row) throw new AppError('NOT_FOUND', 'There is no such terminal.');
    if (row.revoked_at) return summary(row);
    this.store.db.transaction(() => {
      this.store.db.prepare('UPDATE terminals SET revoked_at = ? WHERE id = ?').run(this.now().toISOString(), id);
      this.store.append([accountEvent(this.store.storeId, actor, { action: 'terminal.revoke', resourceType: 'terminal', resourceId: id, details: { name: row.name } }, this.now())]);
    })();
    this.cache.delete(id);
    return this.summary(id);
  }

  /** A terminal that may send events (registered, not revoked), or null. Cached: this runs on every request. */
  active(id: string): ActiveTerminal | null {
    if (this.cache.has(id)) return this.cache.get(id) ?? null;
    const row = this.row(id);
    const active = row && !row.revoked_at ? { id: row.id, name: row.name, storeId: row.store_id, publicKey: publicKeyObject(row.public_key) } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, active);
    return active;
  }

  /** Notes a request (written to the table at most every few seconds, not per request). */
  touch(id: string, skewMs: number): void {
    this.seen.set(id, { at: this.now().getTime(), skew: skewMs });
    this.flushTimer ??= setTimeout(() => this.flushSeen(), 5_000).unref();
  }

  flushSeen(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.seen.size || !this.store.db.open) return;
    const update = this.store.db.prepare('UPDATE terminals SET last_seen_at = ?, clock_skew_ms = ? WHERE id = ?');
    const seen = this.seen;
    this.seen = new Map();
    this.store.db.transaction(() => {
      for (const [id, { at, skew }] of seen) update.run(new Date(at).toISOString(), Math.round(skew), id);
    })();
  }

  private row(id: string): TerminalRow | undefined {
    return this.store.db.prepare('SELECT * FROM terminals WHERE id = ?').get(id) as TerminalRow | undefined;
  }

  private summary(id: string): TerminalSummary {
    return summary(this.row(id) as TerminalRow);
  }
}

function summary(row: TerminalRow): TerminalSummary {
  return {
    id: row.id,
    name: row.name,
    storeId: row.store_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    lastSeenAt: row.last_seen_at,
    clockSkewMs: row.clock_skew_ms,
  };
}
