import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../../main/core/store';
import { tempDir } from '../../main/core/store/test-helpers';
import { verifyLogSync } from '../../main/core/integrity/verify/verify-log';
import { checkAfterCrash } from './check';
import { copyImage, CRASH_KEY, formatSummary, killDuringRekey, readAcks, runCrashKills, type RekeyCrash } from './harness';

// A short run in the suite; `npm run test:crash` runs 200 kills. CRASH_SEED replays a schedule.
const KILLS = Number(process.env.CRASH_KILLS ?? 12);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

const tmp = tempDir('watchdog-crash-');
let failed = false;
afterAll(() => {
  if (failed) console.log(`crash evidence kept in ${tmp.dir}`);
  else tmp.cleanup();
});

describe('crash safety of the audit store (SIGKILL of a writer in the middle of a busy ingest)', () => {
  it(`loses no acknowledged event, keeps the file intact and the chain verifying (${KILLS} kills)`, { timeout: KILLS * 12_000 }, async () => {
    const lines: string[] = [];
    const summary = await runCrashKills({ kills: KILLS, seed: SEED, dir: tmp.dir, log: (line) => lines.push(line) });
    failed = summary.failures.length > 0;
    console.log(`${lines.join('\n')}\n${formatSummary(summary)}`);
    expect(summary.failures.map((f) => `#${f.iteration}: ${f.problems.join(' | ')}`), `seed ${SEED}`).toEqual([]);
    expect(summary.kills).toBe(KILLS);
    expect(summary.eventsAcknowledged).toBeGreaterThan(0);
  });
});

describe('the acknowledgement file', () => {
  it('counts a batch only from a whole A line, and a batch with B but neither A nor R as in flight', () => {
    const file = path.join(tmp.dir, 'acks.log');
    fs.writeFileSync(
      file,
      ['O', 'o 1200', 'B 1 a,b -', 'B 2 c d', 'B 3 e -', 'G', 'g 40', 'A 1 2 0 a,b', 'R 3 BAD_INPUT', 'B 4 f,g -', 'G', 'A 4 2 0 f,'].join('\n'),
    );
    const acks = readAcks(file);
    expect([...acks.acknowledged]).toEqual(['a', 'b']);
    expect([...acks.refused]).toEqual(['e']);
    expect(acks.inFlight).toEqual([['c'], ['f', 'g']]);
    expect(acks.landed).toBe('commit');
    expect(acks.openUs).toBe(1200);
  });
});

describe('a kill in the middle of re-encrypting the file (an encrypted copy renamed over it)', () => {
  const crashes: Partial<Record<'encrypt' | 'rotate', RekeyCrash>> = {};
  /** The kill must land while the pages are being written (a few ms): on a busy machine it may take tries. */
  const landed = async (kind: 'encrypt' | 'rotate'): Promise<RekeyCrash> => {
    let crash: RekeyCrash | null = null;
    for (let attempt = 0; attempt < 6 && !crash?.landed; attempt++) {
      const dir = path.join(tmp.dir, `${kind}-${attempt}`);
      fs.mkdirSync(dir, { recursive: true });
      crash = await killDuringRekey(dir, kind, 5000);
    }
    crashes[kind] = crash!;
    expect(crash!.landed, crash!.stderr).toBe(true);
    return crash!;
  };

  it('a plain file from before encryption, at its first keyed open: still the plain file, every event is there', { timeout: 120_000 }, async () => {
    const crash = await landed('encrypt');
    // The copy was not yet renamed: the plain file is as it was.
    const plain = AuditStore.open(copyImage(crash.image, path.join(tmp.dir, 'encrypt-rolled-back')));
    try {
      expect(plain.events.summary().events).toBe(crash.stored.length);
      expect(verifyLogSync(plain.db)).toMatchObject({ ok: true, events: { total: crash.stored.length } });
    } finally {
      plain.close();
    }
  });

  // (An in-place rekey, before, left a file the key no longer opened.)
  it('… and the next start, which opens it with the key, encrypts it again and finds every event', () => {
    const crash = crashes.encrypt;
    expect(crash?.landed).toBe(true);
    expect(checkAfterCrash(copyImage(crash!.image, path.join(tmp.dir, 'encrypt-keyed')), CRASH_KEY, crash!.stored).problems).toEqual([]);
  });

  it('a key change (AuditStore.rekeyFile): the kill lands while the copy is written', { timeout: 120_000 }, async () => {
    await landed('rotate');
  });

  // (An in-place rekey, before, could lose the whole log here: found by this harness.)
  it('… and the next start opens it with the old key or the new one and finds every event', () => {
    const crash = crashes.rotate;
    expect(crash?.landed).toBe(true);
    const withOld = checkAfterCrash(copyImage(crash!.image, path.join(tmp.dir, 'rotate-old')), crash!.oldKey!, crash!.stored);
    const withNew = checkAfterCrash(copyImage(crash!.image, path.join(tmp.dir, 'rotate-new')), crash!.newKey, crash!.stored);
    expect([withOld.problems, withNew.problems]).toContainEqual([]);
  });
});
