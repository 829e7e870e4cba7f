/** Replaced at build time by esbuild's `define`; falls back for tests that run the sources directly. */
declare const __WATCHDOG_VERSION__: string | undefined;
export const VERSION: string = typeof __WATCHDOG_VERSION__ === 'string' ? __WATCHDOG_VERSION__ : '0.0.0-dev';
