import { z } from 'zod';

/** A whole number from `min` to `max`, refused with one sentence that says so, unit included. */
export function wholeNumber(min: number, max: number, unit: string) {
  const message = `must be a whole number (${unit}) from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  return z.int({ error: message }).min(min, message).max(max, message);
}
