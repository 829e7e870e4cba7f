import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { enter, newUser, screenshotWhole, useOwnHost } from './session';

const FIXTURES = path.resolve('test/fixtures/imports');
const TILL_EXPORT = path.join(FIXTURES, 'till-export.csv');
const SALES = path.join(FIXTURES, 'sales-history.csv');

/**
 * The import wizard, end to end on a host of its own (a fresh database): the till-export fixture with
 * two bad rows goes in through the browser (upload, preview, guessed columns, trial, import with
 * progress); its good rows are on the timeline; the error report names the two rows. A second import
 * of the same file finds the remembered columns and adds nothing. Sales history goes through the same
 * wizard; a large import can be cancelled.
 */
const host = useOwnHost();

const at = host.at;

async function chooseFile(page: Page, kind: 'events' | 'sales' | 'stock', file: string) {
  await page.goto(at('import'));
  await page.getByTestId(`import-kind-${kind}`).check();
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-mapping')).toBeVisible();
}

async function finishedJob(page: Page, state = 'completed') {
  const job = page.getByTestId('import-job');
  await expect(job).toHaveAttribute('data-state', state, { timeout: 60_000 });
  return job;
}


test('the till export with two bad rows: good rows on the timeline, the report names rows 14 and 28', async ({ page }) => {
  await enter(page, host.url);
  await expect(page.getByTestId('nav-import')).toBeVisible();
  await chooseFile(page, 'events', TILL_EXPORT);

  // The guessed columns, tried on the first 20 rows: row 14's impossible date is refused already.
  await expect(page.getByTestId('import-mapping-origin')).toContainText('matched the columns by their names');
  await expect(page.getByTestId('import-source-ts')).toHaveValue('Timestamp');
  await expect(page.getByTestId('import-source-action')).toHaveValue('Type');
  await expect(page.getByTestId('trial-row-14')).toContainText('Refused');
  await expect(page.getByTestId('trial-row-14')).toContainText('2026-02-30');
  await expect(page.getByTestId('trial-row-4')).toContainText('Ready');
  await expect(page.getByTestId('import-refused-note')).toBeVisible();
  await page.getByTestId('import-source-name').fill('Till export');
  await screenshotWhole(page, 'import-mapping.png');

  await page.getByTestId('import-start').click();
  await finishedJob(page);
  await expect(page.getByTestId('import-rows-read')).toHaveText('40');
  await expect(page.getByTestId('import-rows-stored')).toHaveText('38');
  await expect(page.getByTestId('import-rows-rejected')).toHaveText('2');
  const errors = page.getByTestId('import-errors');
  await expect(errors.locator('tbody tr')).toHaveCount(2);
  await expect(errors.locator('tbody tr').nth(0)).toContainText('14');
  await expect(errors.locator('tbody tr').nth(1)).toContainText('28');
  await expect(errors.locator('tbody tr').nth(1)).toContainText('Layaway');
  await screenshotWhole(page, 'import-result.png');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-error-report').click()]);
  expect(download.suggestedFilename()).toBe('till-export-import-errors.csv');
  const report = fs.readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(report[0]).toBe('row,field,reason');
  expect(report.slice(1).map((line) => line.split(',')[0])).toEqual(['14', '28']);

  // The good rows are on the timeline: every one of jmorales' 17 good rows, the sale on row 4 among them.
  await page.getByTestId('import-to-timeline').click();
  await page.goto(at('timeline?user=jmorales'));
  await expect(page.getByTestId('event-row')).toHaveCount(17);
  await expect(page.locator('[data-testid="event-row"][data-action="pos.sale"]').first()).toBeVisible();
  await page.goto(at('timeline?action=data.import'));
  await expect(page.getByTestId('event-row')).toHaveCount(1);
});

test('the same file again: the remembered columns, nothing stored twice', async ({ page }) => {
  await enter(page, host.url);
  await chooseFile(page, 'events', TILL_EXPORT);
  await expect(page.getByTestId('import-mapping-origin')).toContainText('“Till export”');
  await page.getByTestId('import-start').click();
  await finishedJob(page);
  await expect(page.getByTestId('import-rows-stored')).toHaveText('0');
  await expect(page.getByTestId('import-duplicates')).toHaveText('38');
  await expect(page.getByTestId('import-rows-rejected')).toHaveText('2');
});

test('a mapping that misses a required field cannot start, and says which', async ({ page }) => {
  await enter(page, host.url);
  await chooseFile(page, 'events', TILL_EXPORT);
  await page.getByTestId('import-source-store_id').selectOption('');
  await expect(page.getByTestId('import-problems')).toContainText('store_id');
  await expect(page.getByTestId('import-start')).toBeDisabled();
  // A fixed value is a way to fill it.
  await page.getByTestId('import-source-store_id').selectOption({ label: 'The same value on every row…' });
  await page.getByTestId('import-fixed-store_id').fill('S009');
  await expect(page.getByTestId('import-problems')).toHaveCount(0);
  await expect(page.getByTestId('trial-row-2')).toContainText('S009');
  await expect(page.getByTestId('import-start')).toBeEnabled();
});

test('sales history through the same wizard', async ({ page }) => {
  await enter(page, host.url);
  await chooseFile(page, 'sales', SALES);
  await expect(page.getByTestId('import-source-sku')).not.toHaveValue('');
  await page.getByTestId('import-start').click();
  await finishedJob(page);
  await expect(page.getByTestId('import-rows-rejected')).toHaveText('2');
  await expect(page.getByTestId('import-errors').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('import-counts')).toContainText('Store × item × day totals written');
  await expect(page.getByTestId('import-counts')).toContainText('2 stores, 3 items, 2026-03-01 to 2026-03-03');
  await screenshotWhole(page, 'import-sales.png');
});

test('a large import shows progress and can be cancelled', async ({ page }) => {
  const big = path.join(os.tmpdir(), `watchdog-e2e-big-${process.pid}.csv`);
  const lines = ['Timestamp,Store,Register,Cashier,Type,Receipt,Amount,Currency'];
  const start = Date.UTC(2026, 5, 1);
  for (let i = 0; i < 300_000; i++) lines.push(`${new Date(start + i * 1000).toISOString()},S002,R${1 + (i % 4)},c${i % 9},Sale,${500_000 + i},${(i % 50) + 0.99},USD`);
  fs.writeFileSync(big, `${lines.join('\n')}\n`);
  try {
    await enter(page, host.url);
    await chooseFile(page, 'events', big);
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-progress')).toBeVisible();
    await expect.poll(async () => Number((await page.getByTestId('import-rows-read').textContent())?.replace(/\D/g, '') ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('import-cancel').click();
    await finishedJob(page, 'cancelled');
    const stored = Number((await page.getByTestId('import-rows-stored').textContent())?.replace(/\D/g, ''));
    expect(stored).toBeLessThan(300_000);
  } finally {
    fs.rmSync(big, { force: true });
  }
});

test('an auditor has no Import screen, and the core refuses the upload', async ({ page, browser }) => {
  await enter(page, host.url);
  const auditor = await newUser(page, browser, host.url, 'aud', 'auditor');
  await expect(auditor.getByTestId('nav-import')).toHaveCount(0);
  await auditor.goto(at('import'));
  await expect(auditor.getByTestId('forbidden-panel')).toContainText('does not include');
  await expect(auditor.getByTestId('import-choose')).toHaveCount(0);
  const response = await auditor.request.post(new URL('/api/invoke', host.url).toString(), {
    data: { channel: 'imports.upload', input: { uploadId: null, fileName: 'x.csv', offset: 0, data: 'YQ==' } },
  });
  expect(await response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  await auditor.context().close();
});
