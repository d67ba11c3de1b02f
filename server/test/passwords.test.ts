// Password hashing at current guidance: scrypt N=2^17, r=8, p=1 (docs/privacy.md), salted, and hashes of older
// parameters still verify and ask to be hashed again.

import assert from 'node:assert/strict';
import { scryptSync, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { hashPassword, needsRehash, SCRYPT_PARAMETERS, verifyPassword } from '../src/auth/passwords.js';

/** A hash as the service wrote it before issue 13 (N=2^14): the format is the same, the cost lower. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return ['scrypt', 16384, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

describe('password hashes', () => {
  test('scrypt with N=2^17, r=8, p=1, a 16-byte salt and a 32-byte key', async () => {
    assert.deepEqual({ ...SCRYPT_PARAMETERS }, { N: 131072, r: 8, p: 1, keyLength: 32, saltLength: 16 });
    const hash = await hashPassword('correct horse');
    const [scheme, n, r, p, salt, key] = hash.split('$');
    assert.deepEqual([scheme, n, r, p], ['scrypt', '131072', '8', '1']);
    assert.equal(Buffer.from(salt!, 'base64url').length, 16);
    assert.equal(Buffer.from(key!, 'base64url').length, 32);
    assert.equal(await verifyPassword('correct horse', hash), true);
    assert.equal(await verifyPassword('correct hors', hash), false);
    assert.equal(needsRehash(hash), false);
  });

  test('salted: the same password hashes differently each time', async () => {
    const [a, b] = [await hashPassword('demo'), await hashPassword('demo')];
    assert.notEqual(a.split('$')[4], b.split('$')[4]);
    assert.notEqual(a, b);
  });

  test('a hash of the older parameters verifies and needs a rehash', async () => {
    const old = legacyHash('demo');
    assert.equal(await verifyPassword('demo', old), true);
    assert.equal(await verifyPassword('Demo', old), false);
    assert.equal(needsRehash(old), true);
  });

  test('an unknown user (no stored hash) fails after the same work; a malformed or too costly hash fails unchecked', async () => {
    assert.equal(await verifyPassword('demo', undefined), false);
    assert.equal(await verifyPassword('demo', 'plain:demo'), false);
    const [, , r, p, salt, key] = legacyHash('demo').split('$');
    // a row edited to ask for 2^24 rounds must not make the service allocate 16 GiB
    assert.equal(await verifyPassword('demo', ['scrypt', 2 ** 24, r, p, salt, key].join('$')), false);
    assert.equal(needsRehash('plain:demo'), true);
  });
});
