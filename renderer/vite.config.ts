import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: the same build is served by the browser host and loaded from disk by Electron.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // The CSP forbids inline script, so nothing may be inlined into index.html; the preload polyfill
    // would be the only candidate and every browser we ship in supports modulepreload natively.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    // echarts alone is ~600 kB minified even trimmed to the parts we use; it sits in the lazily loaded
    // timeline chunk, read from local disk, so the default 500 kB warning would only be noise.
    chunkSizeWarningLimit: 800,
  },
});
