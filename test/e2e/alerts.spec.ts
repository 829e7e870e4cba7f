import { expect, test, type Locator, type Page } from '@playwright/test';
import { enter, newUser, screenshotWhole, useOwnHost } from './session';

/**
 * Detection in the browser, on a host of its own: the demo store (whose load ends with a detection run)
 * has alerts; the refund alert for u-104 opens as a case with its explanation and evidence; a different
 * alert marked a false positive leaves the Dashboard's open count for its severity one lower. An auditor
 * reads alerts but has no triage buttons, and the core refuses triage from them.
 */
const host = useOwnHost();

const at = host.at;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

async function openAlerts(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByTestId('alert-row').first()).toBeVisible();
}

async function openDashboard(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('dashboard-live')).toBeVisible();
}

async function openCounts(page: Page): Promise<Record<(typeof SEVERITIES)[number], number>> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const severity of SEVERITIES) {
    counts[severity] = Number((await page.getByTestId(`open-alerts-${severity}`).textContent())?.replace(/\D/g, ''));
  }
  return counts;
}

/** Critical toasts from the demo's detection run sit over the corner of the page; they are not what a screenshot is for. */
async function dismissToasts(page: Page) {
  const toasts = page.getByTestId('critical-toast');
  while ((await toasts.count()) > 0) await toasts.first().getByRole('button', { name: /Dismiss/ }).click();
}

async function refundAlert(page: Page): Promise<Locator> {
  const row = page.locator('[data-testid="alert-row"][data-users~="u-104"]').filter({ hasText: /refund/i }).first();
  await expect(row, 'the demo store raises a refund alert for u-104').toBeVisible();
  return row;
}

test('the refund case, a false positive, and the Dashboard counting it', async ({ page }) => {
  test.setTimeout(300_000);
  await enter(page, host.url);
  await page.getByRole('button', { name: 'Load demo store' }).click();
  await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 240_000 });

  // The live Dashboard: activity, open alerts by severity, the charts and the exception table.
  await expect(page.getByTestId('dashboard-live')).toBeVisible();
  await expect(page.getByTestId('events-week')).not.toHaveText('0');
  await expect(page.getByTestId('chart-top-users')).toBeVisible();
  await expect(page.getByTestId('chart-categories')).toBeVisible();
  await expect(page.getByTestId('exception-row').first()).toBeVisible();
  await expect(page.getByTestId('exception-row').first().getByTestId('exception-ratio')).toContainText('× the store’s');
  const before = await openCounts(page);
  expect(before.critical + before.high + before.medium + before.low, 'the demo store has open alerts').toBeGreaterThan(0);
  await dismissToasts(page);
  await screenshotWhole(page, 'dashboard-live.png');

  // The refund alert for u-104: its explanation and the evidence, on the strip chart and in the table.
  await openAlerts(page);
  await dismissToasts(page);
  await screenshotWhole(page, 'alerts-list.png');
  const refund = await refundAlert(page);
  const refundId = await refund.getAttribute('data-alert-id');
  await refund.click();
  const alertCase = page.getByTestId('alert-case');
  await expect(alertCase).toHaveAttribute('data-alert-id', refundId ?? '');
  await expect(page.getByTestId('alert-case-title')).toContainText(/refund/i);
  await expect(page.getByTestId('alert-explanation').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('evidence-chart')).toBeVisible();
  await expect(page.getByTestId('evidence-row').first()).toBeVisible();
  await expect(page.getByTestId('evidence-table')).toContainText('pos.refund');
  await expect(page.getByTestId('evidence-table')).toContainText('u-104');

  // Open a case on it and leave a note.
  await page.getByTestId('case-open').click();
  await expect(page.getByTestId('case-details')).toBeVisible();
  await page.getByTestId('case-comment').fill('Asked the shift lead for the refund slips.');
  await page.getByTestId('case-comment-add').click();
  await expect(page.getByTestId('case-comments')).toContainText('Asked the shift lead');
  await screenshotWhole(page, 'alerts-case.png');

  // An evidence event opens on the Timeline with its drawer.
  const firstSeq = await page.getByTestId('evidence-row').first().getAttribute('data-seq');
  await page.getByTestId('evidence-row').first().getByRole('link').click();
  await expect(page.getByTestId('event-drawer')).toBeVisible();
  await expect(page.getByTestId('event-seq')).toHaveText(firstSeq ?? '');
  await page.goBack();
  await expect(alertCase).toBeVisible();

  // The Dashboard's counts right now (opening a case may move the refund alert between counts).
  await openDashboard(page);
  const counts = await openCounts(page);

  // A different, untouched alert is a false positive.
  await openAlerts(page);
  let other: Locator | null = null;
  for (const row of await page.getByTestId('alert-row').all()) {
    if ((await row.getAttribute('data-alert-id')) !== refundId && (await row.getAttribute('data-status')) === 'open') {
      other = row;
      break;
    }
  }
  if (!other) throw new Error('the demo store has only the one alert');
  const otherId = (await other.getAttribute('data-alert-id')) ?? '';
  const severity = (await other.getAttribute('data-severity')) as (typeof SEVERITIES)[number];
  await other.click();
  await expect(alertCase).toHaveAttribute('data-alert-id', otherId);
  await page.getByTestId('feedback-false-positive').click();
  await expect(page.getByTestId('feedback-reopen')).toBeVisible();
  await expect(alertCase).toContainText('False positive');
  // The active list no longer holds it.
  await expect(page.locator(`[data-testid="alert-row"][data-alert-id=${JSON.stringify(otherId)}]`)).toHaveCount(0);

  await openDashboard(page);
  await expect.poll(async () => (await openCounts(page))[severity]).toBe(counts[severity] - 1);

  // The severity card opens the list filtered to it.
  await page.getByTestId(`open-alerts-${severity}`).click();
  await expect(page.getByTestId('alert-filter-severity')).toHaveValue(severity);
  for (const row of await page.getByTestId('alert-row').all()) await expect(row).toHaveAttribute('data-severity', severity);
});

test('an auditor reads alerts and cases but has no triage buttons, and the core refuses triage', async ({ page, browser }) => {
  await enter(page, host.url);
  const auditor = await newUser(page, browser, host.url, 'aud', 'auditor');
  await expect(auditor.getByTestId('nav-alerts')).toBeVisible();
  await auditor.goto(at('alerts'));
  await expect(auditor.getByTestId('alert-row').first()).toBeVisible();
  await expect(auditor.getByTestId('run-detection-button')).toHaveCount(0);

  const refund = await refundAlert(auditor);
  const refundId = (await refund.getAttribute('data-alert-id')) ?? '';
  // The keyboard reaches it too: focus the list, then Enter.
  await refund.focus();
  await auditor.keyboard.press('Enter');
  await expect(auditor.getByTestId('alert-case')).toHaveAttribute('data-alert-id', refundId);
  await expect(auditor.getByTestId('alert-explanation').locator('li').first()).toBeVisible();
  await expect(auditor.getByTestId('evidence-row').first()).toBeVisible();
  await expect(auditor.getByTestId('case-details'), 'the case the manager opened is readable').toBeVisible();
  await expect(auditor.getByTestId('case-comments')).toContainText('Asked the shift lead');
  await expect(auditor.getByTestId('feedback-bar')).toHaveCount(0);
  await expect(auditor.getByTestId('case-comment')).toHaveCount(0);
  await expect(auditor.getByTestId('case-status')).toHaveCount(0);

  const response = await auditor.request.post(new URL('/api/invoke', host.url).toString(), {
    data: { channel: 'alerts.feedback', input: { id: refundId, verdict: 'false_positive' } },
  });
  expect(await response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  await auditor.context().close();
});
