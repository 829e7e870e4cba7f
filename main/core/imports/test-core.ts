import path from 'node:path';
import { openCore, type CallContext, type Core } from '..';
import { loginAs } from '../accounts/test-logins';
import { newSigningKey } from '../integrity/checkpoint';
import { AuditStore } from '../store';
import { tempDir } from '../store/test-helpers';
import { TEST_DB_KEY } from '../terminals/test-api';

export interface TestCore {
  core: Core;
  /** An administrator's context (audit:append). */
  ctx: CallContext;
  /** A temp folder for the test's files, removed by close(). */
  dir: string;
  close(): Promise<void>;
}

/** For tests: a real core on an encrypted, signed temp file, with an administrator logged in. */
export async function openTestCore(): Promise<TestCore> {
  const tmp = tempDir('watchdog-import-');
  const file = path.join(tmp.dir, 'import.db');
  const store = AuditStore.open(file, { key: TEST_DB_KEY, signer: { key: newSigningKey(), store: 'S001' } });
  const core = openCore({ dbPath: file, host: 'cli', store, onInternalError: () => {} });
  const ctx = await loginAs(core, 'admin');
  return {
    core,
    ctx,
    dir: tmp.dir,
    async close() {
      await core.close();
      tmp.cleanup();
    },
  };
}
