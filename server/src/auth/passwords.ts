// Salted scrypt password hashes: `scrypt$N$r$p$salt$hash` (salt and hash base64url), the format of the demo
// backend's passwords.mjs, so hashes written by either verify with both.
//
// Parameters: N = 2^17, r = 8, p = 1 (OWASP's password storage guidance for scrypt; docs/privacy.md). One check
// takes 128 * N * r = 128 MiB of memory, above node's default `maxmem` of 32 MiB: `maxmem` is set to allow it,
// and `createPasswordChecks` caps how many checks run at once. A hash with weaker parameters still verifies
// (`needsRehash` then says so) and is replaced at the citizen's next successful sign-in.

import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT_PARAMETERS = Object.freeze({ N: 2 ** 17, r: 8, p: 1, keyLength: 32, saltLength: 16 });
const { N, r: R, p: P, keyLength: KEY_LENGTH } = SCRYPT_PARAMETERS;
/** the memory one check of the current parameters needs, with room (node refuses above maxmem) */
const MAXMEM = 2 * 128 * N * R;
/** a stored hash asking for more than this is refused unchecked (a tampered row must not exhaust memory) */
const MAX_COST = { N: 2 ** 20, r: 16, p: 4 };

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT_PARAMETERS.saltLength);
  const hash = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAXMEM });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

// The hash of a random password nobody knows, at the current parameters (a constant, not state): checking an
// unknown username against it costs as much as checking a real user, so the response time does not tell
// whether a username exists.
const UNKNOWN_USER_HASH = 'scrypt$131072$8$1$6eXd5bt4y7vTnV1I6JgWsw$gUqEGm0pPbX4pbUo1DnH8V8zj3Sm1b2hRU6fvA7i2NE';

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const numbers = [n, r, p].map(Number);
  if (scheme !== 'scrypt' || !salt || !hash || numbers.some((x) => !Number.isInteger(x) || x < 1)) return undefined;
  const [cost, blockSize, parallel] = numbers as [number, number, number];
  if (cost > MAX_COST.N || blockSize > MAX_COST.r || parallel > MAX_COST.p) return undefined;
  return {
    N: cost,
    r: blockSize,
    p: parallel,
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
  };
}

/** Constant-shape check; `stored` undefined (unknown user) does the same work, and fails. */
export async function verifyPassword(password: unknown, stored: string | undefined): Promise<boolean> {
  const parsed = parse(stored ?? UNKNOWN_USER_HASH);
  if (!parsed) return false;
  const actual = await scrypt(String(password ?? '').normalize('NFC'), parsed.salt, parsed.hash.length, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    maxmem: Math.max(MAXMEM, 2 * 128 * parsed.N * parsed.r),
  });
  return timingSafeEqual(actual, parsed.hash) && stored !== undefined;
}

/** The stored hash was made with other parameters than today's (or another key length): hash it again. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N !== N || parsed.r !== R || parsed.p !== P || parsed.hash.length !== KEY_LENGTH;
}

export interface PasswordVerifier {
  verify(password: unknown, stored: string | undefined): Promise<boolean>;
}

/** verifyPassword as an object, for a composition root that hands collaborators around. */
export function createPasswordVerifier(): PasswordVerifier {
  return { verify: verifyPassword };
}
