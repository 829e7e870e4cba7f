import type { Migration } from './types';

/**
 * Accounts and sessions (docs/accounts.md). Unlike the log these tables change in place; every change
 * to them is also an event in the log (`user.create`, `auth.login`, …), which is the record.
 * - `roles`: custom roles and their permissions (a JSON array); the built-in ones live in code.
 * - `users`: login name (case-insensitive), role, argon2id hash, the forced-change flag, disabled,
 *   and the lock-out state (consecutive failures, locked until, lock-outs so far).
 * - `sessions`: one row per login; the secret token is never stored, only its SHA-256. A session ends
 *   (logout, revoked, expired, password changed, user disabled) by setting `ended_at` and a reason.
 * - `known_devices`: which devices each user has logged in from (the "new device" signal).
 * - `app_settings`: the store's name and the session limits, until documents (issue 5) hold settings.
 */
export const migration008: Migration = {
  version: 8,
  name: 'accounts',
  up(db) {
    db.exec(`
      CREATE TABLE roles (
        name        TEXT PRIMARY KEY,
        permissions TEXT NOT NULL CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
        created_at  TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE users (
        id                  TEXT PRIMARY KEY,
        name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name        TEXT NOT NULL,
        role                TEXT NOT NULL,
        password_hash       TEXT NOT NULL,
        must_change         INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
        disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        failed_logins       INTEGER NOT NULL DEFAULT 0,
        locked_until_ms     INTEGER,
        lockouts            INTEGER NOT NULL DEFAULT 0,
        created_at          TEXT NOT NULL,
        password_changed_at TEXT NOT NULL,
        last_login_at       TEXT
      ) WITHOUT ROWID;

      CREATE TABLE sessions (
        id            TEXT PRIMARY KEY,
        token_hash    BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        user_id       TEXT NOT NULL REFERENCES users (id),
        host          TEXT NOT NULL,
        source        TEXT NOT NULL,
        device        TEXT,
        created_ms    INTEGER NOT NULL,
        last_seen_ms  INTEGER NOT NULL,
        expires_ms    INTEGER NOT NULL,
        locked        INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
        ended_ms      INTEGER,
        end_reason    TEXT
      ) WITHOUT ROWID;
      CREATE INDEX sessions_user_open ON sessions (user_id, ended_ms);

      CREATE TABLE known_devices (
        user_id    TEXT NOT NULL REFERENCES users (id),
        device     TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (user_id, device)
      ) WITHOUT ROWID;

      CREATE TABLE app_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
