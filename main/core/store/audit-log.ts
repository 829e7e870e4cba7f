import type { Statement, Transaction } from 'better-sqlite3-multiple-ciphers';
import { MAX_BATCH, type NormalizedEvent } from '../../../shared/events';
import { AppError } from '../api/errors';
import { chainedText, GENESIS_HASH, sha256Hex } from './canonical';
import { AT, prepareEvents, STRIDE, unpackBatch, type PackedBatch, type PreparedBatch } from './prepared';
import { BULK_PAGE_CACHE_KIB, PAGE_CACHE_KIB, setPageCache, type Db } from './database';
import { signCheckpoint, type SigningKey } from '../integrity/checkpoint';
import { CheckpointStore, type CheckpointReason, type StoredCheckpoint } from '../integrity/checkpoint-store';
import { HexFrontier } from '../integrity/hex-frontier';
import { TreeStore } from '../integrity/tree-store';
import { hashAt, lastSeq } from './tombstones';
import { mappingWriteErrors, writeError } from './write-errors';

export interface AppendResult {
  accepted: number;
  /** event_ids already in the log (or repeated within the batch): acknowledged, not stored again. */
  duplicates: string[];
  firstSeq: number | null;
  lastSeq: number | null;
}

/**
 * The most events one group commit is built with (the ingest pipeline's bound). The verifier allows
 * this much beyond the checkpoint interval, since a group's checkpoint is signed at the group's end.
 */
export const MAX_GROUP_EVENTS = 20 * MAX_BATCH;

export interface ChainHead {
  seq: number;
  hash: Buffer;
}

const HOUR_MS = 3_600_000;

/** The store's clock for a live batch, or a function of the event's time for replayed history (the demo). */
export type ReceivedAt = Date | ((tsMs: number) => Date);

type FacetKind = 'store' | 'terminal' | 'user' | 'action';

// ON CONFLICT DO NOTHING lets the unique index answer "seen before?" in the same probe as the insert.
const INSERT_SQL = `
  INSERT INTO events (seq, event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id,
    action, category, resource_type, resource_id, status, error_details, level, ip_address, user_agent,
    amount_minor, currency, details, received_at, prev_hash, hash)
  VALUES (${Array(22).fill('?').join(', ')}, unhex(?), unhex(?))
  ON CONFLICT (event_id) DO NOTHING`;

/** Where a group's batches stand inside the open transaction; copied to the log only after COMMIT. */
interface GroupState {
  seq: number;
  /** Lower-case hex: the chain text needs it, and binding it through unhex() spares a Buffer per event. */
  hashHex: string;
  perHour: Map<number, number>;
  newFacets: [FacetKind, string][];
  /** Chain hashes (hex) of the events this group stored: the Merkle tree's new leaves. */
  leaves: string[];
  tree: HexFrontier | null;
  checkpoint: StoredCheckpoint | null;
}

/** Who signs checkpoints, and who hears of them (the host keeps the latest one in the vault). */
export interface LogSigner {
  key: SigningKey;
  /** Part of the checkpoint origin, `watchdog/<store>/<device>`. */
  store?: string;
  onCheckpoint?: (checkpoint: StoredCheckpoint) => void;
}

/**
 * The single writer of the audit log. Appends are all-or-nothing per batch, seq is assigned here
 * (head + 1, gap-free), each event is chained to the previous hash, and a known event_id is
 * acknowledged instead of stored twice so a terminal can retry safely.
 *
 * Group commit: `appendGroup` writes many batches in one durable transaction (one fsync), each batch
 * inside its own savepoint, so a batch that fails leaves the others — and nothing of itself — behind.
 */
export class AuditLog {
  private head: ChainHead;
  private readonly insert: Statement;
  private readonly insertFacet: Statement;
  private readonly countHour: Statement;
  /** Values already in event_facets, per kind: checked for every event, so no string building here. */
  private readonly known: Record<FacetKind, Set<string>> = { store: new Set(), terminal: new Set(), user: new Set(), action: new Set() };
  private readonly groupTx: Transaction<(batches: readonly (PreparedBatch | PackedBatch)[], receivedAt: ReceivedAt) => Grouped>;
  private readonly batchTx: Transaction<(batch: PreparedBatch, receivedAt: ReceivedAt, state: GroupState) => AppendResult>;
  private readonly treeStore: TreeStore;
  private readonly storeNode: (level: number, index: number, hashHex: string) => void;
  readonly checkpoints: CheckpointStore;
  /** The Merkle tree's frontier over every stored event; advanced only after a commit. */
  private restoredTree: HexFrontier | null = null;
  private every: number;
  private signer: LogSigner | null = null;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(INSERT_SQL);
    this.insertFacet = db.prepare('INSERT OR IGNORE INTO event_facets (kind, value) VALUES (?, ?)');
    this.countHour = db.prepare(
      'INSERT INTO event_counts_hourly (hour_ms, n) VALUES (?, ?) ON CONFLICT (hour_ms) DO UPDATE SET n = n + excluded.n',
    );
    this.head = readHead(db);
    this.treeStore = new TreeStore(db);
    this.storeNode = this.treeStore.storeNodes();
    this.checkpoints = new CheckpointStore(db);
    this.every = this.checkpoints.every;
    for (const row of db.prepare('SELECT kind, value FROM event_facets').all() as { kind: FacetKind; value: string }[]) {
      this.known[row.kind].add(row.value);
    }
    this.groupTx = db.transaction((batches, receivedAt) => this.writeGroup(batches, receivedAt));
    // Called inside groupTx, so better-sqlite3 runs it as a SAVEPOINT.
    this.batchTx = db.transaction((batch, receivedAt, state) => this.writeBatch(batch, receivedAt, state));
  }

  get chainHead(): Readonly<ChainHead> {
    return this.head;
  }

  /**
   * Rebuilt from the stored nodes on first use, not at open: a damaged file must still open so the
   * verifier can say what is wrong with it (a write then fails with the tree store's own error).
   */
  private get tree(): HexFrontier {
    this.restoredTree ??= HexFrontier.of(this.treeStore.frontier(this.head.seq));
    return this.restoredTree;
  }

  private set tree(tree: HexFrontier) {
    this.restoredTree = tree;
  }

  get treeSize(): number {
    return this.tree.size;
  }

  get treeRoot(): Buffer {
    return this.tree.root();
  }

  get signingKey(): SigningKey | null {
    return this.signer?.key ?? null;
  }

  /** From now on checkpoints are signed with this key (the store records key changes as events first). */
  useSigner(signer: LogSigner | null): void {
    this.signer = signer;
  }

  /** A file import starts (true) or the last one ends (false): the page cache it needs is small (database.ts). */
  bulk(on: boolean): void {
    if (this.db.open) setPageCache(this.db, on ? BULK_PAGE_CACHE_KIB : PAGE_CACHE_KIB);
  }

  setCheckpointEvery(events: number): void {
    this.checkpoints.setEvery(events);
    this.every = events;
  }

  /**
   * Signs the tree as it stands (on demand, on a timer, as an idle heartbeat, at open). Null when no
   * signing key is loaded (read-only tools).
   */
  checkpoint(reason: CheckpointReason, key: SigningKey | undefined = this.signer?.key): StoredCheckpoint | null {
    if (!key) return null;
    const stored = this.db.transaction(() => this.signTree(this.tree, reason, key)).immediate();
    this.signer?.onCheckpoint?.(stored);
    return stored;
  }

  private signTree(tree: HexFrontier, reason: CheckpointReason, key: SigningKey): StoredCheckpoint {
    const fields = { origin: this.checkpoints.origin(this.signer?.store), treeSize: tree.size, rootHash: tree.root(), time: new Date().toISOString() };
    return this.checkpoints.insert(signCheckpoint(fields, key), reason);
  }

  /**
   * Events must already be validated (EventInputSchema). `receivedAt` is the store's clock, or a function
   * for replayed history (the demo) whose receipt times are part of what is being replayed.
   */
  append(events: readonly NormalizedEvent[], receivedAt: ReceivedAt = new Date()): AppendResult {
    if (events.length > MAX_BATCH) {
      throw new AppError('BAD_INPUT', `A batch holds at most ${MAX_BATCH} events; this one has ${events.length}.`);
    }
    const [outcome] = this.appendGroup([prepareEvents(events)], receivedAt);
    if (outcome instanceof Error) throw outcome;
    return outcome as AppendResult;
  }

  /**
   * Many prepared batches, one durable commit. Each entry of the answer is that batch's result, or the
   * error that rolled back that batch alone. If the commit itself fails, this throws and nothing is kept.
   * Packed batches (from ingest workers) are unpacked one at a time as they are written, so a group's
   * strings never all live at once (they would outlive V8's young generation and cost a tenth in GC).
   */
  appendGroup(batches: readonly (PreparedBatch | PackedBatch)[], receivedAt: ReceivedAt = new Date()): (AppendResult | Error)[] {
    for (const batch of batches) {
      if (batch.count > MAX_BATCH) throw new AppError('BAD_INPUT', `A batch holds at most ${MAX_BATCH} events; this one has ${batch.count}.`);
    }
    const { state, outcomes } = mappingWriteErrors(this.db.name, () => this.groupTx.immediate(batches, receivedAt));
    // Only after COMMIT returned: the in-memory head and facet cache never run ahead of the file.
    this.head = { seq: state.seq, hash: Buffer.from(state.hashHex, 'hex') };
    if (state.tree) this.tree = state.tree;
    for (const [kind, value] of state.newFacets) this.known[kind].add(value);
    if (state.checkpoint) this.signer?.onCheckpoint?.(state.checkpoint);
    return outcomes.map((outcome) => (outcome instanceof Error ? writeError(outcome, this.db.name) : outcome));
  }

  /** Runs inside the IMMEDIATE transaction. */
  private writeGroup(batches: readonly (PreparedBatch | PackedBatch)[], receivedAt: ReceivedAt): Grouped {
    const state: GroupState = {
      seq: this.head.seq, hashHex: this.head.hash.toString('hex'), perHour: new Map(), newFacets: [], leaves: [], tree: null, checkpoint: null,
    };
    const outcomes: (AppendResult | Error)[] = [];
    for (const batch of batches) {
      const before = { seq: state.seq, hashHex: state.hashHex, facets: state.newFacets.length, leaves: state.leaves.length, perHour: new Map(state.perHour) };
      try {
        outcomes.push(this.batchTx('packed' in batch ? unpackBatch(batch) : batch, receivedAt, state));
      } catch (error) {
        // Some failures (disk full, I/O) end the whole transaction: then no batch of the group may stand.
        if (!this.db.inTransaction) throw error;
        Object.assign(state, { seq: before.seq, hashHex: before.hashHex, perHour: before.perHour });
        state.newFacets.length = before.facets;
        state.leaves.length = before.leaves;
        outcomes.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    for (const [kind, value] of state.newFacets) this.insertFacet.run(kind, value);
    for (const [hour, n] of state.perHour) this.countHour.run(hour, n);
    if (state.leaves.length) this.growTree(state);
    return { state, outcomes };
  }

  /**
   * The group's events join the Merkle tree in the same transaction, so the tree on disk always covers
   * exactly the events on disk. Crossing a multiple of the checkpoint interval signs the new tree here
   * too: no crash can leave more than one interval (plus one group) of events unsigned.
   */
  private growTree(state: GroupState): void {
    const tree = this.tree.clone();
    for (const hex of state.leaves) tree.append(hex, this.storeNode);
    state.tree = tree;
    const key = this.signer?.key;
    if (key && Math.floor(tree.size / this.every) > Math.floor(this.tree.size / this.every)) {
      state.checkpoint = this.signTree(tree, 'interval', key);
    }
  }

  /** Runs inside the batch's SAVEPOINT: any throw rolls back this batch and nothing else. */
  private writeBatch(batch: PreparedBatch, receivedAt: ReceivedAt, state: GroupState): AppendResult {
    const fixedReceipt = receivedAt instanceof Date ? receivedAt.toISOString() : null;
    const duplicates: string[] = [];
    const first = state.seq;
    for (const v of batch.runs) {
      for (let o = 0; o < v.length; o += STRIDE) {
        const tsMs = v[o + AT.tsMs] as number;
        const at = fixedReceipt ?? (receivedAt as (tsMs: number) => Date)(tsMs).toISOString();
        const seq = state.seq + 1;
        const next = sha256Hex(chainedText(seq, v[o + AT.content] as string, at, state.hashHex));
        const inserted = this.insert.run(
          seq, v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5], v[o + 6], v[o + 7], v[o + 8], v[o + 9], v[o + 10],
          v[o + 11], v[o + 12], v[o + 13], v[o + 14], v[o + 15], v[o + 16], v[o + 17], v[o + 18], v[o + 19], at, state.hashHex, next,
        ).changes;
        // Known event_id (stored before, or earlier in this batch): ON CONFLICT DO NOTHING kept it out.
        if (inserted === 0) {
          duplicates.push(v[o + AT.eventId] as string);
          continue;
        }
        state.seq = seq;
        state.hashHex = next;
        state.leaves.push(next);
        const hour = tsMs - (tsMs % HOUR_MS);
        state.perHour.set(hour, (state.perHour.get(hour) ?? 0) + 1);
        this.noteFacet('store', v[o + AT.storeId] as string, state.newFacets);
        this.noteFacet('terminal', v[o + AT.terminalId] as string | null, state.newFacets);
        this.noteFacet('user', v[o + AT.userId] as string | null, state.newFacets);
        this.noteFacet('action', v[o + AT.action] as string, state.newFacets);
      }
    }
    const accepted = state.seq - first;
    return { accepted, duplicates, firstSeq: accepted ? first + 1 : null, lastSeq: accepted ? state.seq : null };
  }

  private noteFacet(kind: FacetKind, value: string | null, out: [FacetKind, string][]): void {
    if (value === null || this.known[kind].has(value)) return;
    if (!out.some(([k, v]) => k === kind && v === value)) out.push([kind, value]);
  }
}

interface Grouped {
  state: GroupState;
  outcomes: (AppendResult | Error)[];
}

/** The last event of the log, or its tombstone when it was archived (its hash is still the chain's head). */
export function readHead(db: Db): ChainHead {
  const seq = lastSeq(db);
  const hash = seq ? hashAt(db, seq) : undefined;
  return hash ? { seq, hash } : { seq: 0, hash: GENESIS_HASH };
}
