import { verify, type KeyObject } from 'node:crypto';
import { AppError } from '../api/errors';
import { chainHash, type ChainedFields } from '../store/canonical';
import type { Db } from '../store/database';
import { checkpointText, fingerprintOf, publicKeyFromRaw, type Checkpoint } from './checkpoint';
import { checkpointFromJson, checkpointToJson, CheckpointStore, type CheckpointJson } from './checkpoint-store';
import { introducedKeys } from './key-events';
import { leafHash } from './merkle';
import { inclusionProof, verifyInclusion } from './merkle-proofs';
import { TreeStore } from './tree-store';
import { findArchivedLine } from '../retention/reader';

/**
 * Inclusion proofs: one event, shown to be leaf `seq − 1` of the Merkle tree a signed checkpoint
 * names, in a JSON document that needs no database to check (docs/verification.md, "Inclusion
 * proofs"; scripts/verify-proof.mjs checks it with Node alone).
 *
 * The document carries the event's stored fields (from which its content and chain hash are
 * recomputed), the RFC 6962 audit path, the checkpoint, and the raw public key that signed it.
 */
export const PROOF_FORMAT = 'watchdog-inclusion-proof/1';

/** An event as the proof carries it: every chained column, then prev_hash and hash as lower-case hex. */
export interface ProofEvent extends ChainedFields {
  prev_hash: string;
  hash: string;
}

export interface InclusionProofDoc {
  format: typeof PROOF_FORMAT;
  event: ProofEvent;
  /** The event's leaf in the tree: seq − 1. */
  leafIndex: number;
  /** The tree the proof is for: the checkpoint's tree size. */
  treeSize: number;
  /** RFC 6962 PATH, leaf side first, lower-case hex. */
  proof: string[];
  checkpoint: CheckpointJson;
  /** The signing key's raw 32 bytes, lower-case hex; its SHA-256 is the checkpoint's key fingerprint. */
  publicKey: string;
}

export type ProofFailure = 'bad_format' | 'content_mismatch' | 'not_included' | 'bad_signature' | 'untrusted_key';

export type ProofCheck = { ok: true; message: string } | { ok: false; reason: ProofFailure; message: string };

export interface ProofRef {
  eventId?: string;
  seq?: number;
}

/** The events columns the hash chain covers, in row order (ts_ms is an index copy of ts, not chained). */
const EVENT_SQL = `SELECT seq, event_id, ts, store_id, terminal_id, user_id, user_role, session_id, action, category,
  resource_type, resource_id, status, error_details, level, ip_address, user_agent, amount_minor, currency, details,
  received_at, prev_hash, hash FROM events`;

type EventRow = ChainedFields & { prev_hash: Buffer; hash: Buffer };

/**
 * Proves one event against the latest checkpoint that covers it. Reads the event, the checkpoint,
 * the key events and the audit path: O(log n) stored Merkle nodes plus at most 256 leaf hashes.
 * The finished document is checked before it is returned, so a database that disagrees with its own
 * checkpoint gives an error here rather than a proof that fails elsewhere.
 */
export function proveEvent(db: Db, ref: ProofRef): InclusionProofDoc {
  return proveRow(db, findEvent(db, ref));
}

/**
 * The same for an event retention moved to an archive segment: its fields come from the segment (read
 * only after its SHA-256 and signed manifest check out), its leaf from the tombstone the database
 * keeps, so the proof is the same document an event still in the database gets.
 */
export async function proveArchivedEvent(db: Db, archiveDir: string, ref: ProofRef): Promise<InclusionProofDoc> {
  const line = await findArchivedLine(db, archiveDir, ref);
  if (!line) {
    const name = ref.eventId !== undefined ? `event ${ref.eventId}` : `event #${ref.seq}`;
    throw new AppError('NOT_FOUND', `No ${name} in this log, nor in its archives in ${archiveDir}.`);
  }
  const { ts_ms: _tsMs, prev_hash, hash, ...fields } = line;
  return proveRow(db, { ...fields, prev_hash: Buffer.from(prev_hash, 'hex'), hash: Buffer.from(hash, 'hex') });
}

function proveRow(db: Db, row: EventRow): InclusionProofDoc {
  const checkpoints = new CheckpointStore(db);
  const signed = checkpoints.latestCovering(row.seq);
  if (!signed) {
    throw new AppError(
      'NOT_FOUND',
      `Event ${row.event_id} (#${row.seq}) is newer than the latest checkpoint, so no signed tree covers it yet. ` +
        `A checkpoint is written every ${checkpoints.every.toLocaleString('en-US')} events, or on demand: prove it after the next one.`,
    );
  }
  const { id: _id, reason: _reason, ...checkpoint } = signed;
  const key = introducedKeys(db).get(checkpoint.keyFingerprint);
  if (!key) {
    throw new AppError(
      'UNAVAILABLE',
      `Checkpoint ${checkpoint.treeSize} is signed by key ${checkpoint.keyFingerprint.slice(0, 16)}…, which no key event in this log introduced. Run \`watchdog verify\`.`,
    );
  }
  const path = inclusionProof(row.seq - 1, checkpoint.treeSize, new TreeStore(db));
  const { prev_hash, hash, ...fields } = row;
  const doc: InclusionProofDoc = {
    format: PROOF_FORMAT,
    event: { ...fields, prev_hash: prev_hash.toString('hex'), hash: hash.toString('hex') },
    leafIndex: row.seq - 1,
    treeSize: checkpoint.treeSize,
    proof: path.map((p) => p.toString('hex')),
    checkpoint: checkpointToJson(checkpoint),
    publicKey: key.publicKey.toString('hex'),
  };
  const check = checkProof(doc);
  if (!check.ok) {
    throw new AppError(
      'UNAVAILABLE',
      `This database does not agree with its own checkpoint ${checkpoint.treeSize} (${check.reason}: ${check.message}) Run \`watchdog verify\` to find out where.`,
    );
  }
  return doc;
}

function findEvent(db: Db, ref: ProofRef): EventRow {
  const { eventId, seq } = ref;
  if (eventId === undefined && seq === undefined) throw new AppError('BAD_INPUT', 'Name the event to prove: its event_id or its seq.');
  if (seq !== undefined && (!Number.isSafeInteger(seq) || seq < 1)) throw new AppError('BAD_INPUT', `A seq is a whole number ≥ 1, not ${seq}.`);
  const row = (
    eventId !== undefined ? db.prepare(`${EVENT_SQL} WHERE event_id = ?`).get(eventId) : db.prepare(`${EVENT_SQL} WHERE seq = ?`).get(seq)
  ) as EventRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', eventId !== undefined ? `No event ${eventId} in this log.` : `No event #${seq} in this log.`);
  if (eventId !== undefined && seq !== undefined && row.seq !== seq) {
    throw new AppError('BAD_INPUT', `Event ${eventId} is #${row.seq}, not #${seq}.`);
  }
  return row;
}

// ---- checking, with nothing but the document ----

const HEX32 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const REQUIRED_TEXT = ['event_id', 'ts', 'store_id', 'action', 'category', 'status', 'level', 'details', 'received_at'] as const;
const OPTIONAL_TEXT = [
  'terminal_id', 'user_id', 'user_role', 'session_id', 'resource_type', 'resource_id', 'error_details', 'ip_address', 'user_agent', 'currency',
] as const;
/** Exactly these keys: a field the hash does not cover has no place in what the proof vouches for. */
const EVENT_KEYS = new Set<string>(['seq', ...REQUIRED_TEXT, ...OPTIONAL_TEXT, 'amount_minor', 'prev_hash', 'hash']);
/** No audit path of a tree of at most 2^53 leaves is longer. */
const MAX_PATH = 64;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** What is wrong with the document's shape, or null. */
function formatProblem(doc: unknown): string | null {
  if (!isRecord(doc)) return 'a proof is a JSON object';
  if (doc.format !== PROOF_FORMAT) return `the format is ${JSON.stringify(doc.format)}, not "${PROOF_FORMAT}"`;
  const e = doc.event;
  if (!isRecord(e)) return 'the event is missing';
  const extra = Object.keys(e).find((k) => !EVENT_KEYS.has(k));
  if (extra !== undefined) return `the event has a field the hash does not cover: ${extra}`;
  if (!isCount(e.seq) || e.seq < 1) return 'event.seq is not a whole number ≥ 1';
  for (const k of REQUIRED_TEXT) if (typeof e[k] !== 'string') return `event.${k} is not text`;
  for (const k of OPTIONAL_TEXT) if (e[k] !== null && typeof e[k] !== 'string') return `event.${k} is neither text nor null`;
  if (e.amount_minor !== null && !(typeof e.amount_minor === 'number' && Number.isSafeInteger(e.amount_minor))) {
    return 'event.amount_minor is neither a whole number nor null';
  }
  if (typeof e.prev_hash !== 'string' || !HEX32.test(e.prev_hash)) return 'event.prev_hash is not 64 lower-case hex digits';
  if (typeof e.hash !== 'string' || !HEX32.test(e.hash)) return 'event.hash is not 64 lower-case hex digits';
  if (!isCount(doc.leafIndex)) return 'leafIndex is not a whole number';
  if (!isCount(doc.treeSize)) return 'treeSize is not a whole number';
  if (!Array.isArray(doc.proof) || doc.proof.length > MAX_PATH || !doc.proof.every((p) => typeof p === 'string' && HEX32.test(p))) {
    return `proof is not a list of at most ${MAX_PATH} hashes (64 lower-case hex digits each)`;
  }
  if (typeof doc.publicKey !== 'string' || !HEX32.test(doc.publicKey)) return 'publicKey is not 64 lower-case hex digits';
  const c = doc.checkpoint;
  if (!isRecord(c)) return 'the checkpoint is missing';
  if (typeof c.origin !== 'string' || c.origin.includes('\n')) return 'checkpoint.origin is not one line of text';
  if (!isCount(c.treeSize)) return 'checkpoint.treeSize is not a whole number';
  if (typeof c.rootHash !== 'string' || !HEX32.test(c.rootHash)) return 'checkpoint.rootHash is not 64 lower-case hex digits';
  if (typeof c.time !== 'string') return 'checkpoint.time is not text';
  if (typeof c.keyFingerprint !== 'string' || !HEX32.test(c.keyFingerprint)) return 'checkpoint.keyFingerprint is not 64 lower-case hex digits';
  if (typeof c.signature !== 'string' || !BASE64.test(c.signature)) return 'checkpoint.signature is not base64';
  return null;
}

/**
 * Checks a proof document with nothing else: the event's hashes from its fields, its leaf in the
 * checkpoint's tree, and the checkpoint's signature by the enclosed key — and, given `trustedKeys`
 * (key fingerprints, hex), that the key is one of them. Without them the answer means "consistent
 * and signed by the key it names"; who holds that key is for the reader to know. Never throws.
 */
export function checkProof(doc: unknown, options: { trustedKeys?: readonly string[] } = {}): ProofCheck {
  try {
    return check(doc, options.trustedKeys);
  } catch (error) {
    return { ok: false, reason: 'bad_format', message: `The document cannot be read as a proof: ${(error as Error).message}` };
  }
}

function check(doc: unknown, trustedKeys: readonly string[] | undefined): ProofCheck {
  const problem = formatProblem(doc);
  if (problem !== null) return { ok: false, reason: 'bad_format', message: `Not a Watchdog inclusion proof: ${problem}.` };
  const proofDoc = doc as InclusionProofDoc;
  const { event, leafIndex, treeSize } = proofDoc;
  // The id comes from whoever wrote the file: no control characters reach a terminal through a message.
  const name = `event ${event.event_id.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')} (#${event.seq})`;

  const recomputed = chainHash(event, Buffer.from(event.prev_hash, 'hex'));
  if (recomputed.toString('hex') !== event.hash) {
    return { ok: false, reason: 'content_mismatch', message: `The fields of ${name} do not hash to its hash ${event.hash.slice(0, 16)}…: the event was altered.` };
  }

  const checkpoint = checkpointFromJson(proofDoc.checkpoint);
  if (leafIndex !== event.seq - 1) {
    return { ok: false, reason: 'not_included', message: `Leaf ${leafIndex} is not the place of ${name}: event #n is leaf n − 1.` };
  }
  if (treeSize !== checkpoint.treeSize) {
    return { ok: false, reason: 'not_included', message: `The proof is for a tree of ${treeSize} events, but the checkpoint signs ${checkpoint.treeSize}.` };
  }
  const path = proofDoc.proof.map((p) => Buffer.from(p, 'hex'));
  if (!verifyInclusion(leafHash(Buffer.from(event.hash, 'hex')), leafIndex, treeSize, path, checkpoint.rootHash)) {
    return { ok: false, reason: 'not_included', message: `The audit path does not lead from ${name} to the root of checkpoint ${treeSize}.` };
  }

  const publicKey = Buffer.from(proofDoc.publicKey, 'hex');
  const fingerprint = fingerprintOf(publicKey);
  if (fingerprint !== checkpoint.keyFingerprint) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: `The checkpoint names key ${checkpoint.keyFingerprint.slice(0, 16)}…, but the enclosed public key is ${fingerprint.slice(0, 16)}….`,
    };
  }
  if (!signatureHolds(checkpoint, publicKey, fingerprint)) {
    return { ok: false, reason: 'bad_signature', message: `The signature of checkpoint ${treeSize} does not verify with key ${fingerprint.slice(0, 16)}….` };
  }
  if (trustedKeys !== undefined && !trustedKeys.some((k) => typeof k === 'string' && k.trim().toLowerCase() === fingerprint)) {
    return { ok: false, reason: 'untrusted_key', message: `Checkpoint ${treeSize} is validly signed, but by key ${fingerprint}, which is not a trusted key.` };
  }
  return { ok: true, message: `${name} is included in checkpoint ${treeSize} signed by ${fingerprint.slice(0, 16)}…` };
}

/**
 * Parsed public keys by fingerprint: building a KeyObject costs more than the Ed25519 verify itself,
 * and a log has only a handful of keys. Bounded, for a host that checks proofs from anywhere.
 */
const keyObjects = new Map<string, KeyObject>();
const MAX_KEY_OBJECTS = 32;

/** Ed25519 over the checkpoint text, as checkCheckpoint does it; false on any malformed input. */
function signatureHolds(checkpoint: Checkpoint, publicKey: Buffer, fingerprint: string): boolean {
  try {
    let keyObject = keyObjects.get(fingerprint);
    if (!keyObject) {
      keyObject = publicKeyFromRaw(publicKey);
      if (keyObjects.size >= MAX_KEY_OBJECTS) keyObjects.clear();
      keyObjects.set(fingerprint, keyObject);
    }
    return verify(null, Buffer.from(checkpointText(checkpoint), 'utf8'), keyObject, checkpoint.signature);
  } catch {
    return false;
  }
}
