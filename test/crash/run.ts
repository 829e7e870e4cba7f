/**
 * `npm run test:crash [-- --kills 200 --seed 12345]`: the full crash run. Prints every kill and a
 * summary (kills, events acknowledged, events found, failures) and exits 1 on any failure, leaving the
 * evidence (the file as the crash left it, the child's acknowledgements, the problems) in its folder.
 */
import { tempDir } from '../../main/core/store/test-helpers';
import { formatSummary, runCrashKills } from './harness';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

const kills = Number(option('kills') ?? process.env.CRASH_KILLS ?? 200);
const seed = Number(option('seed') ?? process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run test:crash -- [--kills N] [--seed S]');
  process.exit(2);
}

const tmp = tempDir('watchdog-crash-');
const summary = await runCrashKills({ kills, seed, dir: tmp.dir, log: (line) => console.log(line) });
console.log(`\n${formatSummary(summary)}`);
if (summary.failures.length) {
  console.log(`evidence kept in ${tmp.dir}`);
  process.exit(1);
}
tmp.cleanup();
