// Salted scrypt password hashes: `scrypt$N$r$p$salt$hash` (salt and hash base64url).

import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb);
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export async function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

// A real hash of a random password: checking against it costs as much as checking a real user, so the
// response time does not tell whether a username exists.
const DUMMY = hashPassword(randomBytes(16).toString('hex'));

/** Constant-shape check; `stored` may be undefined (unknown user): the work is done all the same. */
export async function verifyPassword(password, stored) {
  const encoded = stored ?? (await DUMMY);
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(String(password ?? '').normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected) && stored !== undefined;
}
