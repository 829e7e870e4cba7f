import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, enter, logIn, logOut, screenshotWhole, useOwnHost } from './session';

const SCREENSHOTS = 'docs/screens';

/**
 * What people edit, end to end, on a host of its own (a fresh database): saved timeline views (save,
 * open after a reload, rename, delete, live in a second tab) and the settings screen (a change in one
 * tab shows in another without a reload; a value out of range is refused by the core, on its field).
 */
const host = useOwnHost();

const at = host.at;

/** The timeline's filter lives after the `?` inside the hash: #/timeline?action=…&status=… */
function viewParams(page: Page): Record<string, string> {
  const hash = new URL(page.url()).hash;
  const query = hash.indexOf('?');
  return Object.fromEntries(new URLSearchParams(query === -1 ? '' : hash.slice(query + 1)));
}

async function rows(page: Page): Promise<{ action: string; failed: boolean }[]> {
  return page
    .getByTestId('event-row')
    .evaluateAll((elements) => elements.map((e) => ({ action: e.getAttribute('data-action') ?? '', failed: e.classList.contains('row-failure') })));
}

const viewItem = (page: Page, name: string) => page.locator(`[data-testid="view-item"][data-name="${name}"]`);

async function openViewsMenu(page: Page) {
  const menu = page.getByTestId('views-menu');
  if (!(await menu.isVisible())) await page.getByTestId('views-button').click();
  await expect(menu).toBeVisible();
}

async function saveCurrentFilter(page: Page, name: string) {
  await openViewsMenu(page);
  await page.getByTestId('view-save-start').click();
  await page.getByTestId('view-save-name').fill(name);
  await page.getByTestId('view-save-name').press('Enter');
  await expect(viewItem(page, name)).toBeVisible();
}


async function invoke<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const response = await page.request.post(new URL('/api/invoke', host.url).toString(), { data: { channel, input } });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel} failed: ${body.error?.message}`);
  return body.value;
}

/** A port nobody listens on now: turning the Terminal API on really listens, so never on a fixed one. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const settingsGet = (page: Page) =>
  invoke<{ values: { retention: { standardDays: number; securityDays: number } }; changed: Record<string, { by: string; at: string } | null> }>(page, 'settings.get', {});

test('saved views: save a filter, open it after a reload, rename it, delete it; a second tab follows', async ({ page, context }) => {
  await enter(page, host.url);
  // Two wrong passwords give the log some failed logins to find.
  await logOut(page);
  for (let i = 0; i < 2; i++) {
    await logIn(page, ADMIN.name, 'not the password');
    await expect(page.getByTestId('login-error')).toContainText('wrong');
  }
  await logIn(page, ADMIN.name, ADMIN.password);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  await page.goto(at('timeline'));
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  await openViewsMenu(page);
  await expect(page.getByTestId('views-empty')).toBeVisible();
  await expect(page.getByTestId('view-save-start'), 'nothing to save without a filter').toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('views-menu')).toHaveCount(0);

  // A second tab of the same user, its menu open: it hears every change to the list.
  const other = await context.newPage();
  await other.goto(at('timeline'));
  await openViewsMenu(other);
  await expect(other.getByTestId('views-empty')).toBeVisible();

  await page.getByLabel('Action', { exact: true }).selectOption('auth.login');
  await page.getByLabel('Status', { exact: true }).selectOption('failure');
  await expect.poll(() => viewParams(page)).toEqual({ action: 'auth.login', status: 'failure' });
  await saveCurrentFilter(page, 'Failed logins');
  await expect(page.getByTestId('views-current'), 'the button names the open view').toHaveText('Failed logins');
  await expect(viewItem(page, 'Failed logins')).toHaveAttribute('aria-current', 'true');
  await page.getByLabel('Status', { exact: true }).selectOption('');
  await saveCurrentFilter(page, 'All logins');
  await expect(page.getByTestId('views-current')).toHaveText('All logins');
  await expect(other.getByTestId('view-item')).toHaveText([/All logins/, /Failed logins/]);
  await other.close();

  // After a reload on the unfiltered timeline, the view is one click away.
  await page.goto(at('timeline'));
  await page.reload();
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  await expect(page.getByTestId('views-current')).toHaveCount(0);
  await openViewsMenu(page);
  await viewItem(page, 'Failed logins').getByTestId('view-open').click();
  await expect(page.getByTestId('views-menu')).toHaveCount(0);
  await expect.poll(() => viewParams(page)).toEqual({ action: 'auth.login', status: 'failure' });
  await expect(page.getByLabel('Action', { exact: true })).toHaveValue('auth.login');
  await expect(page.getByLabel('Status', { exact: true })).toHaveValue('failure');
  await expect(page.getByTestId('views-current')).toHaveText('Failed logins');
  await expect.poll(async () => (await rows(page)).length).toBe(2);
  expect(await rows(page)).toEqual([
    { action: 'auth.login', failed: true },
    { action: 'auth.login', failed: true },
  ]);
  await openViewsMenu(page);
  await page.screenshot({ path: `${SCREENSHOTS}/timeline-views.png` });

  // A name another view has is refused by the core, and nothing changes.
  const failed = viewItem(page, 'Failed logins');
  await failed.getByTestId('view-rename').click();
  await page.getByTestId('view-rename-name').fill('All logins');
  await page.getByTestId('view-rename-name').press('Enter');
  await expect(page.getByTestId('view-item-error')).toContainText('All logins');
  await page.getByTestId('view-rename-name').press('Escape');
  await expect(page.getByTestId('views-menu'), 'Escape leaves the name field, not the menu').toBeVisible();
  await expect(page.getByTestId('view-item')).toHaveText([/All logins/, /Failed logins/]);

  await failed.getByTestId('view-rename').click();
  await page.getByTestId('view-rename-name').fill('Wrong passwords');
  await page.getByTestId('view-rename-name').press('Enter');
  await expect(page.getByTestId('view-item')).toHaveText([/All logins/, /Wrong passwords/]);
  await expect(page.getByTestId('views-current')).toHaveText('Wrong passwords');

  const renamed = viewItem(page, 'Wrong passwords');
  await renamed.getByTestId('view-delete').click();
  await renamed.getByTestId('view-delete-keep').click();
  await expect(page.getByTestId('view-item')).toHaveCount(2);
  await renamed.getByTestId('view-delete').click();
  await renamed.getByTestId('view-delete-confirm').click();
  await expect(page.getByTestId('view-item')).toHaveText([/All logins/]);
  await expect(page.getByTestId('views-current')).toHaveCount(0);
  // The filter itself stays: deleting a view only forgets its name.
  expect(viewParams(page)).toEqual({ action: 'auth.login', status: 'failure' });
});

test('settings: a change in one tab shows in another at once; a draft there is kept, with a note', async ({ page, context }) => {
  await enter(page, host.url);
  await page.goto(at('settings'));
  const other = await context.newPage();
  await other.goto(at('settings'));
  for (const tab of [page, other]) {
    await expect(tab.getByTestId('retention-standard')).toHaveValue('90');
    await expect(tab.getByTestId('settings-changed-by-retention')).toHaveText('Default');
  }
  await expect(page.getByTestId('retention-save'), 'nothing to save before an edit').toBeDisabled();

  await page.getByTestId('retention-standard').fill('120');
  await page.getByTestId('retention-save').click();
  await expect(page.getByTestId('retention-done')).toBeVisible();
  await expect(page.getByTestId('settings-changed-by-retention')).toContainText(/changed by admin/i);
  // The other tab was not reloaded: the push brought the new value and who set it.
  await expect(other.getByTestId('retention-standard')).toHaveValue('120');
  await expect(other.getByTestId('settings-changed-by-retention')).toContainText(/changed by admin/i);
  await expect(other.getByTestId('settings-changed-by-checkpoints')).toHaveText('Default');

  // Unsaved edits in the other tab are not overwritten by a change from here.
  await other.getByTestId('retention-security').fill('400');
  await page.getByTestId('retention-standard').fill('150');
  await page.getByTestId('retention-save').click();
  await expect(page.getByTestId('retention-done')).toBeVisible();
  await expect(other.getByTestId('retention-elsewhere')).toContainText('Changed elsewhere by admin');
  await expect(other.getByTestId('retention-security')).toHaveValue('400');
  await expect(other.getByTestId('retention-standard')).toHaveValue('120');
  await other.getByTestId('retention-reload').click();
  await expect(other.getByTestId('retention-standard')).toHaveValue('150');
  await expect(other.getByTestId('retention-security')).toHaveValue('365');
  await expect(other.getByTestId('retention-elsewhere')).toHaveCount(0);

  // The sessions panel keeps its testids; its change reaches the other tab too.
  await page.getByTestId('limits-idle').fill('45');
  await page.getByTestId('limits-save').click();
  await expect(page.getByTestId('limits-done')).toBeVisible();
  await expect(other.getByTestId('limits-idle')).toHaveValue('45');
  await other.close();

  // This computer only, on a port nobody uses: saving it on starts the API for real.
  const port = await freePort();
  await page.getByTestId('terminal-host').fill('127.0.0.1');
  await page.getByTestId('terminal-port').fill(String(port));
  await page.getByTestId('terminal-enabled').check();
  await page.getByTestId('terminal-save').click();
  await expect(page.getByTestId('terminal-done')).toBeVisible();
  await expect(page.getByTestId('terminal-api-status')).toContainText(`Listening on http://127.0.0.1:${port}`);
  await page.reload();
  await expect(page.getByTestId('terminal-enabled')).toBeChecked();
  await expect(page.getByTestId('terminal-host')).toHaveValue('127.0.0.1');
  await expect(page.getByTestId('terminal-port')).toHaveValue(String(port));
  await expect(page.getByTestId('terminal-api-status')).toContainText(`Listening on http://127.0.0.1:${port}`);
  await screenshotWhole(page, 'settings.png');
});

test('settings: a value out of range is refused by the core on its field, and nothing changes', async ({ page }) => {
  await enter(page, host.url);
  await page.goto(at('settings'));
  await expect(page.getByTestId('retention-standard')).toHaveValue('150');
  const before = await settingsGet(page);

  await page.getByTestId('retention-standard').fill('40000');
  await page.getByTestId('retention-save').click();
  await expect(page.getByTestId('retention-error')).toContainText('standardDays');
  await expect(page.getByTestId('retention-standard')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('retention-security')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('retention-done')).toHaveCount(0);

  const after = await settingsGet(page);
  expect(after.values.retention).toEqual(before.values.retention);
  expect(after.changed.retention).toEqual(before.changed.retention);
  await page.reload();
  await expect(page.getByTestId('retention-standard')).toHaveValue('150');

  // An address that is not one: the core's words, on the address field.
  await page.getByTestId('terminal-host').fill('till-room');
  await page.getByTestId('terminal-save').click();
  await expect(page.getByTestId('terminal-error')).toContainText('not an IP address');
  await expect(page.getByTestId('terminal-host')).toHaveAttribute('aria-invalid', 'true');
  expect((await settingsGet(page)).values).toEqual(after.values);
});

test('without settings:write the settings are facts that still follow changes; views are each user’s own', async ({ page, browser }) => {
  await enter(page, host.url);
  const auditor = { name: 'aud', password: 'first password 2026', next: 'ledger recount 2027' };
  await invoke(page, 'users.create', { name: auditor.name, displayName: 'An Auditor', role: 'auditor', password: auditor.password });

  const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const reader = await other.newPage();
  await reader.goto(host.url);
  await logIn(reader, auditor.name, auditor.password);
  await reader.getByTestId('change-password-current').fill(auditor.password);
  await reader.getByTestId('change-password-new').fill(auditor.next);
  await reader.getByTestId('change-password-confirm').fill(auditor.next);
  await reader.getByTestId('change-password-submit').click();
  await expect(reader.getByRole('navigation', { name: 'Main' })).toBeVisible();

  await reader.goto(at('settings'));
  const retention = reader.getByTestId('settings-panel-retention');
  await expect(retention.getByTestId('retention-standard')).toHaveText('kept 150 days');
  await expect(retention).toContainText('An administrator can change these.');
  await expect(reader.getByTestId('retention-save')).toHaveCount(0);
  await expect(reader.locator('input[data-testid^="limits-"]')).toHaveCount(0);
  await expect(reader.getByTestId('limits-idle')).toHaveText('45 minutes');

  // The administrator's change reaches the reader's screen too.
  await page.goto(at('settings'));
  await page.getByTestId('retention-standard').fill('200');
  await page.getByTestId('retention-save').click();
  await expect(page.getByTestId('retention-done')).toBeVisible();
  await expect(retention.getByTestId('retention-standard')).toHaveText('kept 200 days');

  // The administrator's saved view is not the auditor's.
  await reader.goto(at('timeline'));
  await reader.getByTestId('views-button').click();
  await expect(reader.getByTestId('views-empty')).toBeVisible();
  await other.close();
});
