// The provider's signing keys and cookie keys. They live in the store (one set per database, created by the
// first instance that starts), so every instance signs and verifies with the same keys.

import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { ServiceKeys, Store } from '../store/store.js';

export const SIGNING_ALG = 'ES256';

export interface Keys {
  /** private JWKs, for the provider */
  jwks: { keys: JWK[] };
  /** the same keys without their private parts, for checking access tokens */
  publicJwks: { keys: JWK[] };
  cookieKeys: string[];
}

/** A new key set: one ES256 signing key, one cookie key. */
export async function createServiceKeys(): Promise<ServiceKeys> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return {
    jwks: { keys: [{ ...jwk, kid: randomUUID(), alg: SIGNING_ALG, use: 'sig' }] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

export async function loadKeys(store: Store): Promise<Keys> {
  const stored = await store.loadOrCreateKeys(createServiceKeys);
  const keys = stored.jwks.keys as JWK[];
  const publicJwks = {
    keys: keys.map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub }) => pub),
  };
  return { jwks: { keys }, publicJwks, cookieKeys: stored.cookieKeys };
}
