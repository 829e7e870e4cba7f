import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, enter, logIn, logOut, setUp, useOwnHost } from './session';
import { DEMO_USERS } from '../../main/core/demo/demo-users';

const SCREENSHOTS = 'docs/screens';
const MINUTE = 60_000;

/**
 * Accounts end to end, on a host of its own (a fresh database): first-run setup, roles that see and
 * may do different things, lock-out, the idle lock and a password change that ends other sessions.
 */
const host = useOwnHost();

const demoUser = (role: string) => {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo ${role}`);
  return user;
};
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** A second browser with its own cookies: another PC, or another person at this one. */
async function otherBrowser(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  return context.newPage();
}

async function invoke(page: Page, channel: string, input: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  const response = await page.request.post(new URL('/api/invoke', host.url).toString(), { data: { channel, input } });
  return (await response.json()) as never;
}

test('first-run setup: the store, the administrator, the recovery key once; then the demo users', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('setup-store')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/setup.png` });
  // The rules are the core's: a weak password is refused with its reasons, nothing is created.
  await page.getByTestId('setup-store').fill('Main Street');
  await page.getByTestId('setup-name').fill(ADMIN.name);
  await page.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-password').fill('admin12345');
  await page.getByTestId('setup-confirm').fill('admin12345');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByRole('alert')).toContainText('name');

  const key = await setUp(page);
  expect(key).toMatch(/^WDRK(-[0-9A-Z]{4}){9}$/);
  await expect(nav(page)).toBeVisible();
  // Shown once: a new visit is a login, and no recovery key anywhere.
  const again = await otherBrowser(page.context().browser() as Browser);
  await again.goto(host.url);
  await expect(again.getByTestId('login-name')).toBeVisible();
  await again.context().close();

  // The demo store brings one user per role (docs/demo-data.md).
  await page.getByRole('button', { name: 'Load demo store' }).click();
  await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 110_000 });
  await page.goto(`${new URL(host.url).origin}/#/users`);
  for (const user of DEMO_USERS) await expect(page.locator(`[data-testid="user-row"][data-name="${user.name}"]`)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/users.png`, fullPage: true });
});

test('a clerk cannot open Integrity or export — the menu hides them and the core refuses', async ({ page }) => {
  const clerk = demoUser('clerk');
  await enter(page, host.url, clerk);
  await expect(nav(page).getByRole('link', { name: 'Integrity' })).toHaveCount(0);
  await expect(nav(page).getByRole('link', { name: 'Timeline' })).toHaveCount(0);
  await page.goto(`${new URL(host.url).origin}/#/integrity`);
  await expect(page.getByTestId('forbidden-panel')).toContainText(/your role \(Clerk\) does not include audit:verify/);
  await page.screenshot({ path: `${SCREENSHOTS}/forbidden.png` });
  // Past the UI, the core says no, and says why.
  expect(await invoke(page, 'audit.verify', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('audit:verify') } });
  expect(await invoke(page, 'events.export', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('audit:export') } });
});

test('an auditor reads and exports the log, but cannot manage users; the access log shows it', async ({ page }) => {
  const auditor = demoUser('auditor');
  await enter(page, host.url, auditor);
  await nav(page).getByRole('link', { name: 'Timeline' }).click();
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  await page.getByTestId('export-button').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^watchdog-events-.*\.csv$/);
  const text = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(text).toString('utf8')).toMatch(/^seq,event_id,ts,store_id/);

  await expect(nav(page).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto(`${new URL(host.url).origin}/#/users`);
  await expect(page.getByTestId('forbidden-panel')).toBeVisible();
  expect(await invoke(page, 'users.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // Every look was recorded: the auditor's view and export are in the access log.
  await page.goto(`${new URL(host.url).origin}/#/settings`);
  const log = page.getByTestId('access-log');
  await expect(log.getByTestId('access-row').filter({ hasText: auditor.name }).filter({ hasText: /export/i }).first()).toBeVisible();
  await expect(log.getByTestId('access-row').filter({ hasText: auditor.name }).filter({ hasText: /view/i }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/access-log.png`, fullPage: true });
});

test('five wrong passwords lock the account, and the screen says for how long', async ({ page }) => {
  const manager = demoUser('manager');
  await page.goto(host.url);
  for (let i = 0; i < 5; i++) {
    await logIn(page, manager.name, 'not the password');
    await expect(page.getByTestId('login-error')).toContainText('wrong');
  }
  await logIn(page, manager.name, manager.password);
  await expect(page.getByTestId('login-error')).toContainText(/locked.*Try again in/);
  await page.screenshot({ path: `${SCREENSHOTS}/lockout.png` });
});

test('an idle session locks (the page clock runs forward, nobody waits), and the password unlocks it', async ({ page }) => {
  await page.clock.install();
  await enter(page, host.url);
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await page.clock.fastForward(31 * MINUTE);
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/locked.png` });
  await page.getByTestId('lock-password').fill(ADMIN.password);
  await page.getByTestId('lock-submit').click();
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await expect(nav(page)).toBeVisible();
});

test('changing the password ends the user’s other sessions', async ({ page, browser }) => {
  const auditor = demoUser('auditor');
  await enter(page, host.url, auditor);
  const elsewhere = await otherBrowser(browser);
  await enter(elsewhere, host.url, auditor);

  const next = 'ledger recount 2027';
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-change-password').click();
  await page.getByTestId('change-password-current').fill(auditor.password);
  await page.getByTestId('change-password-new').fill(next);
  await page.getByTestId('change-password-confirm').fill(next);
  await page.getByTestId('change-password-submit').click();
  await expect(page.getByTestId('change-password-done')).toBeVisible();

  // The other browser's next request finds its session ended, and says why.
  await elsewhere.reload();
  await expect(elsewhere.getByTestId('login-name')).toBeVisible();
  await expect(elsewhere.getByText(/password was changed/i)).toBeVisible();
  await elsewhere.context().close();

  await logOut(page);
  await logIn(page, auditor.name, next);
  await expect(nav(page)).toBeVisible();
});
