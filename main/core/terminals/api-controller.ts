import type { TerminalApiStatus } from '../../../shared/contract/terminal-channels';
import type { Settings } from '../../../shared/contract/documents';
import type { EventBus } from '../bus';
import type { IngestServer, IngestServerOptions } from './ingest-server';

type ApiSettings = Settings['terminalApi'];
type Start = (options: Pick<IngestServerOptions, 'host' | 'port' | 'tls'>) => Promise<IngestServer>;

export interface TerminalApiDeps {
  bus: EventBus;
  start: Start;
  /** The TLS identity to serve with (made on first use), for `tls: true`. */
  tlsIdentity(host: string): Promise<{ key: string; cert: string; fingerprint: string }>;
}

const OFF: TerminalApiStatus = { state: 'off', url: null, error: null, fingerprint: null, fixed: false };

/**
 * Runs the terminal ingest API as the Terminal API setting says: started when the app starts with it
 * on, restarted when its address, port or TLS change, stopped when it is turned off. Each change is
 * applied after the previous one has finished. A failure (the port is taken, the address is not this
 * computer's) is a status with a sentence, pushed to every window; the app goes on without it.
 */
export class TerminalApiController {
  private current: { settings: ApiSettings; server: IngestServer } | null = null;
  private status: TerminalApiStatus = OFF;
  private queue: Promise<void> = Promise.resolve();
  private fixed = false;

  constructor(private readonly deps: TerminalApiDeps) {}

  get state(): TerminalApiStatus {
    return this.status;
  }

  /** The command line chose the address (`serve --ingest`): the setting no longer controls the API. */
  markFixed(server: IngestServer): void {
    this.fixed = true;
    this.setStatus({ state: 'listening', url: server.url, error: null, fingerprint: null, fixed: true });
  }

  /** Applies `settings` (queued behind any change still being applied). */
  apply(settings: ApiSettings): Promise<void> {
    this.queue = this.queue.then(() => this.applyNow(settings));
    return this.queue;
  }

  async stop(): Promise<void> {
    await this.apply({ ...(this.current?.settings ?? { host: '127.0.0.1', port: 0, tls: false }), enabled: false });
  }

  private async applyNow(settings: ApiSettings): Promise<void> {
    if (this.fixed) return;
    // Already listening exactly as asked: nothing to do.
    if (this.current && settings.enabled && sameJson(this.current.settings, settings)) return;
    if (this.current) {
      await this.current.server.close();
      this.current = null;
    }
    if (!settings.enabled) return this.setStatus(OFF);
    try {
      const identity = settings.tls ? await this.deps.tlsIdentity(settings.host) : null;
      const server = await this.deps.start({ host: settings.host, port: settings.port, tls: identity });
      this.current = { settings, server };
      this.setStatus({ state: 'listening', url: server.url, error: null, fingerprint: identity?.fingerprint ?? null, fixed: false });
    } catch (error) {
      this.setStatus({ ...OFF, state: 'failed', error: reason(error, settings) });
    }
  }

  private setStatus(status: TerminalApiStatus): void {
    if (sameJson(status, this.status)) return;
    this.status = status;
    this.deps.bus.publish('terminals.apiStatus', status);
  }
}

function reason(error: unknown, settings: ApiSettings): string {
  const code = (error as { code?: string }).code;
  const where = `${settings.host}:${settings.port}`;
  if (code === 'EADDRINUSE') return `Port ${settings.port} is in use by another program: choose another port.`;
  if (code === 'EADDRNOTAVAIL') return `${settings.host} is not an address of this computer: choose 0.0.0.0 (every network) or one of its addresses.`;
  if (code === 'EACCES') return `This computer does not allow listening on ${where}.`;
  return `The terminal API could not start on ${where}: ${(error as Error).message}`;
}

/** Equal plain values (both built by the same zod schema, so their keys come in the same order). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
