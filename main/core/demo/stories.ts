import { DAY_MS } from './calendar';
import { resolveOptions, type DemoOptions, type ResolvedOptions } from './options';

/**
 * The planted stories: what the detection work must find in the demo. Each story is described as data
 * (who, where, which actions, which window relative to `end`) so that tests and the detection issue can
 * check them without reading the generator.
 */

export const DEMO_STORY_IDS = [
  'refund-abuse',
  'brute-force-login',
  'off-hours-role-change',
  'bulk-export',
  'no-sale-drawer',
] as const;
export type DemoStoryId = (typeof DEMO_STORY_IDS)[number];

export type StoryDetector = 'loss-prevention' | 'brute-force' | 'privilege-escalation' | 'bulk-export';

/** A window relative to `end`: the whole event range, or a time span on the day `daysBeforeEnd` before it. */
export type StoryWindow =
  | { span: 'range' }
  | { span: 'day'; daysBeforeEnd: number; from: string /* HH:MM:SS UTC */; to: string };

export interface StoryEvidence {
  action: string;
  /** Equality filters on event fields; `details.x` means a key inside details. */
  where: Record<string, string | number | boolean>;
  window: StoryWindow;
  /** What a check over these events should find. */
  expect: string;
}

export interface DemoStory {
  id: DemoStoryId;
  title: string;
  /** What detection should raise. */
  flag: string;
  detector: StoryDetector;
  store_id: string;
  user_ids: string[];
  terminal_ids: string[];
  /** The timing rule in words. */
  timing: string;
  evidence: StoryEvidence[];
}

export interface ResolvedStoryEvidence extends StoryEvidence {
  /** Inclusive start and exclusive end of the window, ISO-8601 UTC. */
  from: string;
  to: string;
}

export interface ResolvedDemoStory extends Omit<DemoStory, 'evidence'> {
  evidence: ResolvedStoryEvidence[];
}

/** Nominal offsets in days before `end`, clamped to the first event day when the range is shorter. */
export const STORY_DAYS_BEFORE_END = { 'brute-force-login': 12, 'off-hours-role-change': 20, 'bulk-export': 5 } as const;

export const REFUND_ABUSE = { storeIndex: 1, userId: 'u-104', refundMultiplier: 5, noReceiptShare: 0.5 } as const;
export const BRUTE_FORCE = {
  storeIndex: 1,
  terminalId: 'S001-T03',
  usernames: ['admin', 'u-151'],
  attempts: 12,
  start: '22:47:05',
} as const;
export const ROLE_CHANGE = { storeIndex: 1, actorId: 'u-152', targetId: 'u-106', at: '02:14:37' } as const;
export const BULK_EXPORT = { rows: 50_000, at: '01:37:12' } as const;
export const NO_SALE_MULTIPLIER = 7;

/** Stories 4 and 5 live in S002; a one-store demo keeps them in S001 with the equivalent people. */
export function bulkExportCast(stores: number): { storeIndex: number; userId: string } {
  return stores >= 2 ? { storeIndex: 2, userId: 'u-251' } : { storeIndex: 1, userId: 'u-151' };
}

export function noSaleCast(stores: number): { storeIndex: number; userId: string } {
  return stores >= 2 ? { storeIndex: 2, userId: 'u-203' } : { storeIndex: 1, userId: 'u-105' };
}

/** The day (epoch day) a dated story happens on: its nominal offset, clamped into the event range. */
export function storyDay(resolved: ResolvedOptions, id: keyof typeof STORY_DAYS_BEFORE_END): number {
  return resolved.endDay - Math.min(STORY_DAYS_BEFORE_END[id], resolved.days);
}

function storeName(index: number): string {
  return `S${String(index).padStart(3, '0')}`;
}

function buildStories(stores: number, daysBefore: (id: keyof typeof STORY_DAYS_BEFORE_END) => number): DemoStory[] {
  const exporter = bulkExportCast(stores);
  const drawer = noSaleCast(stores);
  const exportStore = storeName(exporter.storeIndex);
  const drawerStore = storeName(drawer.storeIndex);
  return [
    {
      id: 'refund-abuse',
      title: 'Cashier u-104 refunds about three times as often as the rest of S001',
      flag: 'Per-cashier refund rate far above the store baseline, with many no-receipt cash refunds just under the $25 approval limit',
      detector: 'loss-prevention',
      store_id: 'S001',
      user_ids: [REFUND_ABUSE.userId],
      terminal_ids: [],
      timing: 'Every day u-104 works, over the whole event range.',
      evidence: [
        { action: 'pos.refund', where: { store_id: 'S001', user_id: REFUND_ABUSE.userId }, window: { span: 'range' }, expect: "refunds / u-104's pos.sale count ≥ 2.5 × the store's refunds / pos.sale; every other cashier < 1.6 ×" },
        { action: 'pos.refund', where: { store_id: 'S001', user_id: REFUND_ABUSE.userId, 'details.no_receipt': true }, window: { span: 'range' }, expect: 'about half of u-104’s refunds, two units of a $8.99–$11.99 item each: $17.98–$23.98 (less in promotion weeks), just under the $25 approval limit' },
        { action: 'pos.sale', where: { store_id: 'S001' }, window: { span: 'range' }, expect: 'the denominator: sales per cashier' },
      ],
    },
    {
      id: 'brute-force-login',
      title: 'Password guessing on till S001-T03 after closing',
      flag: 'Brute force: 12 failed logins in under 4 minutes from one terminal (rule: 5+ in 10 minutes), followed by a lockout',
      detector: 'brute-force',
      store_id: 'S001',
      user_ids: [...BRUTE_FORCE.usernames],
      terminal_ids: [BRUTE_FORCE.terminalId],
      timing: `${daysBefore('brute-force-login')} days before end (clamped to the first event day), first failure at ${BRUTE_FORCE.start} UTC, 14–21 s apart.`,
      evidence: [
        { action: 'auth.login', where: { terminal_id: BRUTE_FORCE.terminalId, status: 'failure', error_details: 'invalid password' }, window: { span: 'day', daysBeforeEnd: daysBefore('brute-force-login'), from: '22:47:00', to: '22:52:00' }, expect: '12 failures within 4 minutes, usernames admin and u-151' },
        { action: 'auth.lockout', where: { terminal_id: BRUTE_FORCE.terminalId }, window: { span: 'day', daysBeforeEnd: daysBefore('brute-force-login'), from: '22:47:00', to: '22:52:00' }, expect: 'one lockout, level ERROR' },
      ],
    },
    {
      id: 'off-hours-role-change',
      title: 'Shift manager u-152 grants manager rights to cashier u-106 at 02:14',
      flag: 'Privilege escalation off hours by an account that never otherwise does admin work',
      detector: 'privilege-escalation',
      store_id: 'S001',
      user_ids: [ROLE_CHANGE.actorId, ROLE_CHANGE.targetId],
      terminal_ids: ['S001-BO'],
      timing: `${daysBefore('off-hours-role-change')} days before end (clamped), login 02:11, role.assign at ${ROLE_CHANGE.at} UTC, logout 02:16.`,
      evidence: [
        { action: 'role.assign', where: { user_id: ROLE_CHANGE.actorId, resource_id: ROLE_CHANGE.targetId, 'details.role': 'manager', category: 'iam', level: 'WARNING' }, window: { span: 'day', daysBeforeEnd: daysBefore('off-hours-role-change'), from: '02:14:00', to: '02:15:00' }, expect: 'exactly one' },
        { action: 'auth.login', where: { user_id: ROLE_CHANGE.actorId, status: 'success' }, window: { span: 'day', daysBeforeEnd: daysBefore('off-hours-role-change'), from: '02:00:00', to: '02:30:00' }, expect: 'the off-hours session that carried it' },
      ],
    },
    {
      id: 'bulk-export',
      title: `Manager ${exporter.userId} exports 50,000 audit rows at 01:37`,
      flag: 'Bulk export / exfiltration: a night-time export more than 15 × larger than any routine export (those stay under 3,000 rows)',
      detector: 'bulk-export',
      store_id: exportStore,
      user_ids: [exporter.userId],
      terminal_ids: [`${exportStore}-BO`],
      timing: `${daysBefore('bulk-export')} days before end (clamped), login 01:33, audit.export at ${BULK_EXPORT.at} UTC.`,
      evidence: [
        { action: 'audit.export', where: { user_id: exporter.userId, 'details.rows': BULK_EXPORT.rows, 'details.format': 'csv' }, window: { span: 'day', daysBeforeEnd: daysBefore('bulk-export'), from: '01:30:00', to: '01:45:00' }, expect: 'exactly one, 50,000 rows' },
      ],
    },
    {
      id: 'no-sale-drawer',
      title: `Cashier ${drawer.userId} opens the drawer without a sale far more than colleagues`,
      flag: 'Per-cashier no-sale rate at least 2.5 × the store baseline (possible skimming)',
      detector: 'loss-prevention',
      store_id: drawerStore,
      user_ids: [drawer.userId],
      terminal_ids: [],
      timing: 'Every day the cashier works, over the whole event range.',
      evidence: [
        { action: 'pos.no_sale', where: { store_id: drawerStore, user_id: drawer.userId }, window: { span: 'range' }, expect: "no-sales / the cashier's pos.sale count ≥ 2.5 × the store's" },
        { action: 'cash.drawer_open', where: { store_id: drawerStore, user_id: drawer.userId, 'details.reason': 'no_sale' }, window: { span: 'range' }, expect: 'one per no-sale, within 3 s' },
      ],
    },
  ];
}

/** The stories as planted in a run of at least 20 days with 2 or more stores; windows relative to `end`. */
export const DEMO_STORIES: readonly DemoStory[] = buildStories(2, (id) => STORY_DAYS_BEFORE_END[id]);

function resolveWindow(window: StoryWindow, resolved: ResolvedOptions): { from: string; to: string } {
  if (window.span === 'range') {
    return { from: new Date(resolved.firstEventDay * DAY_MS).toISOString(), to: new Date(resolved.endDay * DAY_MS).toISOString() };
  }
  const date = new Date((resolved.endDay - window.daysBeforeEnd) * DAY_MS).toISOString().slice(0, 10);
  return { from: `${date}T${window.from}.000Z`, to: `${date}T${window.to}.000Z` };
}

/** The stories for these options, with the exact evidence windows as ISO instants. */
export function demoStories(options: DemoOptions): ResolvedDemoStory[] {
  const resolved = resolveOptions(options);
  return buildStories(resolved.stores, (id) => resolved.endDay - storyDay(resolved, id)).map((story) => ({
    ...story,
    evidence: story.evidence.map((e) => ({ ...e, ...resolveWindow(e.window, resolved) })),
  }));
}
