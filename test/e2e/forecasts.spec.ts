import { expect, test, type Page } from '@playwright/test';
import { enter, newUser, screenshotWhole, useOwnHost } from './session';

/**
 * Forecasting in the browser, on a host of its own with the demo store (two years of daily sales):
 * the Forecasts screen draws history and forecast with the model comparison; switching SKU, horizon
 * and aggregation redraws both and is kept in the URL; the stock at risk opens its SKU; a retrain shows
 * its progress and ends. A clerk (forecast:read only) sees the same forecasts.
 */
const host = useOwnHost();

/** Training on the demo's 80 series (the LSTM included) shares two cores with the rest of the test run. */
const TRAINING_MS = 1_200_000;

async function dismissToasts(page: Page) {
  const toasts = page.getByTestId('critical-toast');
  while ((await toasts.count()) > 0) await toasts.first().getByRole('button', { name: /Dismiss/ }).click();
}

async function expectForecast(page: Page) {
  const chart = page.getByTestId('forecast-chart');
  await expect(chart).toBeVisible({ timeout: TRAINING_MS });
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(page.getByTestId('model-row').first()).toBeVisible();
  await expect(page.getByTestId('model-chosen')).toHaveCount(1);
  await expect(page.locator('.forecast-layout')).toHaveAttribute('aria-busy', 'false', { timeout: TRAINING_MS });
}

function searchParam(page: Page, name: string): string | null {
  const hash = new URL(page.url()).hash;
  return new URLSearchParams(hash.split('?')[1] ?? '').get(name);
}

test('the demo store’s forecasts: switch SKU, horizon and aggregation; the stock at risk; retrain', async ({ page }) => {
  test.setTimeout(3_000_000);
  await enter(page, host.url);
  await page.getByRole('button', { name: 'Load demo store' }).click();
  await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 240_000 });
  await dismissToasts(page);

  // Loading the demo started training in the background; the screen answers meanwhile.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Forecasts' }).click();
  await expectForecast(page);
  const chart = page.getByTestId('forecast-chart');
  await expect(chart).toHaveAttribute('data-points', '30');
  await expect(page.getByTestId('model-table')).toContainText('MASE');
  const firstName = (await page.getByTestId('forecast-name').textContent()) ?? '';

  // Another SKU: the title, the chosen model's line and the URL follow.
  const series = page.getByTestId('forecast-series');
  const current = await series.inputValue();
  const skuOptions = series.locator('option[value^="sku:"]');
  const skus = await Promise.all([0, 1].map(async (n) => (await skuOptions.nth(n).getAttribute('value')) ?? ''));
  const other = skus.find((value) => value !== current) ?? '';
  await series.selectOption(other);
  await expect(page.getByTestId('forecast-name')).not.toHaveText(firstName);
  await expectForecast(page);
  expect(searchParam(page, 'sku')).toBe(other.slice('sku:'.length));

  // A 90-day horizon: ninety daily points.
  await page.getByRole('group', { name: 'Horizon' }).getByRole('button', { name: '90 days' }).click();
  await expect(chart).toHaveAttribute('data-points', '90', { timeout: TRAINING_MS });
  await expectForecast(page);
  expect(searchParam(page, 'horizon')).toBe('90');

  // Weekly totals: about thirteen weeks, and the history in weeks too.
  const dailyHistory = Number(await chart.getAttribute('data-history'));
  await page.getByRole('group', { name: 'Totals by' }).getByRole('button', { name: 'week' }).click();
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: TRAINING_MS }).toBeLessThan(20);
  await expectForecast(page);
  expect(Number(await chart.getAttribute('data-history'))).toBeLessThan(dailyHistory / 5);
  await expect(page.getByTestId('forecast-model')).toContainText('weeks ahead');
  expect(searchParam(page, 'agg')).toBe('week');

  // A reload keeps the view.
  const weeklyName = (await page.getByTestId('forecast-name').textContent()) ?? '';
  await page.reload();
  await expectForecast(page);
  await expect(page.getByTestId('forecast-name')).toHaveText(weeklyName);
  await expect(page.getByRole('group', { name: 'Totals by' }).getByRole('button', { name: 'week' })).toHaveAttribute('aria-pressed', 'true');

  // A category total: no stock of its own.
  const category = (await series.locator('option[value^="category:"]').first().getAttribute('value')) ?? '';
  await series.selectOption(category);
  await expect(page.getByTestId('forecast-name')).toHaveText(category.slice('category:'.length));
  await expectForecast(page);
  await expect(page.getByTestId('forecast-inventory')).toContainText('counted per SKU');

  // Once the background run ends: its time, whether the LSTM took part, and the stock at risk.
  await expect(page.getByTestId('forecast-last-run')).toHaveAttribute('data-state', 'completed', { timeout: TRAINING_MS });
  await expect(page.getByTestId('forecast-last-run')).toContainText('LSTM');

  // The stock at risk: a row opens its SKU.
  const rows = page.getByTestId('at-risk-row');
  await expect(rows.first()).toBeVisible();
  const row = rows.nth(1);
  const sku = (await row.getAttribute('data-sku')) ?? '';
  const name = (await row.getByRole('button').textContent()) ?? '';
  await row.click();
  await expect(page.getByTestId('forecast-name')).toHaveText(name);
  await expectForecast(page);
  expect(searchParam(page, 'sku')).toBe(sku);
  await expect(page.getByTestId('forecast-inventory')).toContainText('On hand');

  // Retrain now: the progress bar, then the run's result.
  const before = (await page.getByTestId('forecast-last-run').textContent()) ?? '';
  await page.getByTestId('retrain-button').click();
  await expect(page.getByTestId('retrain-progress')).toBeVisible();
  await expect(page.getByTestId('forecast-last-run')).toBeVisible({ timeout: TRAINING_MS });
  await expect(page.getByTestId('forecast-last-run')).toHaveAttribute('data-state', 'completed');
  await expect(page.getByTestId('forecast-last-run')).not.toHaveText(before);
  await expect(page.getByTestId('forecast-last-run')).toContainText('LSTM');
  await expect(page.getByTestId('retrain-error')).toHaveCount(0);
  await expectForecast(page);

  // The default view, trained: the LSTM in the comparison, the stock at risk filled.
  await page.goto(host.at('forecasts'));
  await expectForecast(page);
  await expect(page.getByTestId('at-risk-row').first()).toBeVisible();
  await dismissToasts(page);
  await screenshotWhole(page, 'forecasts.png');
  await page.getByRole('group', { name: 'Horizon' }).getByRole('button', { name: '90 days' }).click();
  await page.getByRole('group', { name: 'Totals by' }).getByRole('button', { name: 'week' }).click();
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: TRAINING_MS }).toBeLessThan(20);
  await expectForecast(page);
  await screenshotWhole(page, 'forecasts-weekly.png');
});

test('a clerk, who may not import, still sees the forecasts', async ({ page, browser }) => {
  test.setTimeout(300_000);
  await enter(page, host.url);
  const clerk = await newUser(page, browser, host.url, 'shopclerk', 'clerk');
  await expect(clerk.getByTestId('nav-forecasts')).toBeVisible();
  await clerk.goto(host.at('forecasts?horizon=14'));
  await expectForecast(clerk);
  await expect(clerk.getByTestId('forecast-chart')).toHaveAttribute('data-points', '14');
  await expect(clerk.getByTestId('forecast-empty')).toHaveCount(0);
  await expect(clerk.getByTestId('at-risk-row').first()).toBeVisible();
  await clerk.context().close();
});
