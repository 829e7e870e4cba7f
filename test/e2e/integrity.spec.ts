import { expect, test, type Page, type Request, type Route } from '@playwright/test';
import { IntegrityReportSchema, type IntegrityReport } from '../../shared/contract/integrity';
import { ownHost } from './global-setup';
import { enter, screenshotWhole } from './session';

const SCREENSHOTS = 'docs/screens';
const CANCELLED_TEXT = 'Verification cancelled — nothing was concluded.';

// Each part of this file runs its own browser host on a fresh database (ownHost): the demo store
// loads only into an empty database, and timeline.spec.ts, which runs after this file, loads it into
// the shared host itself.

/**
 * Loads the demo store through the host's API (the Dashboard's own button is timeline.spec.ts's
 * business). Returns the number of demo events; the log also holds the store's key event(s).
 */
async function loadDemo(page: Page, url: string, input: { days: number; stores: number; seed: number }): Promise<number> {
  // The page is past the door: its cookies (launch and session) go with the request.
  await enter(page, url);
  const response = await page.request.post(new URL('/api/invoke', url).toString(), {
    data: { channel: 'demo.load', input },
    timeout: 180_000,
  });
  const body = (await response.json()) as { ok: boolean; value?: { events: number }; error?: { message: string } };
  if (!body.ok || !body.value) throw new Error(`demo.load failed: ${body.error?.message ?? response.status()}`);
  return body.value.events;
}


function channelOf(request: Request): string | null {
  if (request.method() !== 'POST' || !request.url().endsWith('/api/invoke')) return null;
  try {
    return (request.postDataJSON() as { channel?: string }).channel ?? null;
  } catch {
    return null;
  }
}

/** The next answer the browser receives on a channel, parsed. */
async function nextAnswer<T>(page: Page, channel: string): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  const response = await page.waitForResponse((r) => channelOf(r.request()) === channel, { timeout: 110_000 });
  return (await response.json()) as never;
}

async function openIntegrity(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrity' }).click();
  await expect(page.getByRole('heading', { name: 'Integrity', level: 1 })).toBeVisible();
}

/**
 * Lets the next audit.verify reach the core at once but keeps its answer from the page until
 * `release()`: while it is held the screen is certainly still running, whatever the core's speed.
 */
async function holdVerifyAnswer(page: Page) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let answered: (body: unknown) => void = () => {};
  const answer = new Promise<unknown>((resolve) => (answered = resolve));
  let delivered = () => {};
  const fulfilled = new Promise<void>((resolve) => (delivered = resolve));
  const handler = async (route: Route) => {
    if (channelOf(route.request()) !== 'audit.verify') return route.fallback();
    const response = await route.fetch({ timeout: 110_000 });
    answered(await response.json());
    await released;
    await route.fulfill({ response });
    delivered();
  };
  await page.route('**/api/invoke', handler);
  return {
    /** What the core answered (the page has not seen it yet). */
    answer,
    /** Hands the held answer to the page; the route is removed only once it has been delivered. */
    release: async () => {
      release();
      await fulfilled;
      await page.unroute('**/api/invoke', handler);
    },
  };
}

test.describe('the demo store', () => {
  test.describe.configure({ mode: 'serial' });
  let host: { url: string; stop: () => Promise<void> };
  test.beforeAll(async () => {
    host = await ownHost();
  });
  test.afterAll(async () => {
    await host?.stop();
  });
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('load the demo, verify: intact, the summary verbatim, every range listed, the auditor’s details', async ({ page }) => {
    const demoEvents = await loadDemo(page, host.url, { days: 90, stores: 2, seed: 1 });
    await enter(page, host.url);
    await expect(page.getByTestId('summary-events')).not.toHaveText('0');
    const events = Number((await page.getByTestId('summary-events').textContent())?.replace(/\D/g, ''));
    expect(events).toBeGreaterThanOrEqual(demoEvents);

    await openIntegrity(page);
    const answer = nextAnswer<IntegrityReport>(page, 'audit.verify');
    await page.getByTestId('verify-button').click();
    const body = await answer;
    if (!body.ok) throw new Error(`audit.verify failed: ${body.error.code} ${body.error.message}`);
    const report = body.value;
    const result = page.getByTestId('verify-result');
    await expect(result).toBeVisible();

    // The verdict, in words and not only in colour.
    await expect(page.getByTestId('verify-headline')).toHaveText('The audit log is intact');
    await expect(result).toHaveAttribute('data-ok', 'true');
    expect(report.ok, report.message).toBe(true);
    // The verification is itself recorded (audit.verify) before it runs, so it covers one event more.
    expect(report.events).toEqual({ total: events + 1, valid: events + 1 });

    // The core's summary line, word for word, and the time it took.
    await expect(page.getByTestId('verify-summary')).toHaveText(report.summary);
    const count = (events + 1).toLocaleString('en-US');
    expect(report.summary).toMatch(new RegExp(`^checkpoints (\\d+)/\\1 valid, events ${count}/${count} valid$`));
    await expect(page.getByTestId('verify-duration')).toHaveText(/^\d+(\.\d)? s$|min/);

    // One line per range, all valid, in log order, together covering every event.
    const rows = page.getByTestId('range-row');
    await expect(rows).toHaveCount(report.ranges.length);
    await expect(page.getByTestId('range-row').and(page.locator('[data-ok="false"]'))).toHaveCount(0);
    // The log opens with the store's key event, signed on its own; then a range per interval checkpoint.
    await expect(rows.first()).toHaveText(/^✓Events? 1(–[\d,]+)? · valid · matches checkpoint #1$/);
    await expect(rows.nth(1)).toHaveText(/^✓Events [\d,]+–[\d,]+ · valid · matches checkpoint #2$/);
    const last = report.ranges[report.ranges.length - 1];
    expect(last?.to).toBe(events + 1);
    await expect(page.getByTestId('ranges-count')).toContainText('all valid');
    await screenshotWhole(page, 'integrity-intact.png');

    // Details for auditors: closed at first, then every checkpoint, the keys and the hashes with copy buttons.
    const details = page.getByTestId('auditor-details');
    await expect(details.getByTestId('checkpoint-table')).toBeHidden();
    await details.getByText('Details for auditors').click();
    await expect(details.getByTestId('checkpoint-row')).toHaveCount(report.checkpointResults.length);
    expect(report.checkpointResults.length).toBeGreaterThan(0);
    await expect(details.getByTestId('key-table').locator('tbody tr')).toHaveCount(report.keys.length);
    expect(report.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.rootHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(details.getByTestId('head-hash')).toHaveText(report.headHash ?? '');
    await expect(details.getByTestId('root-hash')).toHaveText(report.rootHash ?? '');
    await details.getByRole('button', { name: 'Copy the Merkle root' }).click();
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toBe(report.rootHash);
    await screenshotWhole(page, 'integrity-details.png');
  });

  test('an altered log: INVALID ranges stand out, say why in plain words and lead to the first bad event', async ({ page }) => {
    // The core's answer is replaced by a report of a tampered log (checked against the contract's
    // schema); everything else, including the Timeline the link opens, is the real demo store.
    const altered = IntegrityReportSchema.parse(alteredReport());
    await page.route('**/api/invoke', (route) =>
      channelOf(route.request()) === 'audit.verify' ? route.fulfill({ json: { ok: true, value: altered } }) : route.fallback(),
    );
    await enter(page, host.url);
    await openIntegrity(page);
    await page.getByTestId('verify-button').click();

    await expect(page.getByTestId('verify-headline')).toHaveText('The audit log has been altered');
    await expect(page.getByRole('alert')).toContainText('an event’s contents were changed, starting at event #17');
    await expect(page.getByTestId('verify-summary')).toHaveText(altered.summary);
    const invalid = page.getByTestId('range-row').and(page.locator('[data-ok="false"]'));
    await expect(invalid).toHaveCount(2);
    await expect(invalid.first()).toContainText('Events 1–10,000 · INVALID · an event’s contents were changed · first bad event #17');
    await expect(invalid.nth(1)).toContainText('INVALID · an event was deleted · first bad event #64,512 (deleted)');
    await expect(invalid.nth(1).getByRole('link', { name: 'open event #64,511, before the gap' })).toBeVisible();
    await expect(page.getByTestId('range-row').nth(1)).toHaveText('✓Events 10,001–20,000 · valid · matches checkpoint #2');
    await expect(page.getByTestId('ranges-count')).toHaveText('9 ranges · 2 INVALID');
    await page.getByRole('button', { name: 'Only INVALID' }).click();
    await expect(page.getByTestId('range-row')).toHaveCount(2);
    await page.getByRole('button', { name: 'All ranges' }).click();
    await expect(page.getByTestId('range-row')).toHaveCount(9);

    await page.getByTestId('auditor-details').getByText('Details for auditors').click();
    const badCheckpoints = page.getByTestId('checkpoint-row').and(page.locator('[data-ok="false"]'));
    await expect(badCheckpoints).toHaveCount(2);
    await expect(badCheckpoints.first()).toContainText('INVALID');
    await expect(badCheckpoints.first()).toContainText('the log was rewritten: it no longer matches what was signed');
    await expect(page.getByTestId('head-hash')).toHaveCount(0);
    await expect(page.getByTestId('no-head')).toContainText('a log that does not verify has no trustworthy head');
    await screenshotWhole(page, 'integrity-altered.png');

    const link = invalid.first().getByTestId('range-first-bad');
    await expect(link).toHaveAttribute('href', /#\/timeline\?event=17$/);
    await link.click();
    await expect(page.getByTestId('event-drawer')).toBeVisible();
    await expect(page.getByTestId('event-drawer').getByTestId('event-seq')).toHaveText('17');
  });

  test('Cancel: the screen waits for the core to stop, then says calmly that nothing was concluded', async ({ page }) => {
    // The core's answer is held until the page has asked to cancel, then it is the one the core gives
    // a cancelled run (see the next part for a real cancellation).
    const cancelAsked = page.waitForRequest((r) => channelOf(r) === 'audit.verifyCancel', { timeout: 60_000 });
    await page.route('**/api/invoke', async (route) => {
      if (channelOf(route.request()) !== 'audit.verify') return route.fallback();
      await cancelAsked;
      await route.fulfill({ json: { ok: false, error: { code: 'CANCELLED', message: 'Verification was cancelled; nothing was concluded.' } } });
    });
    await enter(page, host.url);
    await openIntegrity(page);
    await page.getByTestId('verify-button').click();
    await expect(page.getByTestId('verify-button')).toBeDisabled();
    await expect(page.getByTestId('verify-progress')).toBeVisible();
    await page.getByTestId('verify-cancel').click();

    const notice = page.getByTestId('verify-cancelled');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('role', 'status');
    await expect(notice).toContainText(CANCELLED_TEXT);
    await expect(page.getByTestId('error-panel')).toHaveCount(0);
    await expect(page.getByTestId('verify-result')).toHaveCount(0);
    await expect(page.getByTestId('verify-cancel')).toHaveCount(0);
    await expect(page.getByTestId('verify-progress')).toHaveCount(0);
    await expect(page.getByTestId('verify-button')).toBeEnabled();
    await expect(page.getByTestId('verify-button')).toHaveText('Verify again');
    await page.screenshot({ path: `${SCREENSHOTS}/integrity-cancelled.png` });
  });

  test('Cancel pressed after the core has finished: its complete result stands, with a note', async ({ page }) => {
    await enter(page, host.url);
    await openIntegrity(page);
    const held = await holdVerifyAnswer(page);
    await page.getByTestId('verify-button').click();
    const core = (await held.answer) as { ok: boolean };
    expect(core.ok).toBe(true);
    // The core is done; the page does not know yet and still offers Cancel.
    const cancelReply = nextAnswer<{ cancelled: boolean }>(page, 'audit.verifyCancel');
    await page.getByTestId('verify-cancel').click();
    expect(await cancelReply).toEqual({ ok: true, value: { cancelled: false } });
    await held.release();

    await expect(page.getByTestId('verify-headline')).toHaveText('The audit log is intact');
    await expect(page.getByTestId('verify-finished-first')).toBeVisible();
    await expect(page.getByTestId('verify-cancelled')).toHaveCount(0);
    await expect(page.getByTestId('error-panel')).toHaveCount(0);
    await expect(page.getByTestId('verify-cancel')).toHaveCount(0);
  });
});

test.describe('a log big enough to watch and to cancel', () => {
  let host: { url: string; stop: () => Promise<void> };
  test.beforeAll(async () => {
    host = await ownHost();
  });
  test.afterAll(async () => {
    await host?.stop();
  });

  test('progress while verifying, a real Cancel, and the core free again afterwards', async ({ page }) => {
    test.setTimeout(240_000);
    // About 240,000 events: four chunks for the core's verifier threads, so a run lasts a few seconds.
    const events = await loadDemo(page, host.url, { days: 150, stores: 3, seed: 1 });
    expect(events).toBeGreaterThan(3 * 65_536);
    await enter(page, host.url);
    await openIntegrity(page);

    // 1. A whole run, its answer held back until the progress bar has been seen counting.
    let held = await holdVerifyAnswer(page);
    await page.getByTestId('verify-button').click();
    await expect(page.getByTestId('verify-cancel')).toBeVisible();
    await expect(page.getByTestId('verify-progress')).toContainText(/Checked [\d,]+ of [\d,]+ events/, { timeout: 110_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/integrity-running.png` });
    await held.answer;
    await held.release();
    await expect(page.getByTestId('verify-result')).toBeVisible();
    await expect(page.getByTestId('verify-summary')).toHaveText(/^checkpoints [\d,]+\/[\d,]+ valid, events [\d,]+\/[\d,]+ valid$/);

    // 2. Cancel a run. The answer is held until the page has the core's reply to the cancel, so the
    //    Cancel button is certainly there to press. Either the core stopped the run (CANCELLED) or it had
    //    already finished its last chunk; each has exactly one right way to look.
    held = await holdVerifyAnswer(page);
    const cancelReply = nextAnswer<{ cancelled: boolean }>(page, 'audit.verifyCancel');
    await page.getByTestId('verify-button').click();
    await page.getByTestId('verify-cancel').click();
    await expect(page.getByTestId('verify-cancel')).toHaveText('Cancelling…');
    await expect(page.getByTestId('verify-cancel')).toBeDisabled();
    const reply = await cancelReply;
    expect(reply.ok).toBe(true);
    const core = (await held.answer) as { ok: boolean; error?: { code: string } };
    await held.release();

    if (!core.ok) {
      test.info().annotations.push({ type: 'cancel', description: 'the core stopped the run (CANCELLED)' });
      expect(core.error?.code).toBe('CANCELLED');
      await expect(page.getByTestId('verify-cancelled')).toContainText(CANCELLED_TEXT);
      await expect(page.getByTestId('verify-result')).toHaveCount(0);
    } else {
      test.info().annotations.push({ type: 'cancel', description: 'the run had finished before the cancel reached it' });
      await expect(page.getByTestId('verify-result')).toBeVisible();
      await expect(page.getByTestId('verify-finished-first')).toBeVisible();
      await expect(page.getByTestId('verify-cancelled')).toHaveCount(0);
    }
    await expect(page.getByTestId('error-panel')).toHaveCount(0);
    await expect(page.getByTestId('verify-cancel')).toHaveCount(0);

    // 3. Nothing is left running in the core: the next verification runs to the end (no CONFLICT).
    await page.getByTestId('verify-button').click();
    await expect(page.getByTestId('verify-result')).toBeVisible({ timeout: 110_000 });
    await expect(page.getByTestId('verify-finished-first')).toHaveCount(0);
    await expect(page.getByTestId('error-panel')).toHaveCount(0);
  });
});

/** 86,837 events signed every 10,000; event #17 edited, event #64,512 deleted. */
function alteredReport(): IntegrityReport {
  const key = '3f9a6c1d0b7e42a8c5d19e07f4b26a8d1c3e5f70926b4d8ae1f03c57b9d2a64e';
  const total = 86_837;
  const n = (x: number) => x.toLocaleString('en-US');
  const checkpointResults = Array.from({ length: 8 }, (_, i) => {
    const id = i + 1;
    const size = id * 10_000;
    const time = new Date(Date.UTC(2026, 8, 2 + id * 11, 22, 18, 0)).toISOString();
    const name = `Checkpoint #${id} (${n(size)} events, ${time})`;
    const bad = id === 1 || id === 7;
    return {
      id,
      treeSize: size,
      time,
      reason: 'interval',
      keyFingerprint: key,
      ok: !bad,
      problem: bad ? ('checkpoint_mismatch' as const) : null,
      message: bad ? `${name} covers events that no longer verify (from #${id === 1 ? 17 : n(64_512)}).` : `${name} is valid.`,
    };
  });
  const ranges: IntegrityReport['ranges'] = checkpointResults.map((c) => {
    const from = c.treeSize - 9_999;
    if (c.id === 1) {
      return { from, to: c.treeSize, ok: false, reason: 'hash_mismatch', firstBadSeq: 17, message: 'Event #17 was altered: its content no longer matches its hash.', checkpointId: 1 };
    }
    if (c.id === 7) {
      return { from, to: c.treeSize, ok: false, reason: 'missing_seq', firstBadSeq: 64_512, message: 'Event #64512 is missing (the next stored event is #64513).', checkpointId: 7 };
    }
    return { from, to: c.treeSize, ok: true, reason: null, firstBadSeq: null, message: `Events ${n(from)}–${n(c.treeSize)} verify and match checkpoint #${c.id}.`, checkpointId: c.id };
  });
  ranges.push({ from: 80_001, to: total, ok: true, reason: null, firstBadSeq: null, message: `Events 80,001–${n(total)} verify (after the latest checkpoint: not yet signed).`, checkpointId: null });
  return {
    ok: false,
    summary: `checkpoints 6/8 valid, events 66,837/${n(total)} valid`,
    events: { total, valid: 66_837 },
    checkpoints: { total: 8, valid: 6 },
    firstBadSeq: 17,
    reason: 'hash_mismatch',
    message: 'Event #17 was altered: its content no longer matches its hash.',
    ranges,
    checkpointResults,
    keys: [{ fingerprint: key, introducedAt: 1 }],
    headHash: null,
    rootHash: null,
    durationMs: 1_284,
  };
}
