/**
 * Every permission a channel can require. Declared here so the contract, the router and the renderer
 * agree; enforcement per user arrives with accounts (issue 4). Until then the local operator holds all.
 */
export const PERMISSIONS = [
  'audit:read',
  'audit:append',
  'audit:export',
  'audit:verify',
  'users:manage',
  'settings:write',
  'forecast:read',
  'alerts:triage',
  'terminals:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
