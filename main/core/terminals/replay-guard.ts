/**
 * Remembers the signatures of accepted requests for as long as their timestamps are acceptable, so
 * the same signed request is taken once. Entries expire in timestamp order, near enough: requests
 * arrive roughly in the order they were signed, and an entry kept a little longer costs only memory.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a signature is offered; false for a replay. */
  first(signature: string, signedAt: number): boolean {
    this.sweep();
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, Math.max(signedAt, this.now()) + this.keepMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [signature, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(signature);
    }
  }
}
