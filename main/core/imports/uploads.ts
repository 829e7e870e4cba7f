import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_UPLOAD_BYTES } from '../../../shared/contract/import-channels';
import { AppError } from '../api/errors';

/** An uploaded file, whole or still arriving. */
export interface Upload {
  id: string;
  owner: string;
  fileName: string;
  path: string;
  bytes: number;
  lastUsed: number;
}

export interface UploadChunk {
  uploadId: string | null;
  fileName: string;
  offset: number;
  /** Base64. */
  data: string;
}

/** An upload nobody has touched for this long is deleted. */
const IDLE_MS = 60 * 60 * 1000;
/** Uploads one user may hold at once (a wizard needs one; a few tabs a few). */
const PER_USER = 4;
/** Kept as the file's own extension so the format is found as for any file (source.ts). */
const KNOWN_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.json', '.jsonl', '.ndjson']);

/**
 * Files the import wizard sends, chunk by chunk, into a private folder (mode 0700) under the system's
 * temp folder: the browser cannot hand the core a path, and Electron uses the same way so both hosts
 * behave alike. The file was already on this machine in the clear; it is deleted after a completed
 * import, on discard, after an hour unused, and with the core.
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>();
  private dir: string | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Appends a chunk; the first (uploadId null) starts an upload. A chunk not at the current end is refused. */
  append(owner: string, chunk: UploadChunk): Upload {
    this.sweep();
    const upload = chunk.uploadId === null ? this.start(owner, chunk.fileName) : this.get(owner, chunk.uploadId);
    if (chunk.offset !== upload.bytes) {
      throw new AppError('CONFLICT', `This upload has ${upload.bytes} bytes; a chunk starting at ${chunk.offset} does not follow on. Start the upload again.`);
    }
    const bytes = Buffer.from(chunk.data, 'base64');
    if (upload.bytes + bytes.length > MAX_UPLOAD_BYTES) {
      this.discard(owner, upload.id);
      throw new AppError('BAD_INPUT', `The file is larger than the ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB the import screen takes; import it with \`watchdog import\` instead.`);
    }
    fs.appendFileSync(upload.path, bytes);
    upload.bytes += bytes.length;
    upload.lastUsed = this.now();
    return upload;
  }

  /** The user's upload, or NOT_FOUND (someone else's is not found either). */
  get(owner: string, id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload || upload.owner !== owner) throw new AppError('NOT_FOUND', 'That upload is gone (it was imported, discarded or left unused for an hour). Choose the file again.');
    upload.lastUsed = this.now();
    return upload;
  }

  discard(owner: string, id: string): boolean {
    const upload = this.uploads.get(id);
    if (!upload || upload.owner !== owner) return false;
    this.uploads.delete(id);
    fs.rmSync(upload.path, { force: true });
    return true;
  }

  /** A private path beside the uploads (for an import's error report), deleted with them. */
  scratchPath(name: string): string {
    return path.join(this.folder(), name);
  }

  close(): void {
    this.uploads.clear();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  private start(owner: string, fileName: string): Upload {
    const mine = [...this.uploads.values()].filter((u) => u.owner === owner).sort((a, b) => a.lastUsed - b.lastUsed);
    // The oldest makes room: a wizard abandoned in another tab should not block a new one.
    for (const old of mine.slice(0, Math.max(0, mine.length - PER_USER + 1))) this.discard(owner, old.id);
    const id = randomBytes(12).toString('base64url');
    const extension = path.extname(fileName).toLowerCase();
    const file = path.join(this.folder(), `${id}${KNOWN_EXTENSIONS.has(extension) ? extension : ''}`);
    fs.writeFileSync(file, '', { mode: 0o600 });
    const upload: Upload = { id, owner, fileName: path.basename(fileName), path: file, bytes: 0, lastUsed: this.now() };
    this.uploads.set(id, upload);
    return upload;
  }

  private folder(): string {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-uploads-'));
    return this.dir;
  }

  private sweep(): void {
    const cutoff = this.now() - IDLE_MS;
    for (const upload of [...this.uploads.values()]) if (upload.lastUsed < cutoff) this.discard(upload.owner, upload.id);
  }
}
