import path from 'node:path';
import type { Command } from 'commander';
import { startWebHost } from '../../web/server';
import { CliSession } from '../session';
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
      const session = await CliSession.open(opts.db);
      const host = await startWebHost({ core: session.core, rendererDir: rendererDir(), port: opts.port });
      console.log(`Watchdog is serving ${session.core.dbPath}`);
      console.log(`Open ${host.url}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await session.close();
    });
}
