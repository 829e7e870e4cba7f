import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ChannelName } from '../../../shared/contract';
import { PERMISSIONS, type Permission } from '../../../shared/permissions';
import { BUILTIN_ROLES } from '../../../shared/roles';
import { openCore, type CallContext, type Core } from '..';
import { loginAs } from '../accounts/test-logins';
import { memoryToken } from '../context';
import { tempDir } from '../store/test-helpers';
import { AppError } from './errors';
import { createRouter, type Handlers } from './router';

/**
 * Roles × channels: the router refuses exactly what the permission table says, for built-in roles and
 * for custom roles with any set of permissions, and records exactly the refusals. The contexts are
 * real sessions of a real core; the handlers are stand-ins that only say they were reached, so no
 * channel does its work (the access check comes before any handler, and before input validation).
 */
const NAMES = Object.keys(channels) as ChannelName[];
const REACHED = 'reached the handler';
const stubs = Object.fromEntries(NAMES.map((name) => [name, () => {
  throw new AppError('CONFLICT', REACHED);
}])) as unknown as Handlers;

let tmp: ReturnType<typeof tempDir>;
let core: Core;
const contexts = new Map<string, CallContext>();

beforeAll(async () => {
  tmp = tempDir();
  core = openCore({ dbPath: path.join(tmp.dir, 'p.db'), host: 'web', onInternalError: () => {} });
  for (const role of Object.keys(BUILTIN_ROLES)) contexts.set(role, await loginAs(core, role));
});
afterAll(async () => {
  await core.close();
  tmp.cleanup();
});

/** A custom role with exactly these permissions, logged in (once per set). */
async function contextWith(permissions: readonly Permission[]): Promise<CallContext> {
  const key = [...permissions].sort().join(' ');
  const known = contexts.get(key);
  if (known) return known;
  const name = `r${contexts.size}`;
  const admin = contexts.get('admin') as CallContext;
  core.accounts.users.putRole(admin.actor, name, [...permissions]);
  const ctx = await loginAs(core, name);
  contexts.set(key, ctx);
  return ctx;
}

function expectedAllowed(name: ChannelName, permissions: ReadonlySet<Permission> | null): boolean {
  const spec = channels[name];
  if ('public' in spec && spec.public) return true;
  if (permissions === null) return false;
  return spec.permission === null || permissions.has(spec.permission);
}

async function decide(ctx: CallContext, name: ChannelName): Promise<{ allowed: boolean; recorded: boolean }> {
  const refusals: string[] = [];
  const router = createRouter(stubs, { onRefused: (_ctx, channel) => refusals.push(channel) });
  const result = await router.invoke(ctx, name, {});
  const refused = !result.ok && (result.error.code === 'FORBIDDEN' || result.error.code === 'UNAUTHENTICATED');
  if (!refused && !result.ok) expect(result.error.code === 'CONFLICT' || result.error.code === 'BAD_INPUT').toBe(true);
  return { allowed: !refused, recorded: refusals.length === 1 && refusals[0] === name };
}

describe('the router against the permission table', () => {
  it('refuses exactly what each built-in role lacks, every channel', async () => {
    for (const [role, permissions] of Object.entries(BUILTIN_ROLES)) {
      const ctx = contexts.get(role) as CallContext;
      for (const name of NAMES) {
        const { allowed, recorded } = await decide(ctx, name);
        expect({ role, name, allowed }).toEqual({ role, name, allowed: expectedAllowed(name, new Set(permissions)) });
        expect(recorded).toBe(!allowed);
      }
    }
  });

  it('refuses exactly what a custom role lacks, for any set of permissions (property)', { timeout: 120_000 }, async () => {
    // Each custom role costs a few argon2 hashes to log in, so the roles are drawn once (fast-check's
    // own generator, fixed seed, plus none and all), and the property runs over roles × channels.
    const drawn = fc.sample(fc.subarray([...PERMISSIONS]), { numRuns: 22, seed: 4242 });
    const sets: Permission[][] = [[], [...PERMISSIONS], ...drawn];
    const roles = [];
    for (const permissions of sets) roles.push({ permissions, ctx: await contextWith(permissions) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...roles), fc.constantFrom(...NAMES), async ({ permissions, ctx }, name) => {
        const { allowed, recorded } = await decide(ctx, name);
        expect(allowed).toBe(expectedAllowed(name, new Set(permissions)));
        expect(recorded).toBe(!allowed);
      }),
      { numRuns: 1000, seed: 4242 },
    );
  });

  it('before login answers only the public channels, and records every other request as a refusal', async () => {
    const nobody = core.context({ host: 'web', source: '127.0.0.1', token: memoryToken() });
    for (const name of NAMES) {
      const { allowed, recorded } = await decide(nobody, name);
      expect({ name, allowed }).toEqual({ name, allowed: expectedAllowed(name, null) });
      expect(recorded).toBe(!allowed);
    }
  });

  it('with a password due for its forced change, allows only changing it (and the public channels)', async () => {
    const admin = contexts.get('admin') as CallContext;
    await core.accounts.users.create(admin.actor, { name: 'fresh', displayName: 'Fresh', role: 'admin', password: 'first password 9' });
    const token = memoryToken((await core.accounts.sessions.login('fresh', 'first password 9', { host: 'web', source: '127.0.0.1' })).token);
    const fresh = core.context({ host: 'web', source: '127.0.0.1', token });
    expect(fresh.session?.mustChangePassword).toBe(true);
    const allowed: string[] = [];
    for (const name of NAMES) if ((await decide(fresh, name)).allowed) allowed.push(name);
    const open = NAMES.filter((n) => 'public' in channels[n]);
    expect(allowed.sort()).toEqual([...open, 'auth.changePassword', 'settings.sessionLimits'].sort());
  });
});
