#!/usr/bin/env node
// `npm start`: build, then run the desktop host if Electron's binary is (or can be made) available,
// otherwise the browser host. See docs/electron.md for how the choice is made.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseHost, electronPackageDir, FALLBACK_SENTENCES } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const passThrough = process.argv.slice(2);

/** Runs a child with our terminal, forwarding Ctrl-C and termination; resolves with its exit code. */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`Could not run ${path.basename(command)}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (constants.signals[signal] ?? 0)));
  });
}

/** Electron acts as plain Node when this is set, which would never open a window. */
function electronEnv() {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

function runBrowserHost() {
  const cli = path.join(root, 'out', 'main', 'cli.cjs');
  if (!existsSync(cli)) {
    console.error(`The browser host was not built (${path.relative(root, cli)} is missing); check the output of "npm run build".`);
    return Promise.resolve(1);
  }
  // `serve` prints the address with its one-time token.
  return run(process.execPath, [cli, 'serve']);
}

async function main() {
  const built = await run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  if (built !== 0) return built;

  const choice = await chooseHost({ packageDir: electronPackageDir(root), env: process.env });
  if (choice.host === 'electron') {
    // The project folder, not out/main/electron.cjs: Electron then reads package.json, so the app is
    // named Watchdog and uses the same userData folder (and database) as the packaged build.
    return run(choice.binary, [root, ...passThrough], { env: electronEnv() });
  }
  console.log(FALLBACK_SENTENCES[choice.reason]);
  return runBrowserHost();
}

process.exitCode = await main();
