/**
 * Login guessing is slowed twice over (docs/accounts.md):
 * - per account: after FAILURES_BEFORE_LOCK wrong passwords in a row the account locks for a delay
 *   that doubles with each lock-out (1, 2, 4 … minutes, at most an hour); a right password resets it;
 * - per source (an address, or "this computer"): at most SOURCE_ATTEMPTS failed attempts in
 *   SOURCE_WINDOW_MS, whichever accounts they name, so guessing across many accounts is slowed too.
 */
export const FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 60 * 60_000;
export const SOURCE_ATTEMPTS = 20;
export const SOURCE_WINDOW_MS = 5 * 60_000;

/** How long the account locks at its (lockouts + 1)-th lock-out. */
export function lockDelayMs(lockouts: number): number {
  return Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(lockouts, 10));
}

/**
 * A sliding window of failed attempts per source, in memory (a restart forgives; the account locks do
 * not). Only failures count: a shared till PC where a whole shift logs in is never slowed.
 */
export class SourceLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = SOURCE_ATTEMPTS,
    private readonly windowMs = SOURCE_WINDOW_MS,
  ) {}

  /** How long (ms) the source must wait before its next attempt; 0 when it may try now. */
  waitFor(source: string, nowMs: number): number {
    const recent = this.recent(source, nowMs);
    return recent.length >= this.limit ? (recent[recent.length - this.limit] as number) + this.windowMs - nowMs : 0;
  }

  failed(source: string, nowMs: number): void {
    this.failures.set(source, [...this.recent(source, nowMs), nowMs]);
  }

  private recent(source: string, nowMs: number): number[] {
    return (this.failures.get(source) ?? []).filter((t) => t > nowMs - this.windowMs);
  }
}

/** "in 3 minutes", "in 40 seconds": for messages that say how long to wait. */
export function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
