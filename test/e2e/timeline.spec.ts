import { expect, test, type Page } from '@playwright/test';
import { setUp } from './session';

const SCREENSHOTS = 'test-results';

function hostUrl(): string {
  const url = process.env.WATCHDOG_URL;
  if (!url) throw new Error('WATCHDOG_URL is not set: the global setup did not start the host.');
  return url;
}

/** The timeline's filter lives after the `?` inside the hash: #/timeline?user=…&from=… */
function viewParams(page: Page): URLSearchParams {
  const hash = new URL(page.url()).hash;
  const query = hash.indexOf('?');
  return new URLSearchParams(query === -1 ? '' : hash.slice(query + 1));
}

interface Row {
  seq: number;
  ts: string;
  user: string;
  action: string;
}

async function renderedRows(page: Page): Promise<Row[]> {
  const rows: Row[] = [];
  for (const row of await page.getByTestId('event-row').all()) {
    rows.push({
      seq: Number(await row.getAttribute('data-seq')),
      ts: (await row.getAttribute('data-ts')) ?? '',
      user: (await row.getAttribute('data-user')) ?? '',
      action: (await row.getAttribute('data-action')) ?? '',
    });
  }
  return rows;
}

test.describe.configure({ mode: 'serial' });

test('first run: load the demo store, then filter, zoom and drill into the timeline', async ({ page }) => {
  await page.goto(hostUrl());
  expect(page.url(), 'the one-time token is removed from the address bar').not.toContain('token=');
  await setUp(page);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  await page.getByRole('button', { name: 'Load demo store' }).click();
  await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 110_000 });
  await expect(page.getByTestId('summary-events')).not.toHaveText('0');
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Timeline' }).click();
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  await expect(page.getByTestId('histogram-total')).toContainText('events');
  await page.screenshot({ path: `${SCREENSHOTS}/timeline-overview.png` });

  // Filter by cashier and action; every row the table renders must match both.
  await page.getByLabel('User', { exact: true }).selectOption('u-104');
  await page.getByLabel('Action', { exact: true }).selectOption('pos.refund');
  await expect.poll(() => viewParams(page).get('user')).toBe('u-104');
  await expect.poll(() => viewParams(page).get('action')).toBe('pos.refund');
  await expect
    .poll(async () => {
      const rows = await renderedRows(page);
      if (rows.length === 0) return 'no rows yet';
      const wrong = rows.filter((r) => r.user !== 'u-104' || r.action !== 'pos.refund');
      return wrong.length === 0 ? 'all match' : `${wrong.length} rows do not match`;
    })
    .toBe('all match');

  // Select a period on the histogram by dragging across most of the plot.
  expect(viewParams(page).get('from')).toBeNull();
  const chart = page.getByTestId('histogram-chart');
  const box = await chart.boundingBox();
  if (!box) throw new Error('the histogram is not on screen');
  const y = box.y + box.height * 0.55;
  await page.mouse.move(box.x + box.width * 0.15, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.85, y, { steps: 15 });
  await page.mouse.up();

  await expect.poll(() => viewParams(page).get('from')).not.toBeNull();
  await expect.poll(() => viewParams(page).get('to')).not.toBeNull();
  const from = Date.parse(viewParams(page).get('from') ?? '');
  const to = Date.parse(viewParams(page).get('to') ?? '');
  expect(from).toBeLessThan(to);
  expect(viewParams(page).get('user'), 'zooming keeps the other filters').toBe('u-104');
  await expect
    .poll(async () => {
      const rows = await renderedRows(page);
      if (rows.length === 0) return 'no rows yet';
      const outside = rows.filter((r) => {
        const ts = Date.parse(r.ts);
        return ts < from || ts > to || r.user !== 'u-104' || r.action !== 'pos.refund';
      });
      return outside.length === 0 ? 'all inside' : `${outside.length} rows outside the selection`;
    })
    .toBe('all inside');

  // Drill into the first event: its hash and sequence number are shown, and the URL names it.
  const first = page.getByTestId('event-row').first();
  const seq = await first.getAttribute('data-seq');
  await first.click();
  const drawer = page.getByTestId('event-drawer');
  await expect(drawer).toBeVisible();
  await expect.poll(() => viewParams(page).get('event')).toBe(seq);
  await expect(drawer.getByTestId('event-seq')).toHaveText(seq ?? '');
  await expect(drawer.getByTestId('event-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(drawer.getByTestId('event-prev-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(drawer).toContainText('pos.refund');
  await drawer.getByTestId('event-hash').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/timeline.png`, fullPage: true });

  // Escape closes the drawer; Back then undoes the zoom.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect.poll(() => viewParams(page).get('event')).toBeNull();
  await page.goBack();
  await expect.poll(() => viewParams(page).get('from')).toBeNull();
  expect(viewParams(page).get('action')).toBe('pos.refund');
});

test('a URL with an unknown token shows that the session has ended', async ({ page }) => {
  const url = new URL(hostUrl());
  url.searchParams.set('token', 'not-a-token-watchdog-issued');
  await page.goto(url.toString());
  await expect(page.getByTestId('session-ended')).toBeVisible();
  await expect(page.getByTestId('session-ended')).toContainText('session has ended');
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
});
