import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { CANONICAL_VERSION, type ChainedFields } from '../store/canonical';

/**
 * An archive segment on disk: JSON Lines, one event per line with every stored column (hashes as
 * lower-case hex, `details` as the canonical JSON text that was hashed), Brotli-compressed. Written
 * and read as streams, so memory stays bounded whatever the segment's size.
 */

/** One line of a segment, exactly as stored in the events table (hashes in hex). */
export interface ArchivedLine extends ChainedFields {
  ts_ms: number;
  prev_hash: string;
  hash: string;
}

const COLUMNS = [
  'seq', 'event_id', 'ts', 'ts_ms', 'store_id', 'terminal_id', 'user_id', 'user_role', 'session_id', 'action', 'category',
  'resource_type', 'resource_id', 'status', 'error_details', 'level', 'ip_address', 'user_agent', 'amount_minor', 'currency',
  'details', 'received_at',
];

/**
 * One row as SQLite hands it to the archiver, `raw()`: [line, content array, seq, ts_ms, received_at,
 * prev_hash hex, hash hex, 1 when ts_ms agrees with ts]. The line is `json_object` over every stored column in row order (hashes
 * as hex), which is `JSON.stringify` of the row byte for byte, as `json_array` is for the content
 * (both escape exactly as JSON.stringify; a test holds the line equal). Building them in SQLite
 * rather than from 24 JavaScript values made reading three times faster.
 */
export type LineRow = [line: string, content: string, seq: number, tsMs: number, receivedAt: string, prevHex: string, hashHex: string, timeAgrees: 0 | 1];

/** The line of a row: every stored column in row order, hashes as hex. */
export const LINE_SQL = `json_object(${COLUMNS.map((c) => `'${c}', ${c}`).join(', ')}, 'prev_hash', lower(hex(prev_hash)), 'hash', lower(hex(hash)))`;

export const LINE_ROW_SQL = `${LINE_SQL},
  json_array('${CANONICAL_VERSION}', event_id, ts, store_id, terminal_id, user_id, user_role, session_id, action, category, resource_type,
    resource_id, status, error_details, level, ip_address, user_agent, amount_minor, currency, details),
  seq, ts_ms, received_at, lower(hex(prev_hash)), lower(hex(hash)),
  ts_ms = CAST(round((julianday(ts) - 2440587.5) * 86400000) AS INTEGER)`;

/**
 * Brotli quality 4 with a 4 MB window, text mode. On demo events (834 bytes of JSON each), quality 2
 * gave 12.9 % at ~260k events/s, 3 gave 12.6 % at ~255k, 4 gave 11.9 % at ~130k, 5 gave 11.7 % at
 * ~50k, 6 gave 11.7 % at ~19k, 9 gave 11.6 % at ~10k, 11 gave 9.6 % at ~300 events/s (one core, the
 * quietest of three runs): 4 is the knee, and decompression runs at ~100k events/s whatever the quality.
 */
export const BROTLI_PARAMS = {
  [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
  [zlib.constants.BROTLI_PARAM_LGWIN]: 22,
  [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
};

export interface WrittenSegment {
  fileBytes: number;
  jsonBytes: number;
  sha256: string;
}

/** Writes a segment: text in, Brotli out, hashed as it goes, fsynced at the end. */
export class SegmentWriter {
  private readonly brotli = zlib.createBrotliCompress({ params: BROTLI_PARAMS });
  private readonly sha = createHash('sha256');
  private readonly done: Promise<void>;
  private fileBytes = 0;
  private jsonBytes = 0;

  private readonly fd: number;

  /** Creates (or overwrites: an orphan of a run that never committed) the file. */
  constructor(readonly file: string) {
    const fd = fs.openSync(file, 'w');
    this.fd = fd;
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        try {
          fs.writeSync(fd, chunk);
          this.sha.update(chunk);
          this.fileBytes += chunk.length;
          callback();
        } catch (error) {
          callback(error as Error);
        }
      },
    });
    this.done = pipeline(this.brotli, sink);
    // Surfaced by finish(); without this an early failure would be an unhandled rejection.
    this.done.catch(() => {});
  }

  async write(text: string): Promise<void> {
    this.jsonBytes += Buffer.byteLength(text);
    if (!this.brotli.write(text)) await once(this.brotli, 'drain');
  }

  async finish(): Promise<WrittenSegment> {
    this.brotli.end();
    try {
      await this.done;
      fs.fsyncSync(this.fd);
    } finally {
      fs.closeSync(this.fd);
    }
    syncFolder(path.dirname(this.file));
    return { fileBytes: this.fileBytes, jsonBytes: this.jsonBytes, sha256: this.sha.digest('hex') };
  }

  /** Stops and removes the file (nothing refers to it yet). */
  abort(): void {
    this.brotli.destroy();
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed by finish()
    }
    fs.rmSync(this.file, { force: true });
  }
}

/** Writes a small file durably (the manifest): the data, then the folder entry. */
export function writeFileDurably(file: string, text: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  syncFolder(path.dirname(file));
}

/** A new file's name is durable once its folder is synced (POSIX; Windows cannot open a folder, and needs not). */
export function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported here
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** SHA-256 of a file, streamed. */
export async function sha256OfFile(file: string): Promise<string> {
  const sha = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) sha.update(chunk as Buffer);
  return sha.digest('hex');
}

/** The lines of a segment, decompressed as a stream. Throws on a file that is not Brotli. */
export async function* segmentLines(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const input = fs.createReadStream(file);
  const source = zlib.createBrotliDecompress();
  input.on('error', (error) => source.destroy(error));
  input.pipe(source);
  try {
    for await (const chunk of source) {
      const text = rest + decoder.write(chunk as Buffer);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line) yield line;
    }
  } finally {
    input.destroy();
    source.destroy();
  }
  rest += decoder.end();
  if (rest) yield rest;
}
