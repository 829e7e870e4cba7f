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

// CommonJS output has no import.meta: core code that finds files beside itself uses import.meta.url,
// which these bundles answer from their own __filename (the sandboxed preload needs neither).
const withImportMeta = {
  define: { ...node.define, 'import.meta.url': '__importMetaUrl' },
  inject: [path.join(root, 'scripts/cjs-import-meta.js')],
};

async function main() {
  const started = performance.now();
  await Promise.all([
    esbuild({ ...node, ...withImportMeta, entryPoints: { cli: 'main/cli/index.ts', electron: 'main/electron/main.ts'}, outdir: 'out/main', outExtension: { '.js': '.cjs' } }),
    // Ingest workers run from a plain file outside the asar archive when packaged, so they carry
    // their (pure JavaScript) dependencies with them.
    esbuild({ ...node, ...withImportMeta, packages: undefined, entryPoints: { 'prepare-worker': 'main/core/ingest/prepare-worker.ts' }, outdir: 'out/main', outExtension: { '.js': '.cjs' } }),
    // Isolation-forest workers (training, scoring large inputs) likewise run from a plain file with
    // their dependencies bundled.
    esbuild({ ...node, ...withImportMeta, packages: undefined, entryPoints: { 'iforest-worker': 'main/core/detect/iforest-worker.ts' }, outdir: 'out/main', outExtension: { '.js': '.cjs' } }),
    // Forecasting workers (model selection for many series) likewise run from a plain file with their dependencies bundled.
    esbuild({ ...node, ...withImportMeta, packages: undefined, entryPoints: { 'forecast-worker': 'main/core/forecast/forecast-worker.ts' }, outdir: 'out/main', outExtension: { '.js': '.cjs' } }),
    // The LSTM worker bundles our code but leaves TensorFlow.js in node_modules: the WASM backend finds
    // its .wasm files beside its own package, and tfjs-node (optional, never a dependency) is native.
    esbuild({ ...node, ...withImportMeta, packages: undefined, external: ['@tensorflow/*'], entryPoints: { 'lstm-worker': 'main/core/forecast/lstm/lstm-worker.ts' }, outdir: 'out/main', outExtension: { '.js': '.cjs' } }),
    // Verifier workers open the database themselves, so the native SQLite module stays external.
    esbuild({ ...node, ...withImportMeta, entryPoints: { 'verify-worker': 'main/core/integrity/verify/verify-worker.ts' }, outdir: 'out/main', outExtension: { '.js': '.cjs' } }),
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
