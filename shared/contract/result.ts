/** What every request answers, in every host. */
export const ERROR_CODES = [
  'BAD_INPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  /** A wrong user name or password (login, unlock, password change): try again. */
  'BAD_CREDENTIALS',
  /** No session, or it ended (expired, logged out, revoked): log in again. */
  'UNAUTHENTICATED',
  /** The session is locked after inactivity: the same user re-enters the password to go on. */
  'SESSION_LOCKED',
  /** Too many attempts: wait (the message says how long) before trying again. */
  'RATE_LIMITED',
  'NOT_FOUND',
  'BATCH_REJECTED',
  'CONFLICT',
  'UNAVAILABLE',
  /** Long work stopped at the user's request; nothing was concluded or changed. */
  'CANCELLED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Index of the event in a batch, when the request carried one. */
  index?: number;
  /** Dotted path of the field, e.g. `ts` or `details.items`. */
  path: string;
  message: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Per-field (and per-event, for batches) reasons, when the error is about input. */
  fields?: FieldError[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
