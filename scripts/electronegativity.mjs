#!/usr/bin/env node
// Electronegativity (Doyensec's scanner for Electron security anti-patterns) over what the desktop
// app ships: the bundled main process, the preload and the renderer in out/ (run `npm run build`
// first; this script builds nothing), plus the TypeScript of main/electron/, where the scanner
// reads BrowserWindow options the bundle hides behind `import_electron.BrowserWindow`.
// Prints one table and exits 1 on any finding that is neither fixed nor justified (below, or by an
// `eng-disable CHECK_ID` comment on the flagged source line), 2 if the scan itself cannot run.
// Offline and deterministic: the scanner's network look-ups (translations, Electron's release list)
// are answered "offline" instead of being attempted. See docs/electron-security.md.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/**
 * Findings we accept, one line of reason each. `file` is the project's name for the file, `sample` a
 * piece of the flagged line, so an entry covers that one place and not whatever the check finds next
 * (no `sample`: that check anywhere in the file). Prefer a fix, then an `eng-disable CHECK_ID`
 * comment on the flagged source line; an entry here is for what the scanner sees only in built
 * output (bundling strips comments) or in files outside main/electron/.
 */
const JUSTIFIED = [
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'out/renderer/index.html',
    sample: "script-src 'self'",
    reason: "'self' is only risky where JSONP, Angular or uploads are served; app://watchdog serves nothing but our built renderer (protocol.ts).",
  },
  {
    check: 'ELECTRON_VERSION_JSON_CHECK',
    file: 'package.json',
    reason: 'Informational: names the Electron version; whether it is current needs the network (NOT_RUN) and is a release-checklist step.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'out/main/electron.cjs',
    sample: 'shell.openExternal(vettedUrl)',
    reason: "Bundled openInSystemBrowser (external-links.ts), reached only with vetExternalUrl's output; annotated in the source.",
  },
];

/** Checks not run, each with its reason. Names are Electronegativity's class names. */
const NOT_RUN = [
  {
    check: 'AvailableSecurityFixesGlobalCheck',
    reason: "Downloads Electron's release list from GitHub, which an offline test cannot; version checks use node_modules/electron's version.",
  },
];

/** What is scanned: project path → where it goes in the staging folder (the scanner reads only .js/.ts/.html/package.json). */
function stagedInputs() {
  const inputs = [
    ['out/main/electron.cjs', 'out/main/electron.js'],
    ['package.json', 'package.json'],
  ];
  for (const file of readdirSync(path.join(root, 'out/preload')).filter((f) => f.endsWith('.cjs'))) {
    inputs.push([`out/preload/${file}`, `out/preload/${file.replace(/\.cjs$/, '.js')}`]);
  }
  for (const file of walk(path.join(root, 'out/renderer')).filter((f) => /\.(html|js)$/.test(f))) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    inputs.push([relative, relative]);
  }
  // Tests construct stub windows and never ship.
  for (const file of readdirSync(path.join(root, 'main/electron')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    inputs.push([`main/electron/${file}`, `main/electron/${file}`]);
  }
  return inputs;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/**
 * Electronegativity fetches translations (S3) and Electron's release list (GitHub) with `got`. An
 * `got` that always answers "offline" keeps the run local, quick and the same on every machine.
 */
function keepScannerOffline() {
  const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = scannerRequire.resolve('got');
  const offline = () => Promise.reject(new Error('Watchdog runs Electronegativity offline.'));
  offline.head = offline;
  offline.get = offline;
  const stub = new Module(gotPath);
  Object.assign(stub, { filename: gotPath, loaded: true, exports: offline });
  require.cache[gotPath] = stub;
}

/** The scanner logs its failed translation download to stdout; that line is expected, not news. */
async function quietly(run) {
  const log = console.log;
  console.log = (...args) => {
    if (!/Could not retrieve updated translations/.test(String(args[0]))) log(...args);
  };
  try {
    return await run();
  } finally {
    console.log = log;
  }
}

async function scan() {
  for (const required of ['out/main/electron.cjs', 'out/preload', 'out/renderer/index.html']) {
    if (!existsSync(path.join(root, required))) {
      throw new Error(`${required} is missing: run "npm run build" first.`);
    }
  }
  const stage = mkdtempSync(path.join(os.tmpdir(), 'watchdog-electronegativity-'));
  const projectName = new Map();
  try {
    for (const [from, to] of stagedInputs()) {
      mkdirSync(path.dirname(path.join(stage, to)), { recursive: true });
      if (from.startsWith('out/') && /\.(c?js)$/.test(from)) {
        // The scanner's parsers predate ES2022 class fields (our bundles use #private), so it reads an
        // ES2020 rendering of the same code; line numbers in a bundle refer to that rendering.
        const { code } = transformSync(readFileSync(path.join(root, from), 'utf8'), { loader: 'js', target: 'es2020' });
        writeFileSync(path.join(stage, to), code);
      } else {
        copyFileSync(path.join(root, from), path.join(stage, to));
      }
      projectName.set(to, from);
    }
    keepScannerOffline();
    const electronegativity = require('@doyensec/electronegativity');
    const result = await quietly(() =>
      electronegativity({
        input: stage,
        isRelative: true,
        // The version the lock file installs, so version-dependent checks need no network.
        electronVersionOverride: JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version,
        excludeFromScan: NOT_RUN.map((entry) => entry.check),
      }),
    );
    const rename = (file) => projectName.get(file.split(path.sep).join('/')) ?? file;
    return {
      checks: result.globalChecks + result.atomicChecks,
      files: projectName.size,
      annotations: [...projectName.values()].flatMap(annotationsIn),
      issues: result.issues.map((issue) => ({ ...issue, file: rename(issue.file) })),
      errors: result.errors.map((error) => ({ ...error, file: rename(path.relative(stage, error.file)) })),
    };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** `eng-disable` comments (the scanner hides what they name), listed so the table shows every accepted finding. */
function annotationsIn(file) {
  if (file.startsWith('out/')) return [];
  return readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      const match = /(?:\/\/|\/\*|<!--)[ \t]*eng-disable[ \t]+([\w \t]+)/.exec(text);
      return match ? [{ file, line: index + 1, checks: match[1].trim().split(/[ \t]+/) }] : [];
    });
}

function justificationFor(issue) {
  return JUSTIFIED.find(
    (entry) => entry.check === issue.id && entry.file === issue.file && String(issue.sample ?? '').includes(entry.sample ?? ''),
  );
}

function printTable(rows) {
  const headers = ['', 'check', 'severity / confidence', 'where', 'why'];
  const widths = headers.map((header, i) => Math.min(48, Math.max(header.length, ...rows.map((row) => row[i].length))));
  const line = (cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  console.log(line(headers));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const started = performance.now();
  const { checks, files, annotations, issues, errors } = await scan();
  const unparsed = errors.filter((error) => !error.tolerable);
  const rows = issues.map((issue) => {
    const justified = justificationFor(issue);
    return [
      justified ? 'justified' : 'FINDING',
      issue.id,
      `${issue.severity.name} / ${issue.confidence.name}`,
      issue.file === 'N/A' ? '(whole app)' : `${issue.file}:${issue.location.line}`,
      justified ? justified.reason : `${issue.description} ${issue.shortenedURL ?? ''}`.trim(),
    ];
  });
  for (const annotation of annotations) {
    for (const check of annotation.checks) {
      rows.push(['annotated', check, '-', `${annotation.file}:${annotation.line}`, 'eng-disable in the source; the reason is the comment there']);
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Electronegativity: ${checks} checks over ${files} files in ${seconds} s.`);
  for (const entry of NOT_RUN) console.log(`Not run: ${entry.check}. ${entry.reason}`);
  if (rows.length > 0) printTable(rows);
  for (const entry of JUSTIFIED.filter((entry) => !issues.some((issue) => justificationFor(issue) === entry))) {
    console.log(`Note: the justification for ${entry.check} in ${entry.file} matched nothing; remove it if the finding is gone.`);
  }
  for (const error of unparsed) console.error(`Could not scan ${error.file}: ${error.message}`);
  const open = rows.filter((row) => row[0] === 'FINDING').length;
  if (unparsed.length > 0) {
    console.error('Electronegativity could not read every file, so the scan is incomplete.');
    process.exit(2);
  }
  if (open > 0) {
    console.error(`${open} finding(s) neither fixed nor justified: fix them, or justify them (docs/electron-security.md).`);
    process.exit(1);
  }
  console.log(`No open findings (${rows.length} accepted: justified here or annotated in the source).`);
}

main().catch((error) => {
  console.error(`Electronegativity could not run: ${error.message}`);
  process.exit(2);
});
