/**
 * Crash harness: starts writer-child.ts, kills it with SIGKILL (at a random time after it began
 * acknowledging batches, or at chosen hard points: inside a group commit, inside a WAL checkpoint,
 * while it reopens the file the previous crash left), then checks the file with checkAfterCrash.
 * Some runs reuse the previous run's file, so the log grows across crashes and the batches in flight
 * at one crash are sent again by the next run; others start on a fresh file.
 *
 * Every choice comes from a seeded generator (the seed is printed), so a failing schedule can be run
 * again; the exact instant of a SIGKILL from outside cannot be replayed, the schedule can.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../main/core/demo/rng';
import { AuditStore } from '../../main/core/store';
import { sampleBatch } from '../../main/core/store/test-helpers';
import { checkAfterCrash } from './check';
import { parseIdList, type ChildConfig, type KillMode, type RetryBatch } from './protocol';

/** Production files are encrypted: the crash runs use a fixed 32-byte key. */
export const CRASH_KEY = Buffer.from('c7a5f0e1d2b3a4958677e8f9a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3', 'hex');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const CHILD = path.join(HERE, 'writer-child.ts');

export type Landing = 'open' | 'commit' | 'checkpoint' | 'between';

export interface RunOptions {
  kills: number;
  seed: number;
  /** Working folder (files, acknowledgement logs, evidence of failures); must exist. */
  dir: string;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Stop at the first failure (default: go on, a failure leaves its evidence in dir). */
  stopOnFailure?: boolean;
}

export interface KillResult {
  iteration: number;
  file: string;
  fresh: boolean;
  mode: KillMode;
  walAutocheckpoint: number | null;
  /** timed: ms after the first acknowledgement; commit/checkpoint: ms before arming; open: µs into the open. */
  delay: number;
  landed: Landing;
  /** The child outlived its self-kill and the harness killed it. */
  fallbackKill: boolean;
  batchesAcknowledged: number;
  /** Distinct event_ids this run acknowledged. */
  eventsAcknowledged: number;
  /** New events in the file since the run began. */
  eventsFound: number;
  /** Events in the file after the check. */
  eventsInFile: number;
  /** Events in the file that no run has acknowledged (yet): committed, but the kill came before the ack. */
  durableUnacknowledged: number;
  inFlightBatches: number;
  problems: string[];
  ms: number;
}

export interface Summary {
  seed: number;
  kills: number;
  eventsAcknowledged: number;
  eventsFound: number;
  failures: KillResult[];
  landed: Record<Landing, number>;
  modes: Record<KillMode, number>;
  /** Kills inside a commit while wal_autocheckpoint was at most 64 pages (nearly every commit then checkpoints). */
  commitKillsWithSmallAutocheckpoint: number;
  fallbackKills: number;
  largestFile: number;
  /** The most events found committed but not acknowledged after one kill. */
  maxDurableUnacknowledged: number;
  ms: number;
  results: KillResult[];
}

interface FileState {
  file: string;
  acknowledged: Set<string>;
  refused: Set<string>;
  retry: RetryBatch[];
  events: number;
  runs: number;
}

export async function runCrashKills(options: RunOptions): Promise<Summary> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  log(`crash harness: seed ${options.seed}, ${options.kills} kills, in ${options.dir}`);
  const results: KillResult[] = [];
  let state: FileState | null = null;
  let files = 0;
  let lastOpenUs = 60_000;
  for (let iteration = 0; iteration < options.kills; iteration++) {
    const rng = new Rng(options.seed, [iteration, 1]);
    const fresh = state === null || state.runs >= 8 || rng.chance(0.3);
    if (fresh || state === null) {
      if (state) removeDb(state.file);
      state = { file: path.join(options.dir, `log-${files++}.db`), acknowledged: new Set(), refused: new Set(), retry: [], events: 0, runs: 0 };
    }
    const mode = rng.weighted<KillMode>([
      ['timed', 50],
      ['commit', 20],
      ['checkpoint', 20],
      ['open', fresh ? 0 : 10],
    ]);
    const config: ChildConfig = {
      file: state.file,
      keyHex: CRASH_KEY.toString('hex'),
      ackFile: path.join(options.dir, `ack-${iteration}.log`),
      seed: options.seed,
      iteration,
      walAutocheckpoint: rng.chance(0.5) ? null : rng.pick([4, 16, 64, 256, 1000]),
      submitters: rng.int(2, 8),
      workers: rng.int(1, 2),
      kill: mode,
      armAfterMs: rng.int(50, 1500),
      openKillUs: rng.int(0, Math.round(lastOpenUs * 1.2)),
      retry: state.retry,
      maxRunMs: 60_000,
    };
    const result = await killOnce(config, state, fresh, options.dir);
    results.push(result);
    lastOpenUs = result.openUs ?? lastOpenUs;
    log(describe(result));
    if (result.problems.length && options.stopOnFailure) break;
    if (result.problems.length) state = null;
  }
  if (state) removeDb(state.file);
  return summarize(options.seed, results, performance.now() - started);
}

async function killOnce(config: ChildConfig, state: FileState, fresh: boolean, dir: string): Promise<KillResult & { openUs?: number }> {
  const started = performance.now();
  const configFile = path.join(dir, `config-${config.iteration}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config));
  const eventsBefore = state.events;
  const problems: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configFile], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<boolean>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(true);
    });
    void exited.then(() => resolve(false));
  });

  let delay = config.armAfterMs;
  let fallbackKill = false;
  if (config.kill === 'timed') {
    const wasReady = await Promise.race([ready, sleep(30_000).then(() => false)]);
    if (wasReady) await sleep(delay);
    else problems.push('the child acknowledged nothing within 30 s');
    child.kill('SIGKILL');
  } else {
    if (config.kill === 'open') delay = config.openKillUs;
    // The child kills itself; if it has not within the time it had, the harness does.
    const limit = config.kill === 'open' ? 15_000 : 30_000 + config.armAfterMs;
    const outcome = await Promise.race([exited.then(() => 'exited'), sleep(limit).then(() => 'late')]);
    if (outcome === 'late') {
      fallbackKill = true;
      child.kill('SIGKILL');
    }
  }
  const { code, signal } = await exited;
  child.stdin.destroy();
  if (signal !== 'SIGKILL') problems.push(`the child ended with ${signal ?? `exit code ${code}`} instead of SIGKILL: ${stderr.trim().slice(-1500)}`);

  const acks = readAcks(config.ackFile);
  problems.push(...acks.errors.map((e) => `the child reported: ${e}`));
  for (const id of acks.acknowledged) state.acknowledged.add(id);
  for (const id of acks.refused) state.refused.add(id);

  // Keep the file exactly as the crash left it until the check has passed.
  const evidence = path.join(dir, `evidence-${config.iteration}`);
  copyDb(state.file, evidence);
  const check = checkAfterCrash(state.file, CRASH_KEY, state.acknowledged, { refused: state.refused, inFlight: acks.inFlight });
  problems.push(...check.problems);
  state.events = check.events;
  state.runs += 1;
  // Batches to send again: those in flight now, and earlier ones this run died before sending.
  const unsent = state.retry.filter((batch) => !acks.submitted.has(batch.ids[0] as string));
  state.retry = [...unsent, ...acks.inFlight.map((ids, i) => ({ ids, stored: check.inFlightStored[i] ?? false }))];

  if (problems.length) {
    fs.writeFileSync(path.join(evidence, 'problems.txt'), `${problems.join('\n')}\n\nchild stderr:\n${stderr}\n`);
    fs.copyFileSync(config.ackFile, path.join(evidence, path.basename(config.ackFile)));
    fs.copyFileSync(configFile, path.join(evidence, path.basename(configFile)));
  } else {
    fs.rmSync(evidence, { recursive: true, force: true });
  }
  fs.rmSync(config.ackFile, { force: true });
  fs.rmSync(configFile, { force: true });
  return {
    iteration: config.iteration,
    file: path.basename(state.file),
    fresh,
    mode: config.kill,
    walAutocheckpoint: config.walAutocheckpoint,
    delay,
    landed: acks.landed,
    fallbackKill,
    batchesAcknowledged: acks.batches,
    eventsAcknowledged: acks.acknowledged.size,
    eventsFound: check.events - eventsBefore,
    eventsInFile: check.events,
    durableUnacknowledged: check.events - state.acknowledged.size,
    inFlightBatches: acks.inFlight.length,
    problems,
    ms: Math.round(performance.now() - started),
    openUs: acks.openUs,
  };
}

interface Acks {
  acknowledged: Set<string>;
  /** The first new event_id of every batch submitted (B line). */
  submitted: Set<string>;
  refused: Set<string>;
  inFlight: string[][];
  batches: number;
  errors: string[];
  landed: Landing;
  openUs?: number;
}

/** Reads the child's acknowledgement file; a last line cut by the kill (no newline) was not written. */
export function readAcks(file: string): Acks {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const lines = text.split('\n').slice(0, -1);
  const submitted = new Map<string, string[]>();
  const acks: Acks = { acknowledged: new Set(), submitted: new Set(), refused: new Set(), inFlight: [], batches: 0, errors: [], landed: 'between' };
  let inOpen = false;
  let inCommit = false;
  let inCheckpoint = false;
  for (const line of lines) {
    const [tag, n, a, , c] = line.split(' ');
    switch (tag) {
      case 'B': {
        const fresh = parseIdList(a);
        submitted.set(n as string, fresh);
        if (fresh[0]) acks.submitted.add(fresh[0]);
        break;
      }
      case 'A':
        submitted.delete(n as string);
        acks.batches += 1;
        for (const id of parseIdList(c)) acks.acknowledged.add(id);
        break;
      case 'R':
        for (const id of submitted.get(n as string) ?? []) acks.refused.add(id);
        submitted.delete(n as string);
        break;
      case 'E':
        acks.errors.push(line.slice(2));
        break;
      case 'O':
        inOpen = true;
        break;
      case 'o':
        inOpen = false;
        acks.openUs = Number(n);
        break;
      case 'G':
        inCommit = true;
        break;
      case 'g':
        inCommit = false;
        break;
      case 'C':
        inCheckpoint = true;
        break;
      case 'c':
        inCheckpoint = false;
        break;
    }
  }
  acks.inFlight = [...submitted.values()].filter((ids) => ids.length > 0);
  acks.landed = inOpen ? 'open' : inCheckpoint ? 'checkpoint' : inCommit ? 'commit' : 'between';
  return acks;
}

function summarize(seed: number, results: KillResult[], ms: number): Summary {
  const landed: Record<Landing, number> = { open: 0, commit: 0, checkpoint: 0, between: 0 };
  const modes: Record<KillMode, number> = { timed: 0, commit: 0, checkpoint: 0, open: 0, encrypt: 0, rotate: 0 };
  for (const r of results) {
    landed[r.landed] += 1;
    modes[r.mode] += 1;
  }
  return {
    seed,
    kills: results.length,
    eventsAcknowledged: results.reduce((n, r) => n + r.eventsAcknowledged, 0),
    eventsFound: results.reduce((n, r) => n + r.eventsFound, 0),
    failures: results.filter((r) => r.problems.length > 0),
    landed,
    modes,
    commitKillsWithSmallAutocheckpoint: results.filter((r) => r.landed === 'commit' && r.walAutocheckpoint !== null && r.walAutocheckpoint <= 64).length,
    fallbackKills: results.filter((r) => r.fallbackKill).length,
    largestFile: Math.max(0, ...results.map((r) => r.eventsInFile)),
    maxDurableUnacknowledged: Math.max(0, ...results.map((r) => r.durableUnacknowledged)),
    ms: Math.round(ms),
    results,
  };
}

function describe(r: KillResult): string {
  const wal = r.walAutocheckpoint === null ? 'default' : String(r.walAutocheckpoint);
  const head =
    `#${r.iteration} ${r.file}${r.fresh ? ' (fresh)' : ''} kill=${r.mode} delay=${r.delay}${r.mode === 'open' ? 'µs' : 'ms'} ` +
    `wal_autocheckpoint=${wal} landed=${r.landed}${r.fallbackKill ? ' (fallback kill)' : ''}: ` +
    `${r.batchesAcknowledged} batches / ${r.eventsAcknowledged} events acknowledged, +${r.eventsFound} found (${r.eventsInFile} in file), ` +
    `${r.inFlightBatches} in flight, ${r.durableUnacknowledged} durable unacknowledged, ${r.ms} ms`;
  return r.problems.length ? `${head}\n  FAILED: ${r.problems.join('\n  FAILED: ')}` : `${head} ok`;
}

export function formatSummary(s: Summary): string {
  const lines = [
    `seed ${s.seed}: ${s.kills} kills in ${(s.ms / 1000).toFixed(1)} s`,
    `  events acknowledged: ${s.eventsAcknowledged.toLocaleString('en-US')}, events found: ${s.eventsFound.toLocaleString('en-US')} (largest file ${s.largestFile.toLocaleString('en-US')} events; at most ${s.maxDurableUnacknowledged} events committed but not yet acknowledged at a kill)`,
    `  kill modes: ${Object.entries(s.modes).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  landed: ${Object.entries(s.landed).map(([k, v]) => `${k} ${v}`).join(', ')}; in a commit with wal_autocheckpoint <= 64: ${s.commitKillsWithSmallAutocheckpoint}; fallback kills: ${s.fallbackKills}`,
    `  failures: ${s.failures.length}`,
    ...s.failures.map((f) => `    #${f.iteration} (${f.mode}, landed ${f.landed}): ${f.problems.join(' | ')}`),
  ];
  if (s.failures.length) lines.push(`  reproduce the schedule: npm run test:crash -- --seed ${s.seed} --kills ${s.kills}`);
  return lines.join('\n');
}

export interface RekeyCrash {
  /** The file as the kill left it; `image` is a copy of it with its journal, as the kill left them. */
  file: string;
  image: string;
  /** The kill landed where it was meant to: page 1 re-encrypted on disk, the rollback journal still there. */
  landed: boolean;
  /** The events in the file before the child opened it. */
  stored: string[];
  /** The key the file had (null: plain) and the one it was being given. */
  oldKey: Buffer | null;
  newKey: Buffer;
  stderr: string;
}

/** The key a file has before the crash harness re-keys it to CRASH_KEY (mode 'rotate'). */
export const OLD_KEY = Buffer.from('0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed', 'hex');

/**
 * A log of `events` events is re-encrypted by a writer child, which is killed in the middle of
 * writing the re-encrypted pages: 'encrypt', a plain file from before encryption at its first keyed
 * open; 'rotate', an encrypted file given a new key (AuditStore.rekey).
 */
export async function killDuringRekey(dir: string, kind: 'encrypt' | 'rotate', events = 3000): Promise<RekeyCrash> {
  const file = path.join(dir, `${kind}.db`);
  const oldKey = kind === 'rotate' ? OLD_KEY : null;
  const before = AuditStore.open(file, oldKey ? { key: oldKey } : {});
  const stored: string[] = [];
  for (let from = 0; from < events; from += 1000) {
    const batch = sampleBatch(from, Math.min(1000, events - from));
    before.append(batch);
    stored.push(...batch.map((e) => e.event_id));
  }
  before.close();
  const config: ChildConfig = {
    file,
    keyHex: (oldKey ?? CRASH_KEY).toString('hex'),
    ackFile: path.join(dir, `ack-${kind}.log`),
    seed: 1,
    iteration: 0,
    walAutocheckpoint: null,
    submitters: 1,
    workers: 1,
    kill: kind,
    armAfterMs: 0,
    openKillUs: 0,
    retry: [],
    rotateToHex: CRASH_KEY.toString('hex'),
    maxRunMs: 30_000,
  };
  const configFile = path.join(dir, `config-${kind}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config));
  const header = readHeader(file);
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configFile], { cwd: REPO, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  child.stdin.destroy();
  // The kill landed mid-copy: the re-encrypted copy exists and the file itself is as it was.
  const landed = fs.existsSync(`${file}.rekey-tmp`) && readHeader(file).equals(header);
  const image = path.join(dir, `${kind}-image`);
  copyDb(file, image);
  if (fs.existsSync(`${file}-journal`)) fs.copyFileSync(`${file}-journal`, path.join(image, `${path.basename(file)}-journal`));
  const acks = readAcks(config.ackFile);
  return { file, image: path.join(image, path.basename(file)), landed, stored, oldKey, newKey: CRASH_KEY, stderr: [stderr, ...acks.errors].join('\n') };
}

/** A copy of a crash image (database and journal) in a new folder; the copy's database file. */
export function copyImage(image: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  for (const name of fs.readdirSync(path.dirname(image))) {
    if (name.startsWith(path.basename(image))) fs.copyFileSync(path.join(path.dirname(image), name), path.join(into, name));
  }
  return path.join(into, path.basename(image));
}

function readHeader(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    return head;
  } finally {
    fs.closeSync(fd);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function copyDb(file: string, into: string): void {
  fs.mkdirSync(into, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, path.join(into, path.basename(file) + suffix));
  }
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}
