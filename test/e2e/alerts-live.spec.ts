import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { enter, useOwnHost } from './session';

/**
 * Alerts arriving while the app is open, on a host of its own with a fresh database: an administrator
 * watches the Dashboard (past the first-run panel: one sale is in); a till's events come in over the core's ingest channel (a night-time role
 * grant by someone who never did administration: privilege escalation, critical); detection runs; the
 * critical toast names the alert and the Dashboard's figures move without a reload. The toast's alert
 * opens at the address the desktop notification also uses (main/electron/alert-notifications.ts).
 */
const host = useOwnHost();

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A moment outside business hours (06:00–23:00 UTC) on today's UTC date, and not in the future. */
function nightToday(now = Date.now()): number {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  const hour = Math.floor((now - midnight) / HOUR_MS);
  if (hour >= 6 && hour < 23) return midnight + 2 * HOUR_MS + 14 * 60_000;
  return Math.max(midnight, now - 60_000);
}

function tillEvent(tsMs: number, action: string, extra: Record<string, unknown> = {}) {
  return {
    event_id: randomUUID(),
    ts: new Date(tsMs).toISOString(),
    store_id: 'S001',
    terminal_id: 'S001-BO1',
    user_id: 'u-907',
    user_role: 'manager',
    session_id: 'e2e-night-session',
    action,
    ip_address: '10.0.1.27',
    ...extra,
  };
}

async function invoke(page: Page, channel: string, input: unknown): Promise<unknown> {
  const response = await page.request.post(new URL('/api/invoke', host.url).toString(), { data: { channel, input } });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  expect(result, `${channel} answers ok`).toMatchObject({ ok: true });
  return result.value;
}

const figure = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())?.replace(/\D/g, ''));

test('a critical alert raised while the Dashboard is open: toast, live figures, and its address', async ({ page }) => {
  await enter(page, host.url);
  // A new database shows the first-run panel until a till has sent something; the store's first sale.
  await invoke(page, 'events.ingest', {
    events: [tillEvent(Date.now() - 120_000, 'pos.sale', { user_id: 'u-101', user_role: 'cashier', session_id: 'e2e-till-session', amount_minor: 1299, currency: 'USD' })],
  });
  await page.reload();
  await expect(page.getByTestId('dashboard-live')).toBeVisible();
  const eventsToday = await figure(page, 'events-today');
  const recorded = await figure(page, 'summary-events');
  await expect(page.getByTestId('open-alerts-critical')).toHaveText('0');
  await expect(page.getByTestId('critical-toast')).toHaveCount(0);

  // A manager with no administration behind them makes someone an administrator in the night.
  const grantAt = nightToday();
  await invoke(page, 'events.ingest', {
    events: [
      tillEvent(grantAt - 60_000, 'auth.login'),
      tillEvent(grantAt, 'role.assign', { resource_type: 'user', resource_id: 'u-908', details: { role: 'admin' } }),
    ],
  });
  // The Dashboard follows the log as it grows: no reload.
  await expect.poll(() => figure(page, 'events-today')).toBeGreaterThan(eventsToday);
  // The summary cards above follow it too, so the two never disagree.
  await expect.poll(() => figure(page, 'summary-events')).toBeGreaterThan(recorded);

  await invoke(page, 'detection.run', {});
  const toast = page.getByTestId('critical-toast').filter({ hasText: 'u-907 granted admin to u-908' });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('Critical alert');
  await expect(page.getByTestId('open-alerts-critical')).toHaveText('1');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screens/alerts-toast.png' });

  // The toast opens its alert; the same address, typed in, opens it too (the desktop notification's route).
  await toast.getByRole('link', { name: 'Open the alert' }).click();
  const alertCase = page.getByTestId('alert-case');
  await expect(alertCase).toBeVisible();
  const alertId = (await alertCase.getAttribute('data-alert-id')) ?? '';
  expect(alertId).toMatch(/^rule:privilege_escalation:/);
  await expect(page.getByTestId('alert-case-title')).toContainText('u-907 granted admin to u-908');
  await expect(page.getByTestId('critical-toast')).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('dashboard-live')).toBeVisible();
  await page.goto(host.at(`alerts?${new URLSearchParams({ status: 'all', alert: alertId }).toString()}`));
  await expect(page.getByTestId('alert-case')).toHaveAttribute('data-alert-id', alertId);
});
