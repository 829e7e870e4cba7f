import { MINUTE_MS, at, isoDate, weekday } from './calendar';
import { CATEGORIES, DEMO_CATALOG } from './catalog';
import { machine, type Actor, type EventSink } from './emit';
import type { Rng } from './rng';
import type { Roster, Session } from './shifts';
import type { StoreLayout } from './staff';

/**
 * What happens in the back office: machines starting, deliveries, stock adjustments and counts, reports,
 * settings and user maintenance. Only the admin and the first manager ever change settings or users,
 * which is what makes the planted role change by the second manager stand out.
 */

export const SOFTWARE_VERSION = '3.2.1';

const SUPPLIERS = ['Valley Dairy Co-op', 'Sunrise Bakery', 'GreenLeaf Produce', 'Metro Beverage', 'Crunch Snacks Dist.', 'HomeGoods Supply'] as const;
const ADJUST_REASONS: readonly (readonly [string, number])[] = [
  ['damaged', 0.35], ['expired', 0.35], ['count correction', 0.2], ['theft suspected', 0.1],
];
const SETTINGS: readonly (readonly [string, string, string])[] = [
  ['receipt.footer', 'Thank you for shopping with us!', 'Thanks! See you soon.'],
  ['pos.max_discount_pct', '20', '25'],
  ['pos.no_receipt_refund_limit_minor', '2500', '2500'],
  ['printer.timeout_s', '30', '45'],
  ['pos.idle_lock_min', '5', '3'],
  ['scale.tare_g', '12', '10'],
  ['inventory.reorder_days', '3', '4'],
];
const EXPORT_REPORTS = ['sales_by_sku', 'refunds', 'voids_by_cashier', 'timecards', 'inventory_levels'] as const;
const PROFILE_FIELDS = [['phone'], ['schedule'], ['display_name'], ['email'], ['pin_reset']] as const;

export interface BackOfficeContext {
  day: number;
  store: StoreLayout;
  roster: Roster;
  rng: Rng;
  sink: EventSink;
}

/** A moment inside a session's window, or null when the session does not cover any of it. */
function within(rng: Rng, s: Session | undefined, from: number, to: number): number | null {
  if (s === undefined) return null;
  const lo = Math.max(from, s.login + 5 * MINUTE_MS);
  const hi = Math.min(to, s.logout - 5 * MINUTE_MS);
  return lo < hi ? rng.int(lo, hi) : null;
}

function systemStarts(ctx: BackOfficeContext): void {
  const { rng, sink, store, day } = ctx;
  for (const terminal of [store.backOffice, ...store.registers]) {
    sink.emit(at(day, 6, 15) + rng.int(0, 15 * MINUTE_MS), machine(terminal), 'system.start', {
      details: { version: SOFTWARE_VERSION, boot_ms: rng.int(9_000, 26_000) },
    });
  }
}

function deliveries(ctx: BackOfficeContext, morning: Session | undefined): void {
  const { rng, sink, day } = ctx;
  const dow = weekday(day);
  if (!([0, 2, 4].includes(dow) || ((dow === 1 || dow === 3) && rng.chance(0.3)))) return;
  const ms = within(rng, morning, at(day, 8), at(day, 11));
  if (ms === null || morning === undefined) return;
  const lines = rng.shuffle(DEMO_CATALOG.filter((s) => !s.slow)).slice(0, rng.int(6, 14));
  sink.emit(ms, morning.actor, 'inventory.receive', {
    resourceType: 'purchase_order',
    resourceId: `PO-${ctx.store.storeId}-${isoDate(day).replaceAll('-', '')}`,
    details: {
      supplier: rng.pick(SUPPLIERS),
      lines: lines.map((s) => ({ sku: s.sku, qty: Math.max(6, Math.round((s.base * rng.between(2, 4)) / 6) * 6) })),
    },
  });
}

function adjustments(ctx: BackOfficeContext, managers: readonly Session[]): void {
  const { rng, sink, day } = ctx;
  const count = rng.poisson(0.7);
  for (let n = 0; n < count && managers.length > 0; n++) {
    const manager = rng.pick(managers);
    const ms = within(rng, manager, at(day, 0), at(day, 24));
    if (ms === null) continue;
    const sku = rng.pick(DEMO_CATALOG);
    const reason = rng.weighted(ADJUST_REASONS);
    sink.emit(ms, manager.actor, 'inventory.adjust', {
      resourceType: 'sku',
      resourceId: sku.sku,
      level: reason === 'theft suspected' ? 'WARNING' : 'INFO',
      details: { sku: sku.sku, qty_delta: reason === 'count correction' && rng.chance(0.4) ? rng.int(1, 4) : -rng.int(1, 6), reason },
    });
  }
}

/** Weekly cycle count on Sunday evening, one category at a time. */
function cycleCount(ctx: BackOfficeContext, evening: Session | undefined): void {
  const { rng, sink, day } = ctx;
  if (weekday(day) !== 6) return;
  const ms = within(rng, evening, at(day, 20), at(day, 21, 30));
  if (ms === null || evening === undefined) return;
  const category = CATEGORIES[Math.floor(day / 7) % CATEGORIES.length] ?? 'Dairy';
  sink.emit(ms, evening.actor, 'inventory.count', {
    resourceType: 'category',
    resourceId: category,
    details: { category, skus_counted: DEMO_CATALOG.filter((s) => s.category === category).length, variance_units: rng.int(-9, 2) },
  });
}

function reports(ctx: BackOfficeContext, managers: readonly Session[], morning: Session | undefined, evening: Session | undefined): void {
  const { rng, sink, day, roster, store } = ctx;
  const lastClose = Math.max(at(day, 22), ...roster.registers.map((s) => s.logout));
  const zAt = lastClose + rng.int(60_000, 180_000);
  // With no evening manager the end-of-day report runs as a scheduled job.
  const zActor: Actor = evening !== undefined && zAt < evening.logout ? evening.actor : machine(store.backOffice);
  sink.emit(zAt, zActor, 'report.generate', {
    resourceType: 'report',
    resourceId: `Z-${store.storeId}-${isoDate(day)}`,
    details: { report: 'daily_z', period: isoDate(day), scheduled: zActor.userId === null },
  });
  // The weekly report waits for Tuesday: the morning manager is off on Sunday and Monday.
  const weeklyAt = weekday(day) === 1 ? within(rng, morning, at(day, 8), at(day, 10)) : null;
  if (weeklyAt !== null && morning !== undefined) {
    sink.emit(weeklyAt, morning.actor, 'report.generate', {
      resourceType: 'report',
      resourceId: `W-${store.storeId}-${isoDate(day)}`,
      details: { report: 'weekly_sales', period: `week ending ${isoDate(day - 2)}` },
    });
  }
  for (const manager of managers) {
    if (rng.chance(0.08)) {
      const ms = within(rng, manager, at(day, 0), at(day, 24));
      if (ms !== null) {
        sink.emit(ms, manager.actor, 'report.export', {
          resourceType: 'report',
          resourceId: rng.pick(EXPORT_REPORTS),
          details: { rows: rng.int(40, 3_000), format: rng.chance(0.7) ? 'csv' : 'pdf' },
        });
      }
    }
    if (rng.chance(0.1)) {
      const ms = within(rng, manager, at(day, 0), at(day, 24));
      if (ms !== null) {
        const filter = rng.pick(['refunds today', 'voids this week', 'no-sales by cashier', 'failed logins']);
        sink.emit(ms, manager.actor, 'audit.view', { resourceType: 'audit_log', resourceId: store.storeId, details: { filter } });
        if (rng.chance(0.15)) {
          sink.emit(ms + rng.int(30_000, 300_000), manager.actor, 'audit.export', {
            resourceType: 'audit_log',
            resourceId: store.storeId,
            details: { rows: rng.int(20, 800), format: 'csv', filter },
          });
        }
      }
    }
  }
}

function configChange(ctx: BackOfficeContext, actor: Actor, ms: number): void {
  const [key, before, after] = ctx.rng.pick(SETTINGS);
  ctx.sink.emit(ms, actor, 'config.change', { resourceType: 'setting', resourceId: key, details: { key, old_value: before, new_value: after } });
}

function administration(ctx: BackOfficeContext, firstManager: Session | undefined): void {
  const { rng, sink, day, roster, store } = ctx;
  const admin = roster.admin ?? undefined;
  if (admin !== undefined) {
    if (rng.chance(0.4)) {
      const ms = within(rng, admin, at(day, 0), at(day, 24));
      if (ms !== null) configChange(ctx, admin.actor, ms);
    }
    if (rng.chance(0.2)) {
      const ms = within(rng, admin, at(day, 0), at(day, 24));
      const target = rng.pick(store.cashiers);
      if (ms !== null) {
        sink.emit(ms, admin.actor, 'user.update', { resourceType: 'user', resourceId: target.id, details: { fields: [...rng.pick(PROFILE_FIELDS)] } });
      }
    }
  }
  if (firstManager !== undefined && firstManager.member.id === store.managers[0]?.id && rng.chance(0.04)) {
    const ms = within(rng, firstManager, at(day, 0), at(day, 24));
    if (ms !== null) configChange(ctx, firstManager.actor, ms);
  }
}

export function backOfficeDay(ctx: BackOfficeContext): void {
  const { roster } = ctx;
  systemStarts(ctx);
  const morning = roster.managers.find((m) => m.member.shift === 'morning');
  const evening = roster.managers.find((m) => m.member.shift === 'evening');
  deliveries(ctx, morning ?? evening);
  adjustments(ctx, roster.managers);
  cycleCount(ctx, evening ?? morning);
  reports(ctx, roster.managers, morning, evening);
  administration(ctx, morning);
}
