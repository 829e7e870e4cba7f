/**
 * Events and failures within the last `spanMs` of event time. Events arrive in seq order, which is
 * nearly but not exactly time order: one that arrives late is counted as if it came last, and
 * eviction looks only at the oldest entries (documented in docs/detection.md).
 */
/** Fewest events in a window for its failure rate to count (the rules' minimum volume, for the model). */
export const MIN_RATE_EVENTS = 5;

export class SlidingWindow {
  private times: number[] = [];
  private failed: boolean[] = [];
  private head = 0;
  private failures = 0;

  constructor(readonly spanMs: number) {}

  /** Adds an event at `tsMs` and drops those older than `tsMs − spanMs`. */
  add(tsMs: number, failed: boolean): void {
    this.evict(tsMs - this.spanMs);
    this.times.push(tsMs);
    this.failed.push(failed);
    if (failed) this.failures += 1;
  }

  get count(): number {
    return this.times.length - this.head;
  }

  get failureCount(): number {
    return this.failures;
  }

  /**
   * Failures ÷ events in the window, once it holds MIN_RATE_EVENTS events (0 before): a single
   * mistyped PIN at the start of a shift is not a 100 % failure rate.
   */
  get failureRate(): number {
    return this.count < MIN_RATE_EVENTS ? 0 : this.failures / this.count;
  }

  private evict(before: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= before) {
      if (this.failed[this.head]) this.failures -= 1;
      this.head += 1;
    }
    // Drop the consumed prefix now and then, so a busy terminal's window stays small.
    if (this.head > 256 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.failed = this.failed.slice(this.head);
      this.head = 0;
    }
  }
}
