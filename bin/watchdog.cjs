#!/usr/bin/env node
// The `watchdog` command: runs the bundled CLI, or says how to build it.
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error('watchdog: the CLI has not been built yet; run `npm run build` in the Watchdog folder first.');
  process.exit(1);
}
require(cli);
