/** Every time on screen is UTC: audits compare logs from stores in different time zones. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-01-31 09:15:04 */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** 31 Jan 2026 */
export function formatUtcDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** An axis label that is as short as the bucket size allows: days need no clock, minutes need no date. */
export function formatBucketLabel(ms: number, bucketMs: number, spanMs: number): string {
  const date = new Date(ms);
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  const clock = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  if (bucketMs >= DAY) return day;
  if (spanMs <= DAY) return clock;
  return `${day} ${clock}`;
}

/** The full time range of a bucket, for tooltips. */
export function formatBucketRange(startMs: number, bucketMs: number): string {
  const start = formatUtc(new Date(startMs).toISOString());
  const end = formatUtc(new Date(startMs + bucketMs).toISOString());
  return `${start} – ${end} UTC`;
}

/** A human size for a bucket: "1 day", "6 hours", "15 minutes". */
export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [DAY, 'day'],
    [HOUR, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

/** ISO instant → the value a `datetime-local` input shows, read as UTC (the input has no zone). */
export function isoToInputValue(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 16);
}

/** `datetime-local` value, meant as UTC → ISO instant; empty or invalid → undefined. */
export function inputValueToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
