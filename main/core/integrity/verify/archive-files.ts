import { hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import { manifestFileName, manifestText, parseManifest, type SignedManifest } from '../../retention/manifest';
import { checkSegmentFile, type SegmentRecord } from '../../retention/reader';
import { segmentLines, type ArchivedLine } from '../../retention/segment-file';
import { chainedText, contentHash, GENESIS_HASH } from '../../store/canonical';
import type { Db } from '../../store/database';
import { hashReader } from '../../store/tombstones';
import { leafHash, MerkleFrontier } from '../merkle';
import { segmentName, segmentProblem, type ArchiveProblem } from './archives';
import type { VerifyPlan } from './plan';

const TOMBSTONE_PAGE = 8192;
const n = (x: number) => x.toLocaleString('en-US');

/**
 * The segment files themselves (`--archive DIR`), one after another on this thread (streamed, so
 * memory stays bounded): present, SHA-256 and signature as the manifest says, and every line
 * recomputed — its content and chain hash (canonical.ts), its link to the event before it, its
 * hash equal to its tombstone — and the Merkle root of the lines equal to the manifest's.
 * Segments whose record already failed (`skip`) are not read.
 */
export async function checkSegmentFiles(db: Db, plan: VerifyPlan, dir: string, skip: ReadonlySet<number>, signal?: AbortSignal): Promise<ArchiveProblem[]> {
  const problems: ArchiveProblem[] = [];
  for (const segment of plan.segments) {
    if (skip.has(segment.id)) continue;
    if (signal?.aborted) throw new AppError('CANCELLED', 'Verification was cancelled; nothing was concluded.');
    const problem = await checkFile(db, plan, dir, segment);
    if (problem) problems.push(problem);
  }
  return problems;
}

async function checkFile(db: Db, plan: VerifyPlan, dir: string, s: SegmentRecord): Promise<ArchiveProblem | null> {
  const file = await checkSegmentFile(dir, s, plan.keys);
  if (!file.ok && file.reason === 'archive_missing') return segmentProblem(s, 'archive_missing', file.message, null);
  if (!fs.existsSync(path.join(dir, manifestFileName(s.file)))) {
    return segmentProblem(s, 'archive_missing', `${segmentName(s)}: its manifest file (${manifestFileName(s.file)}) is missing from ${dir}.`, null, { seqs: [] });
  }
  if (!manifestFileHolds(dir, s)) {
    return segmentProblem(s, 'archive_mismatch', `${segmentName(s)}: its manifest file differs from the log’s record of it (forged or damaged).`, null, { seqs: [] });
  }
  const tombstones = tombstonesOf(db, s);
  const hashOf = hashReader(db);
  let tomb = tombstones.next().value;
  const bad: number[] = [];
  const tree = new MerkleFrontier();
  let prev: ArchivedLine | null = null;
  /** The last tombstone matched to a line: the log's own hash of that event, which the next one must link to. */
  let held: [number, string] | undefined;
  let unreadable: string | null = null;
  try {
    for await (const text of segmentLines(path.join(dir, s.file))) {
      const line = parse(text);
      if (!line) {
        unreadable = `a line is not an archived event (after event #${prev ? n(prev.seq) : 'none'})`;
        break;
      }
      // Tombstones with no line: those events are not in the file.
      while (tomb && tomb[0] < line.seq) {
        bad.push(tomb[0]);
        tomb = tombstones.next().value;
      }
      if (tomb?.[0] === line.seq) {
        if (!lineHolds(line, tomb[1], held, hashOf)) bad.push(line.seq);
        held = tomb;
        tomb = tombstones.next().value;
      } else {
        bad.push(line.seq);
      }
      tree.append(leafHash(Buffer.from(line.hash, 'hex')));
      prev = line;
    }
  } catch (error) {
    unreadable = `it cannot be read (${(error as Error).message})`;
  }
  for (; tomb; tomb = tombstones.next().value) bad.push(tomb[0]);
  bad.sort((a, b) => a - b);
  const first = bad[0] ?? null;
  const rootDiffers = !unreadable && bad.length === 0 && tree.root().toString('hex') !== parseManifest(s.manifest)?.merkleRoot;
  if (bad.length === 0 && !unreadable && file.ok && !rootDiffers) return null;
  const name = segmentName(s);
  const message = unreadable
    ? `${name}: ${unreadable}.`
    : first !== null
      ? `${name}: event #${n(first)} in it is not the event the log recorded (${n(bad.length)} ${bad.length === 1 ? 'event differs' : 'events differ'}).`
      : !file.ok
        ? file.message
        : `${name}: the Merkle root of its events differs from its signed manifest’s.`;
  return segmentProblem(s, 'archive_mismatch', message, first, { seqs: bad });
}

/** The manifest beside the segment (what an auditor with the archive alone checks) says what the database says. */
function manifestFileHolds(dir: string, s: SegmentRecord): boolean {
  try {
    const { signature, ...fields } = JSON.parse(fs.readFileSync(path.join(dir, manifestFileName(s.file)), 'utf8')) as SignedManifest;
    return manifestText(fields) === s.manifest && Buffer.from(String(signature), 'base64').equals(s.signature);
  } catch {
    return false;
  }
}

function parse(text: string): ArchivedLine | null {
  try {
    const line = JSON.parse(text) as ArchivedLine;
    return line && Number.isSafeInteger(line.seq) && typeof line.hash === 'string' && /^[0-9a-f]{64}$/.test(line.hash) ? line : null;
  } catch {
    return null;
  }
}

/**
 * The line's content and place hash to its own hash, which is its tombstone's, and it links to the
 * log's hash of the event before it (that event's tombstone, or the event the database kept).
 */
function lineHolds(line: ArchivedLine, tombstoneHex: string, previous: [number, string] | undefined, hashOf: (seq: number) => Buffer | undefined): boolean {
  try {
    const link = previous?.[0] === line.seq - 1 ? previous[1] : (line.seq === 1 ? GENESIS_HASH : hashOf(line.seq - 1))?.toString('hex');
    if (line.hash !== tombstoneHex || line.prev_hash !== link || Date.parse(line.ts) !== line.ts_ms || typeof line.details !== 'string') return false;
    return hash('sha256', chainedText(line.seq, contentHash(line, line.details), line.received_at, line.prev_hash), 'hex') === line.hash;
  } catch {
    return false;
  }
}

/** The segment's tombstones in seq order, paged: [seq, hash hex]. */
function* tombstonesOf(db: Db, s: SegmentRecord): Generator<[number, string], undefined> {
  const page = db.prepare('SELECT seq, lower(hex(hash)) FROM archived_events WHERE seq > ? AND seq <= ? AND segment_id = ? ORDER BY seq LIMIT ?').raw();
  for (let after = s.firstSeq - 1; ; ) {
    const rows = page.all(after, s.lastSeq, s.id, TOMBSTONE_PAGE) as [number, string][];
    yield* rows;
    if (rows.length < TOMBSTONE_PAGE) return;
    after = (rows[rows.length - 1] as [number, string])[0];
  }
}
