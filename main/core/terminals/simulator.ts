import { v7 } from 'uuid';
import type { EventInput } from '../../../shared/events';
import { parseTerminalKey, signRequest, type TerminalKey } from './keys';

export interface SimulateOptions {
  /** The ingest API's base URL (http://host:port). */
  url: string;
  /** Terminal keys as `terminals add` prints them; terminal i uses key i (round robin if fewer). */
  keys: readonly string[];
  terminals: number;
  /** Events per second across all terminals. */
  rate: number;
  seconds: number;
  /** Events per request (default 50). */
  batch?: number;
  /** The events' store_id (default S001): a terminal registered to a store must send that one. */
  store?: string;
  /** Called about once a second with the acknowledged count so far. */
  onProgress?: (acknowledged: number, elapsedMs: number) => void;
  /** For TLS with a self-signed certificate: Node's fetch would refuse it (see the CLI's --insecure). */
  fetchImpl?: typeof fetch;
}

export interface SimulateResult {
  /** Events the API acknowledged (200: stored durably, or known already). */
  acknowledged: number;
  /** Of those, the ones it reported as duplicates (never the case unless a retry went through). */
  duplicates: number;
  requests: number;
  /** Requests answered 429 and sent again after Retry-After. */
  throttled: number;
  /** Requests that failed for good (with the first few reasons). */
  failed: number;
  failures: string[];
  elapsedMs: number;
  /** CPU time this simulator spent (user + system): on one machine, what it took from the server. */
  cpuMs: number;
  latencyMs: Latency;
  /**
   * The same for requests sent after the first second. That second opens 50 connections and compiles
   * the hot code on both sides; its requests took up to half a second, enough on their own to set the
   * whole run's p99 at moderate rates. Reported beside the overall figures, never instead of them.
   */
  steadyLatencyMs: Latency;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

/** Requests sent before this (ms after the start) are the warm-up, left out of steadyLatencyMs. */
export const WARM_UP_MS = 1_000;

function latencyOf(sorted: readonly number[]): Latency {
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

const ACTIONS = ['pos.sale', 'pos.sale', 'pos.sale', 'pos.sale', 'pos.void', 'pos.refund', 'cash.drawer_open', 'pos.discount'] as const;

/** A plausible till event (the API fills in the terminal's name from its key). */
function tillEvent(store: string, terminal: number, n: number): EventInput {
  const action = ACTIONS[n % ACTIONS.length] ?? 'pos.sale';
  return {
    event_id: v7(),
    ts: new Date().toISOString(),
    store_id: store,
    user_id: `u-${100 + (terminal % 12)}`,
    user_role: 'cashier',
    action,
    status: 'success',
    resource_type: 'receipt',
    resource_id: `R-${terminal}-${n}`,
    amount_minor: action === 'cash.drawer_open' ? null : 150 + ((n * 37) % 9_000),
    currency: action === 'cash.drawer_open' ? null : 'USD',
    details: { items: 1 + (n % 5) },
  } as EventInput;
}

/**
 * Drives the ingest API like real terminals: each sends signed batches at its share of the rate,
 * waits for the acknowledgement, honours Retry-After, and re-signs a retry (a replay would be refused).
 * The count it returns is what the API acknowledged, to compare with what the store holds.
 */
export async function simulateTerminals(options: SimulateOptions): Promise<SimulateResult> {
  const keys = options.keys.map((text, i) => {
    const key = parseTerminalKey(text);
    if (!key) throw new Error(`Key ${i + 1} is not a Watchdog terminal key (wdt1_…).`);
    return key;
  });
  if (!keys.length) throw new Error('No terminal keys: register terminals with `watchdog terminals add` first.');
  const doFetch = options.fetchImpl ?? fetch;
  const batchSize = options.batch ?? 50;
  const perTerminalRate = options.rate / options.terminals;
  const interval = (batchSize / perTerminalRate) * 1000;
  const url = new URL('/v1/events', options.url).toString();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = started + options.seconds * 1000;
  const latencies: number[] = [];
  const steadyLatencies: number[] = [];
  const totals = { acknowledged: 0, duplicates: 0, requests: 0, throttled: 0, failed: 0 };
  const failures: string[] = [];
  const progress = options.onProgress ? setInterval(() => options.onProgress?.(totals.acknowledged, performance.now() - started), 1000) : null;

  const send = async (key: TerminalKey, body: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      totals.requests += 1;
      const sentAt = performance.now();
      let status = 0;
      let text = '';
      let retryAfter = 1;
      try {
        const response = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest(key, 'POST', '/v1/events', body) }, body });
        status = response.status;
        retryAfter = Number(response.headers.get('retry-after') ?? 1);
        text = await response.text();
      } catch (error) {
        text = (error as Error).message;
      }
      if (status === 200) {
        const latency = performance.now() - sentAt;
        latencies.push(latency);
        if (sentAt - started >= WARM_UP_MS) steadyLatencies.push(latency);
        const answer = JSON.parse(text) as { accepted: number; duplicates: string[] };
        totals.acknowledged += answer.accepted + answer.duplicates.length;
        totals.duplicates += answer.duplicates.length;
        return;
      }
      if ((status === 429 || status === 503 || status === 0) && attempt < 20) {
        if (status === 429) totals.throttled += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, retryAfter) * 1000));
        continue;
      }
      totals.failed += 1;
      if (failures.length < 5) failures.push(`${status || 'network'}: ${text.slice(0, 300)}`);
      return;
    }
  };

  const terminal = async (index: number) => {
    const key = keys[index % keys.length] as TerminalKey;
    // Spread the terminals' first sends over one interval, as tills switched on at different times.
    let next = started + (interval * index) / options.terminals;
    let n = 0;
    while (next < deadline) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const events = Array.from({ length: batchSize }, () => tillEvent(options.store ?? 'S001', index, n++));
      await send(key, JSON.stringify({ events }));
      next += interval;
    }
  };

  try {
    await Promise.all(Array.from({ length: options.terminals }, (_, i) => terminal(i)));
  } finally {
    if (progress) clearInterval(progress);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  return {
    ...totals,
    failures,
    elapsedMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    latencyMs: latencyOf(sorted(latencies)),
    steadyLatencyMs: latencyOf(sorted(steadyLatencies)),
  };
}
