const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const HOUR_MS = HOUR;
const DAY = 24 * HOUR;

/** Widths a person reads at a glance; the histogram never uses anything in between. */
export const NICE_BUCKETS = [
  MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 7 * DAY, 30 * DAY, 365 * DAY,
] as const;

/** The narrowest nice width whose UTC-aligned buckets cover [fromMs, toMs) in at most `maxBuckets`. */
export function chooseBucket(fromMs: number, toMs: number, maxBuckets: number): number {
  for (const width of NICE_BUCKETS) {
    if (Math.ceil(toMs / width) - Math.floor(fromMs / width) <= maxBuckets) return width;
  }
  return 365 * DAY;
}
