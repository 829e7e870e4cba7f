import { isIP } from 'node:net';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { IngestServer } from '../../core/terminals/ingest-server';
import { startWebHost } from '../../web/server';
import { CliError, EXIT_USAGE } from '../errors';
import { openCliCore } from '../session';
import { dbOption, intOption } from './options';

/** The built renderer sits beside the bundled CLI: out/main/cli.cjs → out/renderer/. */
export function rendererDir(): string {
  return path.resolve(__dirname, '../renderer');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the app to a browser on 127.0.0.1 (prints the address with a one-time token)')
    .addOption(dbOption())
    .option('--port <n>', 'port to listen on (0 picks a free one)', intOption, 0)
    .option('--ingest <host:port>', 'also run the terminal ingest API there (e.g. 0.0.0.0:8787 for the store network)', listenAddress)
    .option('--no-web', 'without the browser app: only the ingest API (headless)')
    .action(async (opts: { db?: string; port: number; ingest?: { host: string; port: number }; web: boolean }) => {
      if (!opts.web && !opts.ingest) throw new CliError('--no-web needs --ingest: otherwise there is nothing to serve.', EXIT_USAGE);
      // No --user: this is a host, and people log in in the browser (first-run setup on a new database
      // shows the recovery key there).
      const core = await openCliCore(opts.db, true, { forBrowser: true });
      console.log(`Watchdog is serving ${core.dbPath}`);
      const host = opts.web ? await startWebHost({ core, rendererDir: rendererDir(), port: opts.port }) : null;
      if (host) console.log(`Open ${host.url}`);
      let ingest: IngestServer | null = null;
      const registered = () => {
        const n = core.terminals.list().filter((t) => !t.revokedAt).length;
        return `${n} terminal${n === 1 ? '' : 's'} registered`;
      };
      if (opts.ingest) {
        ingest = await core.startIngestApi(opts.ingest);
        core.terminalApi.markFixed(ingest);
        console.log(`Terminal ingest API on ${ingest.url}/v1/events (${registered()})`);
      } else {
        // As the Settings screen's Terminal API says (off unless an administrator turned it on).
        await core.followTerminalApiSetting();
        const status = core.terminalApi.state;
        if (status.state === 'listening') console.log(`Terminal ingest API on ${status.url}/v1/events (${registered()})`);
        if (status.state === 'failed') console.error(`The terminal ingest API is on in Settings but could not start: ${status.error}`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host?.close();
      await ingest?.close();
      await core.close();
    });
}

/** `HOST:PORT` (IPv6 in brackets: `[::1]:8787`) → an address and a port. */
export function listenAddress(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+|localhost)):(\d{1,5})$/.exec(value.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || (host !== 'localhost' && !isIP(host)) || !Number.isInteger(port) || port > 65_535) {
    throw new InvalidArgumentError('must be HOST:PORT with an IP address, e.g. 0.0.0.0:8787 or 127.0.0.1:8787');
  }
  return { host, port };
}
