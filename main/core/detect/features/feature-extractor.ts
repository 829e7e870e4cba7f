import type { FeatureEvent } from './feature-event';
import { COLUMN, FEATURE_COUNT, HISTORY_CAP, LOGIN_CAP_MINUTES, TENURE_CAP_DAYS } from './feature-set';
import { ActorState, getOrCreate, StoreState, TerminalState } from './feature-state';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Who an event is attributed to: the user, else the terminal, else the store (machine events). */
export function actorKey(event: Pick<FeatureEvent, 'userId' | 'terminalId' | 'storeId'>): string {
  return event.userId ?? (event.terminalId !== null ? `@${event.terminalId}` : `@${event.storeId}`);
}

/** Monday 0 … Sunday 6 (1970-01-01, epoch day 0, was a Thursday). */
export function weekdayOf(tsMs: number): number {
  return (Math.floor(tsMs / DAY_MS) + 3) % 7;
}

/**
 * Streaming feature extraction: push events in seq order, get one row of FEATURE_COUNT numbers per
 * event. State per actor, terminal, store and session lives in memory and only grows with the number
 * of distinct people, machines and sessions, never with the number of events.
 */
export class FeatureExtractor {
  /** The last seq pushed (0 before any). */
  lastSeq = 0;
  private readonly actors = new Map<string, ActorState>();
  private readonly terminals = new Map<string, TerminalState>();
  private readonly stores = new Map<string, StoreState>();
  private readonly sessionLogins = new Map<string, number>();

  /** Writes the event's features into out[at … at + FEATURE_COUNT), then learns from it. */
  push(event: FeatureEvent, out: Float64Array, at: number): void {
    const actor = getOrCreate(this.actors, actorKey(event), () => new ActorState());
    const store = getOrCreate(this.stores, event.storeId, () => new StoreState());
    const terminal = event.terminalId === null ? null : getOrCreate(this.terminals, event.terminalId, () => new TerminalState());
    const hour = Math.floor((event.tsMs % DAY_MS) / HOUR_MS);
    const known = actor.total > 0;

    actor.short.add(event.tsMs, event.failed);
    actor.long.add(event.tsMs, event.failed);
    terminal?.short.add(event.tsMs, event.failed);
    terminal?.long.add(event.tsMs, event.failed);

    out[at + COLUMN.hour] = (event.tsMs % DAY_MS) / HOUR_MS;
    out[at + COLUMN.weekday] = weekdayOf(event.tsMs);
    out[at + COLUMN.actor_hour_share] = actor.hourShare(hour);
    const tenureDays = actor.firstMs === null ? 0 : Math.max(0, event.tsMs - actor.firstMs) / DAY_MS;
    out[at + COLUMN.actor_history] = Math.max(Math.min(actor.total, HISTORY_CAP) / HISTORY_CAP, Math.min(tenureDays, TENURE_CAP_DAYS) / TENURE_CAP_DAYS);
    out[at + COLUMN.actor_events_10m] = actor.short.count;
    out[at + COLUMN.actor_failure_rate_1h] = actor.long.failureRate;
    out[at + COLUMN.terminal_events_10m] = terminal?.short.count ?? 0;
    out[at + COLUMN.terminal_failures_10m] = terminal?.short.failureCount ?? 0;
    out[at + COLUMN.terminal_failure_rate_1h] = terminal?.long.failureRate ?? 0;
    out[at + COLUMN.actor_action_share] = known ? (actor.actions.get(event.action) ?? 0) / actor.total : 0;
    out[at + COLUMN.store_action_share] = store.total > 0 ? (store.actions.get(event.action) ?? 0) / store.total : 0;
    const amount = event.amountMinor;
    out[at + COLUMN.amount_rank_actor] = amount === null ? 0.5 : actor.amountSketch(event.action).rank(amount);
    out[at + COLUMN.amount_rank_store] = amount === null ? 0.5 : store.amountSketch(event.action).rank(amount);
    // A machine acting as itself never uses a "new" terminal; only people move between them.
    const person = event.userId !== null;
    out[at + COLUMN.new_terminal] = person && event.terminalId !== null && !actor.terminals.has(event.terminalId) ? 1 : 0;
    out[at + COLUMN.new_address] = person && event.ip !== null && !actor.addresses.has(event.ip) ? 1 : 0;
    out[at + COLUMN.minutes_since_login] = this.minutesSinceLogin(event, actor);
    out[at + COLUMN.failed] = event.failed ? 1 : 0;

    this.learn(event, actor, store, hour, amount);
  }

  /** A row for the event in a fresh array (tests, explanations). */
  row(event: FeatureEvent): Float64Array {
    const out = new Float64Array(FEATURE_COUNT);
    this.push(event, out, 0);
    return out;
  }

  /** The actor's usual working hours so far, for explanations. */
  usualHours(actor: string): { from: number; to: number } | null {
    return this.actors.get(actor)?.usualHours() ?? null;
  }

  /** Earlier events of the actor, and of that action (for explanations' "N earlier refunds"). */
  actorCounts(actor: string, action: string): { total: number; action: number; amounts: number } {
    const state = this.actors.get(actor);
    return { total: state?.total ?? 0, action: state?.actions.get(action) ?? 0, amounts: state?.amounts.get(action)?.count ?? 0 };
  }

  private minutesSinceLogin(event: FeatureEvent, actor: ActorState): number {
    if (event.action === 'auth.login' && !event.failed) return 0;
    const login = (event.sessionId !== null ? this.sessionLogins.get(event.sessionId) : undefined) ?? actor.lastLoginMs;
    if (login === null || login === undefined) return LOGIN_CAP_MINUTES;
    return Math.min(LOGIN_CAP_MINUTES, Math.max(0, (event.tsMs - login) / 60_000));
  }

  private learn(event: FeatureEvent, actor: ActorState, store: StoreState, hour: number, amount: number | null): void {
    actor.hours[hour]! += 1;
    if (actor.firstMs === null || event.tsMs < actor.firstMs) actor.firstMs = event.tsMs;
    actor.total += 1;
    actor.actions.set(event.action, (actor.actions.get(event.action) ?? 0) + 1);
    if (event.terminalId !== null) actor.terminals.add(event.terminalId);
    if (event.ip !== null) actor.addresses.add(event.ip);
    store.total += 1;
    store.actions.set(event.action, (store.actions.get(event.action) ?? 0) + 1);
    if (amount !== null) {
      actor.amountSketch(event.action).add(amount);
      store.amountSketch(event.action).add(amount);
    }
    if (event.action === 'auth.login' && !event.failed) {
      actor.lastLoginMs = event.tsMs;
      if (event.sessionId !== null) this.sessionLogins.set(event.sessionId, event.tsMs);
    } else if (event.action === 'auth.logout' && event.sessionId !== null) {
      this.sessionLogins.delete(event.sessionId);
    }
    this.lastSeq = event.seq;
  }
}
