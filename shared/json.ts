/**
 * Is `value` plain JSON (what JSON.parse could return), and how many bytes is it at most?
 * Hand-written because z.json() (a recursive union) was a quarter of the whole ingest cost.
 * Returns the approximate serialised size, or -1 if the value is not JSON.
 */
export function jsonSize(value: unknown, depth = 0): number {
  if (depth > 32) return -1;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return Number.isFinite(value) ? 24 : -1;
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      let total = 2;
      if (Array.isArray(value)) {
        for (const item of value) {
          const size = jsonSize(item, depth + 1);
          if (size < 0) return -1;
          total += size + 1;
        }
        return total;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return -1;
      for (const key in value) {
        const size = jsonSize((value as Record<string, unknown>)[key], depth + 1);
        if (size < 0) return -1;
        total += key.length + size + 4;
      }
      return total;
    }
    default:
      return -1;
  }
}
