// Secrets that must survive restarts, kept in the data directory (never in the repository):
//   keys.json   the provider's signing keys (private JWKs, generated once with jose) and its cookie keys.
// Losing the file only signs everyone out; delete it to rotate everything.

import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';

export const SIGNING_ALG = 'ES256';

/**
 * Loads `keys.json` from dataDir, creating it on first use.
 * @returns {Promise<{ jwks: { keys: object[] }, publicJwks: { keys: object[] }, cookieKeys: string[] }>}
 */
export async function loadOrCreateKeys(dataDir) {
  const file = path.join(dataDir, 'keys.json');
  let stored;
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    stored = {
      created: new Date().toISOString(),
      jwks: { keys: [{ ...jwk, kid: randomUUID(), alg: SIGNING_ALG, use: 'sig' }] },
      cookieKeys: [randomBytes(32).toString('base64url')],
    };
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    try {
      chmodSync(file, 0o600);
    } catch {
      // not every file system has modes
    }
  }
  const publicJwks = {
    keys: stored.jwks.keys.map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub }) => pub),
  };
  return { jwks: stored.jwks, publicJwks, cookieKeys: stored.cookieKeys };
}
