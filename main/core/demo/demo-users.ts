import type { BuiltinRole } from '../../../shared/roles';
import type { Accounts, Actor } from '../accounts';

export interface DemoUser {
  name: string;
  displayName: string;
  role: BuiltinRole;
  password: string;
}

/**
 * The demo store's people, one per built-in role, with the passwords docs/demo-data.md lists ("Demo
 * users"). They are public, so they are for demo databases only; they pass the password rules, so
 * the users can log in as documented, with no forced first change.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { name: 'admin', displayName: 'Demo Administrator', role: 'admin', password: 'back office 2026' },
  { name: 'manager', displayName: 'Demo Store Manager', role: 'manager', password: 'store floor 2026' },
  { name: 'auditor', displayName: 'Demo Auditor', role: 'auditor', password: 'ledger check 2026' },
  { name: 'clerk', displayName: 'Demo Clerk', role: 'clerk', password: 'till drawer 2026' },
];

/** The administrator `watchdog demo` creates when it sets a new database up itself. */
export const DEMO_ADMIN = DEMO_USERS[0] as DemoUser;

/** The store name first-run setup records for a demo database. */
export const DEMO_STORE_NAME = 'Watchdog demo store';

/**
 * Creates the demo users who do not exist yet (the administrator is made by setup), each an event in
 * the log under `actor`. Returns the names created. A user of the same name that exists already is
 * left exactly as it is: its password is never reset to the public one.
 */
export async function ensureDemoUsers(accounts: Accounts, actor: Actor): Promise<string[]> {
  const existing = new Set(accounts.users.list().map((u) => u.name.toLowerCase()));
  const created: string[] = [];
  for (const user of DEMO_USERS) {
    if (existing.has(user.name.toLowerCase())) continue;
    await accounts.users.create(actor, user, { mustChange: false });
    created.push(user.name);
  }
  return created;
}
