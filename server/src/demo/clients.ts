// The demo's publish client (issue 12): `demo-eloket`, whose private key is committed in demo/clients/ (demo
// only). The seed registers its public half when the client is not there yet (a removed one stays removed).

import { readFile } from 'node:fs/promises';
import { PUBLISH_SCOPES } from '../auth/publish-clients.js';
import type { Store } from '../store/store.js';

export const DEMO_CLIENT_ID = 'demo-eloket';
export const DEMO_CLIENT_NAME = 'Demo e-loket';
export const DEMO_CLIENT_KEY_FILE = new URL('../../../demo/clients/demo-eloket.private.jwk.json', import.meta.url);

/** A JWK without its private members (and without our `_comment`). */
export function publicJwk(jwk: Record<string, unknown>): Record<string, unknown> {
  const privateMembers = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', '_comment']);
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !privateMembers.has(name)));
}

export async function seedDemoClient(store: Store, file: URL | string = DEMO_CLIENT_KEY_FILE): Promise<boolean> {
  if ((await store.publish.clients()).some((c) => c.id === DEMO_CLIENT_ID)) return false;
  const jwk = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await store.publish.putClient({
    id: DEMO_CLIENT_ID,
    name: DEMO_CLIENT_NAME,
    jwks: { keys: [publicJwk(jwk)] },
    jwksUri: null,
    scopes: [...PUBLISH_SCOPES],
  });
  return true;
}
