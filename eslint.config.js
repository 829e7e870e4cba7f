// Lint, and above all the layers of docs/architecture.md: each folder may import only what its
// runtime has. A crossing fails `npm test`, not a code review (test/integration/layers.test.ts
// proves each rule fires). Core ESLint only: the import-x plugin's resolver pulls in platform
// binaries this project's package registry does not serve, which breaks `npm ci`.
import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3-multiple-ciphers', 'fastify', 'commander', 'ws'];

/** A relative import that reaches into one of these top-level folders (or a host folder in main/). */
const into = (...folders) => `(^|/)(${folders.join('|')})(/|$)`;

/** no-restricted-imports options: forbidden packages plus forbidden folders, each with its reason. */
function layer({ folders = [], folderMessage = '', packages = [], packageMessage = '' }) {
  return {
    paths: packages.map((name) => ({ name, message: packageMessage })),
    patterns: [
      ...(folders.length ? [{ regex: into(...folders), message: folderMessage }] : []),
      ...(packages.includes('electron') ? [{ group: ['electron/*'], message: ELECTRON_ONLY }] : []),
      ...(packages.includes('fastify') ? [{ group: ['@fastify/*'], message: packageMessage }] : []),
    ],
  };
}

const ELECTRON_ONLY = 'Only main/electron/ and preload/ may import electron.';
const NO_NODE = 'renderer/ and shared/ run without Node: no Node APIs or Node-only packages.';
const HOSTS_APART = 'A host uses the core and shared only.';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `total += await x` reads total before the await and loses concurrent updates (found in the benchmark).
      'require-atomic-updates': ['error', { allowProperties: true }],
      'no-restricted-imports': ['error', layer({ packages: ['electron'], packageMessage: ELECTRON_ONLY })],
    },
  },
  {
    files: ['main/core/**'],
    rules: { 'no-restricted-imports': ['error', layer({ folders: ['electron', 'web', 'cli', 'renderer', 'preload', 'server'], folderMessage: 'The core knows no host.', packages: ['electron'], packageMessage: ELECTRON_ONLY })] },
  },
  {
    files: ['main/web/**'],
    rules: { 'no-restricted-imports': ['error', layer({ folders: ['electron', 'cli', 'renderer', 'preload'], folderMessage: HOSTS_APART, packages: ['electron'], packageMessage: ELECTRON_ONLY })] },
  },
  {
    // The CLI may start the browser host (`watchdog serve`); nothing else crosses between hosts.
    files: ['main/cli/**'],
    rules: { 'no-restricted-imports': ['error', layer({ folders: ['electron', 'renderer', 'preload'], folderMessage: HOSTS_APART, packages: ['electron'], packageMessage: ELECTRON_ONLY })] },
  },
  {
    files: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', layer({ folders: ['web', 'cli', 'renderer', 'preload'], folderMessage: HOSTS_APART })] },
  },
  {
    files: ['preload/**'],
    rules: { 'no-restricted-imports': ['error', layer({ folders: ['main', 'renderer', 'server'], folderMessage: 'The preload only bridges; it knows the contract, nothing else.', packages: [...nodeBuiltins, ...nodeOnlyPackages], packageMessage: 'The sandboxed preload has no Node APIs.' })] },
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', layer({ folders: ['main', 'preload', 'server'], folderMessage: 'The renderer talks to the core only through the contract client.', packages: ['electron', ...nodeBuiltins, ...nodeOnlyPackages], packageMessage: NO_NODE })] },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', layer({ folders: ['main', 'preload', 'renderer', 'server'], folderMessage: 'shared/ depends on nothing but itself.', packages: ['electron', ...nodeBuiltins, ...nodeOnlyPackages], packageMessage: NO_NODE })] },
  },
  {
    files: ['**/*.cjs', 'scripts/**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
