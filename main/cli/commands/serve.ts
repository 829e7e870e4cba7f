import path from 'node:path';
import type { Command } from 'commander';
import { startWebHost } from '../../web/server';
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
    .action(async (opts: { db?: string; port: number }) => {
      // No --user: this is a host, and people log in in the browser (first-run setup on a new database
      // shows the recovery key there).
      const core = await openCliCore(opts.db, true, { forBrowser: true });
      const host = await startWebHost({ core, rendererDir: rendererDir(), port: opts.port });
      console.log(`Watchdog is serving ${core.dbPath}`);
      console.log(`Open ${host.url}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await core.close();
    });
}
