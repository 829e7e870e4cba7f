import { expect, test, type Browser, type Page } from '@playwright/test';
import { ownHost } from './global-setup';

/** The administrator the end-to-end tests create at first-run setup. */
export const ADMIN = { name: 'admin', displayName: 'Store Admin', password: 'back room ledger 42' };

/**
 * Opens the app at `url` and gets past the door: first-run setup (as ADMIN) on a new database,
 * otherwise the login form as `user`. Returns when the main navigation is on screen.
 */
export async function enter(page: Page, url: string, user: { name: string; password: string } = ADMIN): Promise<void> {
  await page.goto(url);
  const setup = page.getByTestId('setup-store');
  const login = page.getByTestId('login-name');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(setup.or(login).or(nav).first()).toBeVisible();
  if (await setup.isVisible()) {
    await setUp(page);
  } else if (await login.isVisible()) {
    await logIn(page, user.name, user.password);
  }
  await expect(nav).toBeVisible();
}

/** First-run setup as ADMIN; the recovery key screen is acknowledged. Returns the recovery key shown. */
export async function setUp(page: Page, storeName = 'Main Street'): Promise<string | null> {
  await page.getByTestId('setup-store').fill(storeName);
  await page.getByTestId('setup-name').fill(ADMIN.name);
  await page.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-password').fill(ADMIN.password);
  await page.getByTestId('setup-confirm').fill(ADMIN.password);
  await page.getByTestId('setup-submit').click();
  const key = page.getByTestId('recovery-key');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(key.or(nav).first()).toBeVisible();
  if (!(await key.isVisible())) return null;
  const text = (await key.textContent())?.trim() ?? null;
  await page.getByTestId('recovery-confirm').check();
  await page.getByTestId('recovery-continue').click();
  return text;
}

export async function logIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-name')).toBeVisible();
}

/**
 * Creates a user with `role` (as the administrator logged in on `page`), then logs them in on a new
 * browser context at `url`, past the first-login password change. Returns that page.
 */
export async function newUser(page: Page, browser: Browser, url: string, name: string, role: string): Promise<Page> {
  const first = 'first password 2026';
  const next = 'ledger recount 2027';
  const response = await page.request.post(new URL('/api/invoke', url).toString(), {
    data: { channel: 'users.create', input: { name, displayName: `A ${role}`, role, password: first } },
  });
  expect(await response.json()).toMatchObject({ ok: true });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const other = await context.newPage();
  await other.goto(url);
  await logIn(other, name, first);
  await other.getByTestId('change-password-current').fill(first);
  await other.getByTestId('change-password-new').fill(next);
  await other.getByTestId('change-password-confirm').fill(next);
  await other.getByTestId('change-password-submit').click();
  await expect(other.getByRole('navigation', { name: 'Main' })).toBeVisible();
  return other;
}

/**
 * Saves docs/screens/NAME. The app scrolls inside its content pane, so a whole-screen picture needs a
 * window as tall as the screen.
 */
export async function screenshotWhole(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1366, height: 768 };
  await page.mouse.move(viewport.width - 1, viewport.height - 1);
  const height = await page.evaluate<number>("document.querySelector('.content')?.scrollHeight ?? 0");
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  await page.screenshot({ path: `docs/screens/${name}` });
  await page.setViewportSize(viewport);
}

/**
 * A host of the spec file's own for all its tests, which then run in order (serial): started before
 * the first, stopped after the last. `url` is read once the tests run; `at('users')` is a screen's
 * address on it.
 */
export function useOwnHost(prepare?: (db: string) => void): { readonly url: string; at(hash: string): string } {
  let url = '';
  let stop: () => Promise<void> = async () => {};
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    ({ url, stop } = await ownHost(prepare));
  });
  test.afterAll(async () => {
    await stop();
  });
  return {
    get url() {
      return url;
    },
    at: (hash) => `${new URL(url).origin}/#/${hash}`,
  };
}
