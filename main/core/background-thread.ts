import fs from 'node:fs';
import os from 'node:os';

/** The nice value background training runs at: it gets whatever CPU the people at the screen leave. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's scheduling priority, so a long background job (forecast selection, the
 * LSTM's training) gives way to the core's own thread and the window. Linux keeps a nice value per
 * thread, and /proc/thread-self names this one. Elsewhere a pid would lower the whole process, so
 * nothing is done there. Best effort: a failure leaves the priority as it was. Returns whether it changed.
 */
export function lowerThisThreadsPriority(nice = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    if (os.getPriority(tid) >= nice) return true;
    os.setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
