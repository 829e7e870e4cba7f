import type { AuditStore } from '../store';
import { Sessions } from './sessions';
import { Users } from './users';

/** Accounts of one open database: logins and sessions, users and roles (docs/accounts.md). */
export interface Accounts {
  sessions: Sessions;
  users: Users;
}

export function createAccounts(store: AuditStore, now: () => Date = () => new Date()): Accounts {
  const sessions = new Sessions(store, now);
  return { sessions, users: new Users(sessions, now) };
}

export type { Actor } from './audit-events';
export type { LoginSource } from './sessions';
