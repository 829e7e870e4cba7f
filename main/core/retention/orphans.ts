import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';
import type { Db } from '../store/database';
import { manifestFileName, parseManifest } from './manifest';

/**
 * Files an archiving run left behind without committing (a crash, a full disk): this log's partial
 * segment, and segments whose manifest names this log but which the database does not list. Other
 * logs' files in the same folder are never touched. Returns the names removed.
 */
export function removeOrphans(db: Db, dir: string, device: string): string[] {
  const committed = new Set(db.prepare('SELECT file FROM archive_segments').pluck().all() as string[]);
  const removed: string[] = [];
  const remove = (name: string) => {
    if (!fs.existsSync(path.join(dir, name))) return;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  };
  remove(partialName(device));
  for (const name of fs.readdirSync(dir)) {
    const segment = /^(segment-\d+-\d+\.jsonl\.br)\.manifest\.json$/.exec(name)?.[1];
    if (!segment || committed.has(segment) || ownerOf(path.join(dir, name)) !== device) continue;
    remove(segment);
    remove(name);
  }
  return removed;
}

/** The file a segment is written to before it has its name (one per log). */
export function partialName(device: string): string {
  return `.partial-${device}.jsonl.br`;
}

/**
 * Refuses to overwrite a segment another log wrote into the same folder (two databases archiving
 * into one folder would otherwise pick the same names for their first segments).
 */
export function claimName(dir: string, file: string): void {
  for (const name of [file, manifestFileName(file)]) {
    if (fs.existsSync(path.join(dir, name))) {
      throw new AppError('CONFLICT', `${path.join(dir, name)} belongs to another log. Give each database its own archive folder (--dir); nothing was archived.`);
    }
  }
}

/** The device id of the log whose manifest this is, or null. */
function ownerOf(manifestFile: string): string | null {
  try {
    const origin = parseManifest(fs.readFileSync(manifestFile, 'utf8'))?.origin;
    return origin ? origin.slice(origin.lastIndexOf('/') + 1) : null;
  } catch {
    return null;
  }
}
