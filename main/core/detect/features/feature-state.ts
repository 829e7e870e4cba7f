import { AmountSketch } from './amount-sketch';
import { LONG_WINDOW_MS, SHORT_WINDOW_MS } from './feature-set';
import { SlidingWindow } from './sliding-window';

/** What is known about one actor (a user, or a terminal or store acting without one). */
export class ActorState {
  /** Events per UTC hour of day. */
  readonly hours = new Uint32Array(24);
  total = 0;
  /** When the actor was first seen (event time). */
  firstMs: number | null = null;
  readonly actions = new Map<string, number>();
  readonly terminals = new Set<string>();
  readonly addresses = new Set<string>();
  /** Amounts per action. */
  readonly amounts = new Map<string, AmountSketch>();
  lastLoginMs: number | null = null;
  readonly short = new SlidingWindow(SHORT_WINDOW_MS);
  readonly long = new SlidingWindow(LONG_WINDOW_MS);

  /** Share of earlier events within an hour either side of `hour` (0 with no history). */
  hourShare(hour: number): number {
    if (this.total === 0) return 0;
    const near = this.hours[(hour + 23) % 24]! + this.hours[hour]! + this.hours[(hour + 1) % 24]!;
    return near / this.total;
  }

  /**
   * The shortest run of whole hours (wrapping past midnight) holding at least `share` of the actor's
   * events, as [from, to) hours; null with fewer than 20 events, too few to say what is usual.
   */
  usualHours(share = 0.8): { from: number; to: number } | null {
    if (this.total < 20) return null;
    for (let length = 1; length <= 24; length++) {
      let best = -1;
      let bestCount = -1;
      for (let from = 0; from < 24; from++) {
        let count = 0;
        for (let k = 0; k < length; k++) count += this.hours[(from + k) % 24]!;
        if (count > bestCount) [best, bestCount] = [from, count];
      }
      if (bestCount >= share * this.total) return { from: best, to: (best + length) % 24 };
    }
    return { from: 0, to: 0 };
  }

  amountSketch(action: string): AmountSketch {
    let sketch = this.amounts.get(action);
    if (!sketch) this.amounts.set(action, (sketch = new AmountSketch()));
    return sketch;
  }
}

export class TerminalState {
  readonly short = new SlidingWindow(SHORT_WINDOW_MS);
  readonly long = new SlidingWindow(LONG_WINDOW_MS);
}

export class StoreState {
  total = 0;
  readonly actions = new Map<string, number>();
  readonly amounts = new Map<string, AmountSketch>();

  amountSketch(action: string): AmountSketch {
    let sketch = this.amounts.get(action);
    if (!sketch) this.amounts.set(action, (sketch = new AmountSketch()));
    return sketch;
  }
}

export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}
