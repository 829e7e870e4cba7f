import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ADMIN } from '../../main/core/demo/demo-users';
import { CLI, ownHost } from './global-setup';
import { enter } from './session';

const SCREENSHOTS = 'docs/screens';
const DAY_MS = 86_400_000;

/**
 * Archived events on the timeline. This file runs its own host on a database the CLI filled first:
 * 200 days of one demo store, archived in two runs (what had outlived retention 60 days ago, then
 * what has outlived it today), so the standard events older than 90 days are in two signed segments.
 */
let url = '';
let stopHost: () => Promise<void> = async () => {};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  ({ url, stop: stopHost } = await ownHost((db) => {
    // `demo` sets the new database up with the demo administrator; the rest log in as them.
    const env = { ...process.env, WATCHDOG_USER: DEMO_ADMIN.name, WATCHDOG_PASSWORD: DEMO_ADMIN.password };
    const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args, '--db', db], { stdio: 'pipe', timeout: 150_000, env });
    cli('demo', '--days', '200', '--stores', '1', '--seed', '3');
    cli('archive', '--now', new Date(Date.now() - 60 * DAY_MS).toISOString());
    cli('archive');
  }));
});

test.afterAll(async () => {
  await stopHost();
});

interface Row {
  seq: number;
  ts: number;
  archived: boolean;
}

async function rows(page: Page): Promise<Row[]> {
  return page.getByTestId('event-row').evaluateAll((elements) =>
    elements.map((e) => ({ seq: Number(e.getAttribute('data-seq')), ts: Date.parse(e.getAttribute('data-ts') ?? ''), archived: e.hasAttribute('data-archived') })),
  );
}

async function openTimeline(page: Page, query: string) {
  await enter(page, url, DEMO_ADMIN);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.evaluate(`location.hash = ${JSON.stringify(`#/timeline${query}`)}`);
  await expect(page.getByRole('heading', { name: 'Timeline', level: 1 })).toBeVisible();
}

test('include archived events: progress, merged by time and marked, opened from the table and from a link', async ({ page }) => {
  // Before the retention cut-off only security events stayed in the database.
  const before = new Date(Date.now() - 100 * DAY_MS).toISOString();
  await openTimeline(page, `?to=${encodeURIComponent(before)}`);
  const bar = page.getByTestId('archive-bar');
  await expect(bar).toContainText('older events were moved to archives by retention');
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  const databaseOnly = await rows(page);
  expect(databaseOnly.every((r) => !r.archived)).toBe(true);

  await page.getByTestId('include-archives').click();
  await expect(page.getByTestId('archive-summary')).toContainText('Including 500 archived events', { timeout: 60_000 });
  await expect(page.getByTestId('archive-summary')).toContainText('from 2 of 2 archives');
  await expect(page.getByTestId('archive-summary')).toContainText('Only the newest 500 are shown');
  await expect.poll(async () => (await rows(page)).filter((r) => r.archived).length).toBeGreaterThan(10);

  // One list, newest first, archived rows among the database's, all inside the filter.
  const merged = await rows(page);
  const cut = Date.parse(before);
  expect(merged.every((r) => r.ts < cut)).toBe(true);
  for (let i = 1; i < merged.length; i++) {
    const [a, b] = [merged[i - 1] as Row, merged[i] as Row];
    expect(a.ts > b.ts || (a.ts === b.ts && a.seq > b.seq), `row ${i} is in time order`).toBe(true);
  }
  // The database's own rows in that span are still there, among the archived ones.
  const oldest = merged.at(-1) as Row;
  const inSpan = databaseOnly.filter((r) => r.ts >= oldest.ts).map((r) => r.seq);
  expect(merged.filter((r) => !r.archived).map((r) => r.seq)).toEqual(inSpan);
  await page.screenshot({ path: `${SCREENSHOTS}/timeline-archives.png` });

  // An archived row opens like any other, and says where it was read from.
  const archivedRow = page.locator('[data-testid="event-row"][data-archived]').first();
  const seq = (await archivedRow.getAttribute('data-seq')) ?? '';
  await archivedRow.click();
  const drawer = page.getByTestId('event-drawer');
  await expect(drawer.getByTestId('event-archived')).toContainText('Archived by retention');
  await expect(drawer.getByTestId('event-seq')).toHaveText(seq);
  await expect(drawer.getByTestId('event-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await page.screenshot({ path: `${SCREENSHOTS}/timeline-archived-event.png` });
  await drawer.getByRole('button', { name: 'Close event details' }).click();

  // Hidden again: only the database's rows.
  await page.getByTestId('exclude-archives').click();
  await expect(page.getByTestId('include-archives')).toBeVisible();
  await expect.poll(async () => (await rows(page)).some((r) => r.archived)).toBe(false);

  // A link to an archived event opens it without including the archives in the list.
  await openTimeline(page, `?event=${seq}`);
  await expect(page.getByTestId('event-drawer').getByTestId('event-archived')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('event-drawer').getByTestId('event-seq')).toHaveText(seq);
});
