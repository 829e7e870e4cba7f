import type { Db } from '../../store/database';
import { FEATURE_COUNT, FeatureExtractor, earliestTime, firstSeqFrom, firstTimeAfter, readFeatureEvents, type FeatureEvent } from '../features';
import { Pacer } from './pacer';
import { TrainingPool } from './training-pool';

/** A session that starts after the log's first event replays this much event time before it… */
export const HISTORY_MS = 28 * 86_400_000;
/** …of which the first two weeks only warm the state up: its rows, computed from too little history, are not sampled. */
export const BURN_IN_MS = 14 * 86_400_000;

/** New events' feature rows, in seq order. */
export interface FeatureBatch {
  rows: number;
  data: Float64Array;
  events: FeatureEvent[];
}

/** Events read per query… */
export const PAGE_ROWS = 1000;
/** …and pushed through the extractor between two looks at the pacer. */
const PACE_ROWS = 250;

export interface Interrupt {
  signal?: AbortSignal;
  /** The run's pacer (one per run, so a slice is counted across steps); by default one of its own. */
  pacer?: Pacer;
  /** Rows extracted so far in this call (replayed rows are not counted). */
  onRows?: (rows: number) => void;
}

/**
 * The extractor's state and the training samples, carried from one detection call to the next while
 * each call continues where the last stopped. Anything else (a new process, a gap, a rerun) starts a
 * new session, which replays the 28 days before the first new event to rebuild the state.
 */
export class FeatureSession {
  readonly extractor = new FeatureExtractor();
  readonly storePools = new Map<string, TrainingPool>();
  readonly baselinePool = new TrainingPool(FEATURE_COUNT);
  /** Newest event time per store seen by this session. */
  readonly lastTsMs = new Map<string, number>();

  private constructor(
    private readonly sampleFromMs: number,
    /**
     * The log's first two weeks: its rows are real (the log did start there) and are sampled, but every
     * actor is new in them, so they are not offered as findings.
     */
    readonly findingsFromMs: number,
  ) {}

  /** A session positioned at `afterSeq`, its state rebuilt from the events before it. */
  static async start(db: Db, afterSeq: number, interrupt: Interrupt = {}): Promise<FeatureSession> {
    const logStart = earliestTime(db) ?? 0;
    const firstNew = afterSeq > 0 ? firstTimeAfter(db, afterSeq) : null;
    if (firstNew === null) return new FeatureSession(-Infinity, logStart + BURN_IN_MS);
    const from = firstSeqFrom(db, firstNew - HISTORY_MS) ?? afterSeq + 1;
    const fromTs = firstNew - HISTORY_MS;
    const session = new FeatureSession(Math.max(logStart, fromTs + BURN_IN_MS), logStart + BURN_IN_MS);
    const row = new Float64Array(FEATURE_COUNT);
    const pacer = interrupt.pacer ?? new Pacer(interrupt.signal);
    for (const page of readFeatureEvents(db, Math.min(from, afterSeq + 1) - 1, afterSeq, PAGE_ROWS)) {
      for (let i = 0; i < page.length; i++) {
        if (i % PACE_ROWS === 0) await pacer.pace();
        session.extractor.push(page[i]!, row, 0);
        session.sample(page[i]!, row, 0);
      }
    }
    session.extractor.lastSeq = afterSeq;
    return session;
  }

  /** Features of up to `maxRows` events after the session's position, through `throughSeq`. */
  async extract(db: Db, throughSeq: number, maxRows: number, interrupt: Interrupt = {}): Promise<FeatureBatch> {
    const events: FeatureEvent[] = [];
    const after = this.extractor.lastSeq;
    // Sized once for every row there can be (seqs are unique), so it is not copied as it grows.
    let data = new Float64Array(Math.max(0, Math.min(maxRows, throughSeq - after)) * FEATURE_COUNT);
    const pacer = interrupt.pacer ?? new Pacer(interrupt.signal);
    for (const page of readFeatureEvents(db, after, throughSeq, Math.min(PAGE_ROWS, maxRows))) {
      if ((events.length + page.length) * FEATURE_COUNT > data.length) {
        const needed = events.length + page.length;
        const grown = new Float64Array(Math.max(needed, Math.min(maxRows, 2 * needed)) * FEATURE_COUNT);
        grown.set(data);
        data = grown;
      }
      for (let i = 0; i < page.length; i++) {
        if (i % PACE_ROWS === 0) await pacer.pace();
        const event = page[i]!;
        const at = events.length * FEATURE_COUNT;
        this.extractor.push(event, data, at);
        this.sample(event, data, at);
        events.push(event);
      }
      interrupt.onRows?.(events.length);
      if (events.length >= maxRows) break;
    }
    return { rows: events.length, data: data.subarray(0, events.length * FEATURE_COUNT), events };
  }

  storePool(storeId: string): TrainingPool | null {
    return this.storePools.get(storeId) ?? null;
  }

  private sample(event: FeatureEvent, data: Float64Array, at: number): void {
    const last = this.lastTsMs.get(event.storeId);
    if (last === undefined || event.tsMs > last) this.lastTsMs.set(event.storeId, event.tsMs);
    if (event.tsMs < this.sampleFromMs) return;
    let pool = this.storePools.get(event.storeId);
    if (!pool) this.storePools.set(event.storeId, (pool = new TrainingPool(FEATURE_COUNT)));
    pool.add(event.seq, data, at);
    this.baselinePool.add(event.seq, data, at);
  }
}
