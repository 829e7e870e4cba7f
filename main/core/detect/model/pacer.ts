/** The longest stretch of detection work on the core's thread between two turns of its event loop. */
export const SLICE_MS = 8;

export const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Detection shares the core's thread with requests, pushes and the writer, so it works in slices of
 * time rather than of rows: a fixed count of rows is quick on an idle machine and a stall on a busy
 * one. Callers check between small units of work (a page of 1,000 events, a block of rows); the
 * pacer yields only once SLICE_MS has passed, so an idle machine pays for few yields.
 */
export class Pacer {
  private since = performance.now();

  constructor(private readonly signal?: AbortSignal) {}

  async pace(): Promise<void> {
    this.signal?.throwIfAborted();
    if (performance.now() - this.since < SLICE_MS) return;
    await nextTick();
    this.since = performance.now();
    this.signal?.throwIfAborted();
  }
}
