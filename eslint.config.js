// Lint, and above all the layers of docs/architecture.md: each folder may import only what its
// runtime has. A crossing fails `npm test`, not a code review.
import { builtinModules } from 'node:module';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3-multiple-ciphers', 'fastify', '@fastify/*', 'commander', 'ws'];

/** `paths`/`patterns` for no-restricted-imports, with the reason shown to whoever crosses. */
const forbid = (names, message) => ({ paths: names.filter((n) => !n.includes('*')).map((name) => ({ name, message })), patterns: [{ group: names.filter((n) => n.includes('*')), message }].filter((p) => p.group.length) });
const merge = (...parts) => ({ paths: parts.flatMap((p) => p.paths), patterns: parts.flatMap((p) => p.patterns) });

const noElectron = forbid(['electron', 'electron/*'], 'Only main/electron/ and preload/ may import electron.');
const noNode = forbid([...nodeBuiltins, ...nodeOnlyPackages], 'renderer/ and shared/ run without Node: no Node APIs or Node-only packages.');

/** Which folders each folder must not import from (relative paths are resolved by import-x). */
const zones = [
  { target: './renderer', from: ['./main', './preload', './server'], message: 'The renderer talks to the core only through the contract client.' },
  { target: './shared', from: ['./main', './preload', './renderer', './server'], message: 'shared/ depends on nothing but itself.' },
  { target: './preload', from: ['./main', './renderer', './server'], message: 'The preload only bridges; it knows the contract, nothing else.' },
  { target: './main/core', from: ['./main/electron', './main/web', './main/cli', './renderer', './preload'], message: 'The core knows no host.' },
  { target: './main/web', from: ['./main/electron', './main/cli', './renderer', './preload'], message: 'A host uses the core and shared only.' },
  { target: './main/electron', from: ['./main/web', './main/cli', './renderer', './preload'], message: 'A host uses the core and shared only.' },
  // The CLI may start the browser host (`watchdog serve`); nothing else crosses between hosts.
  { target: './main/cli', from: ['./main/electron', './renderer', './preload'], message: 'A host uses the core and shared only.' },
  { target: './server', from: ['./main', './renderer', './preload'], message: 'The headquarters hub shares only shared/.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'test/scratch/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'renderer/tsconfig.json'], noWarnOnMultipleProjects: true })] },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', noElectron],
    },
  },
  {
    files: ['renderer/**', 'shared/**'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', merge(noElectron, noNode)] },
  },
  {
    files: ['main/electron/**', 'preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['preload/**'],
    rules: { 'no-restricted-imports': ['error', forbid([...nodeBuiltins, ...nodeOnlyPackages], 'The sandboxed preload has no Node APIs.')] },
  },
  {
    files: ['**/*.cjs', 'scripts/**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
