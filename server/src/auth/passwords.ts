// Salted scrypt password hashes: `scrypt$N$r$p$salt$hash` (salt and hash base64url), the format of the demo
// backend's passwords.mjs, so hashes written by either verify with both.

import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

// The hash of a random password nobody knows (a constant, not state): checking an unknown username against it
// costs as much as checking a real user, so the response time does not tell whether a username exists.
const UNKNOWN_USER_HASH = 'scrypt$16384$8$1$klTtgVXWJZ0BJHWPyZ8omA$Og8vdME2yuG19NCatsb-nEtitFAJY6xwDrZit0me9fQ';

/** Constant-shape check; `stored` undefined (unknown user) does the same work, and fails. */
export async function verifyPassword(password: unknown, stored: string | undefined): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (stored ?? UNKNOWN_USER_HASH).split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(
    String(password ?? '').normalize('NFC'),
    Buffer.from(salt, 'base64url'),
    expected.length,
    {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    },
  );
  return timingSafeEqual(actual, expected) && stored !== undefined;
}

export interface PasswordVerifier {
  verify(password: unknown, stored: string | undefined): Promise<boolean>;
}

/** verifyPassword as an object, for a composition root that hands collaborators around. */
export function createPasswordVerifier(): PasswordVerifier {
  return { verify: verifyPassword };
}
