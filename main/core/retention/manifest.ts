import { sign, verify } from 'node:crypto';
import { canonicalDetails } from '../store/canonical';
import { fingerprintOf, publicKeyFromRaw, type SigningKey } from '../integrity/checkpoint';

/**
 * The manifest of an archive segment: what the file holds (seq range, count, time span), its SHA-256,
 * the Merkle root of the archived events' chain hashes (RFC 6962, in seq order) and the checkpoint
 * that covered them when they were archived, signed with the device's Ed25519 key.
 *
 * The signed bytes are the manifest without `signature` as RFC 8785 canonical JSON (keys sorted, no
 * whitespace), UTF-8. The same text is kept in the database (`archive_segments.manifest`), and the
 * file `<segment>.manifest.json` beside the segment carries it with the signature in base64, so an
 * archive can be checked with the log's public key alone.
 */
export const ARCHIVE_FORMAT = 'watchdog-archive/1';

export interface ManifestFields {
  format: typeof ARCHIVE_FORMAT;
  /** Which log: the checkpoint origin, `watchdog/<store>/<device>`. */
  origin: string;
  /** The segment's file name (no folder: archives may move). */
  file: string;
  firstSeq: number;
  lastSeq: number;
  /** Events in the file (fewer than the seq range when events of that range were kept). */
  count: number;
  /** The earliest and latest event time in the file, ISO-8601 UTC. */
  firstTs: string;
  lastTs: string;
  /** SHA-256 of the compressed file, lower-case hex. */
  fileSha256: string;
  fileBytes: number;
  /** Bytes of the JSON Lines before compression: fileBytes / jsonBytes is the compression ratio. */
  jsonBytes: number;
  /** MTH over the archived events' chain hashes as leaves, in seq order, lower-case hex. */
  merkleRoot: string;
  /** The checkpoint that covered these events when they were archived. */
  checkpoint: { treeSize: number; rootHash: string };
  createdAt: string;
  keyFingerprint: string;
}

export interface SignedManifest extends ManifestFields {
  /** Ed25519 over manifestText(fields), base64. */
  signature: string;
}

/** The exact text that is signed (and stored in the database). */
export function manifestText(fields: ManifestFields): string {
  return canonicalDetails(fields);
}

export function signManifest(fields: Omit<ManifestFields, 'keyFingerprint'>, key: SigningKey): SignedManifest {
  const full: ManifestFields = { ...fields, keyFingerprint: key.fingerprint };
  const signature = sign(null, Buffer.from(manifestText(full), 'utf8'), key.privateKey);
  return { ...full, signature: signature.toString('base64') };
}

/** True when `signature` is a valid Ed25519 signature over `text` by this raw public key. Never throws. */
export function manifestSignatureValid(text: string, signature: Buffer, publicKey: Buffer, fingerprint: string): boolean {
  try {
    if (fingerprintOf(publicKey) !== fingerprint) return false;
    return verify(null, Buffer.from(text, 'utf8'), publicKeyFromRaw(publicKey), signature);
  } catch {
    return false;
  }
}

/** The manifest text as fields, or null when it is not one (wrong shape or format). */
export function parseManifest(text: string): ManifestFields | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const m = value as Partial<ManifestFields> | null;
  const whole = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  const hex64 = (x: unknown) => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
  if (
    !m || typeof m !== 'object' || m.format !== ARCHIVE_FORMAT || typeof m.origin !== 'string' || typeof m.file !== 'string' ||
    !whole(m.firstSeq) || !whole(m.lastSeq) || !whole(m.count) || !whole(m.fileBytes) || !whole(m.jsonBytes) ||
    typeof m.firstTs !== 'string' || typeof m.lastTs !== 'string' || !hex64(m.fileSha256) || !hex64(m.merkleRoot) ||
    typeof m.createdAt !== 'string' || !hex64(m.keyFingerprint) ||
    !m.checkpoint || !whole(m.checkpoint.treeSize) || !hex64(m.checkpoint.rootHash)
  ) {
    return null;
  }
  return m as ManifestFields;
}

/** `<segment file>.manifest.json` */
export function manifestFileName(segmentFile: string): string {
  return `${segmentFile}.manifest.json`;
}
