import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'preload/**/*.test.ts', 'shared/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/crash/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Native SQLite and the browser host share the two cores; forks keep native handles per process.
    pool: 'forks',
    // A private session bus with GNOME Keyring's Secret Service: the vault is tested against a real keychain.
    globalSetup: ['test/support/secret-service.ts'],
  },
});
