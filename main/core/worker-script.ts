import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker thread `name` for the module at `callerUrl` (its `import.meta.url`): the bundled
 * `name.cjs` beside the bundled host (out/main/, scripts/build.mjs), or, from source (tests, the
 * benchmarks), `name.ts` beside the caller through tsx, which is only a dev dependency. Packaged,
 * the bundled file is unpacked beside the asar archive (electron-builder.yml): workers cannot load
 * from inside it.
 */
export function startWorkerScript(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const here = path.dirname(fileURLToPath(callerUrl));
  const bundled = path.join(here.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'), `${name}.cjs`);
  if (fs.existsSync(bundled)) return new Worker(bundled, options);
  const source = path.join(here, `${name}.ts`);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { ...options, eval: true });
}
