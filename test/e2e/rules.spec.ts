import { expect, test, type Browser, type Page } from '@playwright/test';
import { enter, useOwnHost } from './session';
import { DEMO_USERS } from '../../main/core/demo/demo-users';

/**
 * Detection's settings and its fairness check, on a host of its own with the demo store loaded: the
 * Alerts screen shows the detection rates by role and by store; an administrator raises the
 * brute-force threshold in Settings → Detection rules (a bad value is refused on the field first),
 * the change survives a reload, is a config.change event in the log, and a run of detection follows;
 * a store manager reads the rules but cannot change them, and the core refuses them too.
 */
const host = useOwnHost();

const at = host.at;
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const bruteForce = (page: Page) => page.locator('[data-testid="rule-card"][data-rule="brute_force"]');

async function invoke(page: Page, channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const response = await page.request.post(new URL('/api/invoke', host.url).toString(), { data: { channel, input } });
  return (await response.json()) as never;
}

/** Critical toasts from the demo's detection run sit over the corner of the page. */
async function dismissToasts(page: Page) {
  const toasts = page.getByTestId('critical-toast');
  while ((await toasts.count()) > 0) await toasts.first().getByRole('button', { name: /Dismiss/ }).click();
}

async function openRules(page: Page) {
  await nav(page).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('rules-panel')).toBeVisible();
  await expect(bruteForce(page)).toBeVisible();
}

test('the detection rates on the Alerts screen; the brute-force threshold changed, kept and recorded', async ({ page }) => {
  test.setTimeout(300_000);
  await enter(page, host.url);
  await page.getByRole('button', { name: 'Load demo store' }).click();
  await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 240_000 });
  await dismissToasts(page);

  // Detection rates by role and by store, folded into one line until opened.
  await nav(page).getByRole('link', { name: 'Alerts' }).click();
  const fairness = page.getByTestId('fairness-panel');
  await expect(fairness).toBeVisible();
  await expect(page.getByTestId('fairness-summary')).toContainText(/spread|compare/);
  if ((await fairness.getAttribute('open')) === null) await fairness.locator('summary').click();
  await expect(page.getByTestId('fairness-role').locator('[data-testid="fairness-group"][data-group="cashier"]')).toContainText(/% of [\d,.\s]+ events/);
  for (const store of ['S001', 'S002']) {
    await expect(page.getByTestId('fairness-store').locator(`[data-testid="fairness-group"][data-group="${store}"]`)).toContainText(/% of [\d,.\s]+ events/);
  }
  await expect(fairness).toContainText('at least 1,000 events');
  await dismissToasts(page);
  await page.screenshot({ path: 'docs/screens/alerts-fairness.png' });

  // Settings → Detection rules: a negative threshold is refused before the core is asked.
  await openRules(page);
  await expect(page.getByTestId('rules-group-security').getByTestId('rule-card')).toHaveCount(4);
  await expect(page.getByTestId('rules-group-loss_prevention').getByTestId('rule-card')).toHaveCount(8);
  const failures = bruteForce(page).getByTestId('rule-threshold-minFailures');
  await expect(failures).toHaveValue('5');
  await expect(bruteForce(page).getByTestId('rule-changed-by')).toHaveText('Default');
  await failures.fill('-3');
  await bruteForce(page).getByTestId('rule-save').click();
  await expect(failures).toHaveAttribute('aria-invalid', 'true');
  await expect(bruteForce(page).getByTestId('rule-error')).toContainText('failed logins');
  // One outside the rule's range is refused by the core, on the field.
  await failures.fill('5000');
  await bruteForce(page).getByTestId('rule-save').click();
  await expect(bruteForce(page).getByTestId('rule-error')).toContainText('from 2 to 1000');
  await expect(failures).toHaveAttribute('aria-invalid', 'true');

  await failures.fill('20');
  await bruteForce(page).getByTestId('rule-save').click();
  await expect(bruteForce(page).getByTestId('rule-saved')).toBeVisible();
  await expect(bruteForce(page).getByTestId('rule-changed-by')).toContainText('Last changed by admin');
  await expect(page.getByTestId('rules-next-run')).toContainText('Takes effect at the next detection run');
  await expect(page.getByTestId('rules-run-detection')).toBeVisible();
  await screenshotOf(page, 'rules-panel', 'docs/screens/settings-rules.png');

  // Kept: a fresh read of the page shows 20.
  await page.reload();
  await expect(bruteForce(page)).toBeVisible();
  await expect(bruteForce(page).getByTestId('rule-threshold-minFailures')).toHaveValue('20');
  await expect(bruteForce(page).getByTestId('rule-threshold-windowMinutes')).toHaveValue('10');

  // Recorded: a config.change event for the rule with the new and the previous value.
  const changes = await invoke(page, 'events.query', { filter: { action: 'config.change' }, limit: 500 });
  expect(changes.ok).toBe(true);
  const events = (changes.value as { events: { resource_id: string | null; user_id: string | null; details: Record<string, unknown> }[] }).events;
  const change = events.find((e) => e.resource_id === 'brute_force');
  expect(change, 'the threshold change is in the log').toBeDefined();
  expect(change?.details).toMatchObject({ value: { thresholds: { minFailures: 20 } }, previous: { thresholds: { minFailures: 5 } } });
  await page.goto(at('timeline?action=config.change'));
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  await expect(page.getByTestId('event-row').filter({ hasText: 'config.change' }).first()).toBeVisible();

  // Detection runs again from the Alerts screen with the new threshold.
  await page.goto(at('alerts'));
  await page.getByTestId('run-detection-button').click();
  await expect(page.getByTestId('detection-last-run')).toContainText('Last run', { timeout: 120_000 });
  await expect(page.getByTestId('run-detection-button')).toBeEnabled();
});

test('a store manager reads the rules but cannot change them', async ({ browser }) => {
  const manager = DEMO_USERS.find((u) => u.name === 'manager');
  if (!manager) throw new Error('no demo manager');
  const page = await otherBrowser(browser);
  await enter(page, host.url, manager);
  await openRules(page);
  await expect(bruteForce(page).getByTestId('rule-threshold-minFailures')).toHaveText('20');
  await expect(bruteForce(page).getByTestId('rule-threshold-windowMinutes')).toHaveText('10 minutes');
  await expect(bruteForce(page).getByTestId('rule-state')).toHaveText('On');
  await expect(bruteForce(page).getByTestId('rule-changed-by')).toContainText('Last changed by admin');
  await expect(page.getByTestId('rule-save')).toHaveCount(0);
  await expect(page.getByTestId('rule-enabled')).toHaveCount(0);
  await expect(page.getByTestId('rules-panel')).toContainText('An administrator can change them.');
  expect(await invoke(page, 'rules.update', { id: 'brute_force', thresholds: { minFailures: 3 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  await screenshotOf(page, 'rules-panel', 'test-results/settings-rules-readonly.png');
  await page.context().close();
});

/** The app scrolls inside its content pane: a panel taller than the window needs a window as tall as the page. */
async function screenshotOf(page: Page, testId: string, path: string) {
  const viewport = page.viewportSize() ?? { width: 1366, height: 768 };
  const height = await page.evaluate<number>("document.querySelector('.content')?.scrollHeight ?? 0");
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  await page.getByTestId(testId).screenshot({ path });
  await page.setViewportSize(viewport);
}

async function otherBrowser(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  return context.newPage();
}
