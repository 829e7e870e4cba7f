#!/usr/bin/env node
// Builds everything into out/: esbuild bundles the Node side (CLI, Electron main, preload) as CommonJS,
// Vite builds the renderer. Why two tools: see docs/architecture.md ("Build").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const quiet = process.argv.includes('--quiet');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Dependencies stay in node_modules (native modules cannot be bundled); our own code is bundled.
  packages: 'external',
  define: { __WATCHDOG_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  absWorkingDir: root,
};

async function main() {
  const started = performance.now();
  await Promise.all([
    esbuild({ ...node, entryPoints: { cli: 'main/cli/index.ts', electron: 'main/electron/main.ts' }, outdir: 'out/main', outExtension: { '.js': '.cjs' } }),
    // The sandboxed preload may require only `electron`; everything else it needs is bundled in.
    esbuild({ ...node, packages: undefined, external: ['electron'], entryPoints: { index: 'preload/index.ts' }, outdir: 'out/preload', outExtension: { '.js': '.cjs' } }),
  ]);
  await vite({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  if (!quiet) console.log(`Built out/ in ${Math.round(performance.now() - started)} ms.`);
}

main().catch((error) => {
  console.error(`Build failed: ${error.message}`);
  process.exit(1);
});
