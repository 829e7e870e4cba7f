import { createServer, type Server } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { parseTerminalKey, signRequest } from '../../main/core/terminals/keys';
import { enter, newUser, useOwnHost } from './session';

const SCREENSHOTS = 'docs/screens';
const KEY_PATTERN = /^wdt1_t[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;
const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/**
 * Tills end to end, on a host of its own (a fresh database): the Terminal API setting really starts
 * and stops the ingest API (and says so, or why not); a registered till's key is shown once, signs
 * events that reach the Timeline under the till's name, and stops working when revoked. Who sees the
 * Terminals panel follows terminals:manage.
 */
const host = useOwnHost();

const at = host.at;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('no port'));
    });
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A port nobody listens on now (the system's choice, released at once). */
async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await close(server);
  return port;
}

/** What a till does: sign the body with its key and POST it to the API. */
async function postEvents(apiUrl: string, keyText: string, events: Record<string, unknown>[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const key = parseTerminalKey(keyText);
  if (!key) throw new Error('not a terminal key');
  const body = JSON.stringify({ events });
  const response = await fetch(`${apiUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signRequest(key, 'POST', '/v1/events', body) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sale = (action: string) => ({ event_id: uuidv7(), ts: new Date().toISOString(), store_id: 'S001', action, amount_minor: 1250, currency: 'EUR' });

async function invoke(page: Page, channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const response = await page.request.post(new URL('/api/invoke', host.url).toString(), { data: { channel, input } });
  return (await response.json()) as never;
}

async function saveTerminalApi(page: Page, change: { host?: string; port?: number; enabled?: boolean; tls?: boolean }) {
  if (change.host !== undefined) await page.getByTestId('terminal-host').fill(change.host);
  if (change.port !== undefined) await page.getByTestId('terminal-port').fill(String(change.port));
  if (change.enabled !== undefined) await page.getByTestId('terminal-enabled').setChecked(change.enabled);
  if (change.tls !== undefined) await page.getByTestId('terminal-tls').setChecked(change.tls);
  await page.getByTestId('terminal-save').click();
  await expect(page.getByTestId('terminal-done')).toBeVisible();
}

const terminalRow = (page: Page, name: string) => page.locator(`[data-testid="terminal-row"][data-name="${name}"]`);

async function addTerminal(page: Page, name: string, storeId = ''): Promise<string> {
  await page.getByTestId('terminal-add-start').click();
  await page.getByTestId('terminal-add-name').fill(name);
  await page.getByTestId('terminal-add-store').fill(storeId);
  await page.getByTestId('terminal-add-submit').click();
  await expect(page.getByTestId('terminal-key-box')).toContainText(`Key for “${name}”`);
  await expect(page.getByTestId('terminal-key-box')).toContainText('Shown only now: put it in the till’s configuration. Watchdog keeps only its public half.');
  const key = (await page.getByTestId('terminal-key').textContent())?.trim() ?? '';
  expect(key).toMatch(KEY_PATTERN);
  return key;
}

/** A user the administrator creates, logged in from a browser of their own (their first password changed, as the app demands). */
test('the Terminal API listens as set; a till’s key is shown once, signs events, and stops working when revoked', async ({ page }) => {
  await enter(page, host.url);
  await page.goto(at('settings'));
  const status = page.getByTestId('terminal-api-status');
  await expect(status).toHaveAttribute('data-state', 'off');
  await expect(status).toContainText('Off');

  // A port another program holds: the API cannot start, and the panel says why.
  const squatter = createServer();
  const taken = await listen(squatter);
  await saveTerminalApi(page, { host: '127.0.0.1', port: taken, enabled: true });
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(status).toContainText(`Could not start: Port ${taken} is in use`);
  // The other program lets go of the port: Try again starts it with the same settings.
  await close(squatter);
  await status.getByTestId('terminal-api-retry').click();
  await expect(status).toHaveAttribute('data-state', 'listening');
  await expect(status).toContainText(`Listening on http://127.0.0.1:${taken}`);

  const port = await freePort();
  await saveTerminalApi(page, { port });
  await expect(status).toContainText(`Listening on http://127.0.0.1:${port} — tills send to /v1/events`);
  const apiUrl = (await page.getByTestId('terminal-api-url').textContent())?.trim() ?? '';
  expect(apiUrl).toBe(`http://127.0.0.1:${port}`);

  // Registering shows the key once.
  const panel = page.getByTestId('terminals-panel');
  await expect(panel.getByTestId('terminals-empty')).toBeVisible();
  const key = await addTerminal(page, 'Till 7', 'S001');
  await expect(page.getByTestId('terminal-key-box')).toContainText(`${apiUrl}/v1/events`);
  const till = terminalRow(page, 'Till 7');
  await expect(till).toContainText('S001');
  await expect(till.getByTestId('terminal-last-seen')).toHaveText('never');
  await expect(till.getByTestId('terminal-state')).toHaveText('Active');
  await page.getByTestId('terminal-key-done').click();
  await expect(page.getByTestId('terminal-key-box')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(key);

  // A name in use (in any case) is refused by the core, on the name field; nothing is added.
  await page.getByTestId('terminal-add-start').click();
  await page.getByTestId('terminal-add-name').fill('till 7');
  await page.getByTestId('terminal-add-submit').click();
  await expect(page.getByTestId('terminal-add-error')).toContainText('exists already');
  await expect(page.getByTestId('terminal-add-name')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('terminal-add-cancel').click();
  await expect(page.getByTestId('terminal-row')).toHaveCount(1);

  // Gone for good: a reload shows the till, never its key.
  await page.reload();
  await expect(terminalRow(page, 'Till 7')).toBeVisible();
  await expect(page.getByTestId('terminal-key-box')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(key);

  // The till signs two events; the API fills in its name.
  const sent = await postEvents(apiUrl, key, [sale('pos.sale'), sale('pos.refund')]);
  expect(sent).toMatchObject({ status: 200, body: { ok: true, accepted: 2, duplicates: [] } });

  await page.goto(at(`timeline?terminal=${encodeURIComponent('Till 7')}`));
  await expect(page.getByLabel('Terminal', { exact: true })).toHaveValue('Till 7');
  await expect(page.getByTestId('event-row')).toHaveCount(2);
  expect(await page.getByTestId('event-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')).sort())).toEqual(['pos.refund', 'pos.sale']);

  // Settings shows when it was last heard from, and how far its clock is off.
  await page.goto(at('settings'));
  await expect(async () => {
    await page.getByTestId('terminals-refresh').click();
    await expect(terminalRow(page, 'Till 7').getByTestId('terminal-last-seen')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(terminalRow(page, 'Till 7').getByTestId('terminal-skew')).toHaveText(/^([+−]\d+(\.\d)? s|0\.0 s)$/);

  // A second till, its key on screen: the picture for the docs.
  await addTerminal(page, 'Back office tablet');
  await expect(terminalRow(page, 'Back office tablet')).toContainText('any');
  await page.mouse.move(0, 0);
  await page.getByTestId('terminals-panel').screenshot({ path: `${SCREENSHOTS}/terminals.png` });
  await page.getByTestId('terminal-key-done').click();

  // Revoking asks first; Keep changes nothing.
  await till.getByTestId('terminal-revoke').click();
  await till.getByTestId('terminal-revoke-keep').click();
  await expect(till.getByTestId('terminal-state')).toHaveText('Active');
  await till.getByTestId('terminal-revoke').click();
  await till.getByTestId('terminal-revoke-confirm').click();
  await expect(till.getByTestId('terminal-state')).toContainText('Revoked');
  await expect(till.getByTestId('terminal-revoke')).toHaveCount(0);
  const refused = await postEvents(apiUrl, key, [sale('pos.sale')]);
  expect(refused).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('revoked') } } });

  // HTTPS: the same port, now with a certificate whose fingerprint the tills pin.
  await saveTerminalApi(page, { tls: true });
  await expect(status).toContainText(`Listening on https://127.0.0.1:${port}`);
  await expect(page.getByTestId('terminal-api-fingerprint')).toHaveText(FINGERPRINT);
  await expect(status).toContainText('pin this on the tills');

  // Off stops it: nothing answers on the port any more.
  await saveTerminalApi(page, { enabled: false });
  await expect(status).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('terminal-api-fingerprint')).toHaveCount(0);
  await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
});

test('a store manager manages the tills; an auditor does not see them, and the core refuses', async ({ page, browser }) => {
  await enter(page, host.url);

  const manager = await newUser(page, browser, host.url, 'mgr', 'manager');
  await manager.goto(at('settings'));
  await expect(manager.getByTestId('terminals-panel')).toBeVisible();
  await expect(manager.getByTestId('terminal-row')).toHaveText([/Back office tablet/, /Till 7/]);
  // Managers read the Terminal API setting (settings:write is the administrator's) and its status.
  await expect(manager.getByTestId('terminal-enabled')).toHaveText('Off');
  await expect(manager.getByTestId('terminal-api-status')).toHaveAttribute('data-state', 'off');
  await expect(manager.getByTestId('settings-planned')).toContainText('under Terminals');
  await manager.context().close();

  const auditor = await newUser(page, browser, host.url, 'aud', 'auditor');
  await auditor.goto(at('settings'));
  await expect(auditor.getByTestId('settings-panel-terminalApi')).toBeVisible();
  await expect(auditor.getByTestId('terminals-panel')).toHaveCount(0);
  await expect(auditor.getByTestId('settings-planned')).not.toContainText('under Terminals');
  expect(await invoke(auditor, 'terminals.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('terminals:manage') } });
  await auditor.context().close();
});
