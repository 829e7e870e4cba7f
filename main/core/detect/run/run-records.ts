import type { z } from 'zod';
import type { DetectionRunSchema } from '../../../../shared/contract/alert-channels';
import type { Db } from '../../store/database';

export type DetectionRun = z.output<typeof DetectionRunSchema>;

interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  state: DetectionRun['state'];
  done: number;
  total: number;
  alerts_raised: number;
  alerts_updated: number;
  model_version: string | null;
  failure: string | null;
  elapsed_ms: number;
}

/** Seqs counted per step when the fairness denominators move on (between steps the run yields). */
export const COUNT_STEP = 50_000;

/**
 * What detection keeps between runs (migration 011): the runs, the watermark (the last seq a
 * completed run looked at) and the events per role and store up to it.
 */
export class RunRecords {
  constructor(private readonly db: Db) {}

  get watermark(): number {
    return (this.db.prepare("SELECT value FROM detection_state WHERE key = 'watermark'").pluck().get() as number | undefined) ?? 0;
  }

  start(startedAt: Date, afterSeq: number, toSeq: number): number {
    const info = this.db
      .prepare("INSERT INTO detection_runs (started_at, state, after_seq, to_seq, total) VALUES (?, 'running', ?, ?, ?)")
      .run(startedAt.toISOString(), afterSeq, toSeq, toSeq - afterSeq);
    return Number(info.lastInsertRowid);
  }

  /** Counts the events of (from, to] by role and store into the fairness denominators, and notes how far it counted. */
  countGroups(from: number, to: number): void {
    const rows = this.db
      .prepare('SELECT user_role AS role, store_id AS store, count(*) AS n FROM events WHERE seq > ? AND seq <= ? GROUP BY user_role, store_id')
      .all(from, to) as { role: string | null; store: string; n: number }[];
    const add = this.db.prepare('INSERT INTO detection_group_counts (grouping, grp, events) VALUES (?, ?, ?) ON CONFLICT (grouping, grp) DO UPDATE SET events = events + excluded.events');
    this.db.transaction(() => {
      for (const row of rows) {
        if (row.role) add.run('role', row.role, row.n);
        add.run('store', row.store, row.n);
      }
      this.db.prepare("INSERT INTO detection_state (key, value) VALUES ('counted', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(to);
    })();
  }

  /** Ends a run; a completed one moves the watermark to what it looked at, in the same transaction. */
  finish(id: number, outcome: { state: 'completed' | 'failed'; finishedAt: Date; toSeq: number; done: number; raised: number; updated: number; modelVersion: string | null; failure: string | null; elapsedMs: number }): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE detection_runs SET state = ?, finished_at = ?, done = ?, alerts_raised = ?, alerts_updated = ?, model_version = ?, failure = ?, elapsed_ms = ? WHERE id = ?')
        .run(outcome.state, outcome.finishedAt.toISOString(), outcome.done, outcome.raised, outcome.updated, outcome.modelVersion, outcome.failure, Math.round(outcome.elapsedMs), id);
      if (outcome.state === 'completed') this.db.prepare("UPDATE detection_state SET value = ? WHERE key = 'watermark'").run(outcome.toSeq);
    })();
  }

  /** How far the group counts go (they survive a failed run, so the next run counts on from there, never twice). */
  get countedTo(): number {
    return (this.db.prepare("SELECT value FROM detection_state WHERE key = 'counted'").pluck().get() as number | undefined) ?? 0;
  }

  last(): DetectionRun | null {
    const row = this.db.prepare('SELECT * FROM detection_runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  get(id: number): DetectionRun {
    return toRun(this.db.prepare('SELECT * FROM detection_runs WHERE id = ?').get(id) as RunRow);
  }
}

function toRun(row: RunRow): DetectionRun {
  return {
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    state: row.state,
    done: row.done,
    total: row.total,
    alertsRaised: row.alerts_raised,
    alertsUpdated: row.alerts_updated,
    modelVersion: row.model_version,
    failure: row.failure,
    elapsedMs: row.elapsed_ms,
  };
}
