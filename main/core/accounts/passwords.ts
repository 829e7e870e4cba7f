import argon2 from 'argon2';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../shared/roles';

/**
 * Password hashing with argon2id through node-argon2 (maintained, ships prebuilt binaries inside its
 * npm package, so it installs without network). Parameters are OWASP's first recommendation for
 * argon2id (19 MiB, 2 passes, 1 lane): about 20–40 ms a hash on a back-office PC, which bounds
 * guessing on a stolen file without making login slow. The encoded hash carries its parameters, so
 * raising them later still verifies old hashes (and `needsRehash` says when to upgrade one).
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash verifies nothing
  }
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, OPTIONS);
}

/** A hash of a random password: compared against when the user does not exist, so timing does not tell. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  return decoy;
}

export { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH };

/** Passwords people pick first; refused whatever their length (the list a store PC is most likely to meet). */
const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword',
  'qwerty', 'qwertyuiop', 'qwerty123', 'qwerty1234', '1q2w3e4r5t', '1qaz2wsx3edc', 'letmein', 'letmein123',
  'welcome', 'welcome1', 'welcome123', 'admin', 'admin123', 'admin1234', 'administrator', 'changeme', 'changeme123',
  'iloveyou', 'monkey123', 'dragon123', 'football', 'baseball', 'sunshine', 'princess', 'trustno1',
  '1234567890', '0987654321', '12345678910', 'abcdefghij', 'abc1234567', 'watchdog', 'watchdog123', 'watchdog1234',
]);

/**
 * NIST SP 800-63B style rules: length (10–256), not a common password, not the user's own name, not
 * one character repeated. Returns what is wrong, in words for the person choosing it (empty: fine).
 */
export function passwordProblems(password: string, user: { name: string; displayName?: string }): string[] {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`Use at most ${MAX_PASSWORD_LENGTH} characters.`);
  if (COMMON.has(lower)) problems.push('This is one of the most common passwords; choose another.');
  const names = [user.name, user.displayName ?? ''].map((n) => n.toLowerCase()).filter((n) => n.length >= 3);
  if (names.some((n) => lower.includes(n))) problems.push('Do not use your name in your password.');
  if (password.length > 0 && new Set(password).size === 1) problems.push('Do not repeat one character.');
  return problems;
}
