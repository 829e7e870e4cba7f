import type { ChannelOutput } from '../../../../shared/contract/channels';
import type { UserSummary } from '../../../../shared/contract/accounts';
import { formatUtc } from '../../format/time';
import { roleLabel } from '../auth/access';

export type RoleSummary = ChannelOutput<'roles.list'>[number];

export interface UserState {
  label: string;
  tone: 'ok' | 'warn' | 'off';
}

/** Everything that keeps a user from simply logging in, most important first; "Active" when nothing does. */
export function userStates(user: UserSummary): UserState[] {
  const states: UserState[] = [];
  if (user.disabled) states.push({ label: 'Disabled', tone: 'off' });
  if (user.lockedUntil) states.push({ label: `Locked until ${formatUtc(user.lockedUntil)} UTC`, tone: 'warn' });
  if (user.mustChangePassword) states.push({ label: 'Must change password', tone: 'warn' });
  return states.length ? states : [{ label: 'Active', tone: 'ok' }];
}

/** Built-in roles first in their fixed order (admin … clerk), then custom ones by name. */
export function roleOptions(roles: readonly RoleSummary[]): { value: string; label: string }[] {
  const builtin = roles.filter((r) => r.builtin);
  const custom = roles.filter((r) => !r.builtin).sort((a, b) => a.name.localeCompare(b.name));
  return [...builtin, ...custom].map((r) => ({ value: r.name, label: r.builtin ? roleLabel(r.name) : `${r.name} (custom)` }));
}
