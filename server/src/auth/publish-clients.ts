// The publish API's machine clients (issue 12; DESIGN section 11) as oidc-provider sees them: clients of the
// `client_credentials` grant that authenticate with `private_key_jwt` (RFC 7523). They live in the store
// (`npm run client -- add|list|remove`), not in the provider's configuration: the provider asks its adapter
// for the `Client` model of an id it does not know, and that adapter reads store.publish (every instance on the
// database sees the same clients, and a removed client is refused at once).

import { decodeJwt } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { PublishClient, PublishStore } from '../store/publish.js';

export const PUBLISH_RESOURCE = 'urn:loket:publish-api';
export const PUBLISH_SCOPES = Object.freeze([
  'publish:dossiers',
  'publish:messages',
  'publish:documents',
  'publish:letters',
  'read:preferences',
] as const);
export type PublishScope = (typeof PUBLISH_SCOPES)[number];
/** a client assertion may live at most this long (RFC 7523 `exp`, counted from `iat` or from now) */
export const MAX_ASSERTION_SECONDS = 300;
export const CLIENT_ASSERTION_SKEW_SECONDS = 5;

/** A stored client as oidc-provider's client metadata. */
export function clientMetadata(client: PublishClient): Record<string, unknown> {
  return {
    client_id: client.id,
    client_name: client.name,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'private_key_jwt',
    scope: client.scopes.join(' '),
    ...(client.jwks ? { jwks: client.jwks } : {}),
    ...(client.jwksUri ? { jwks_uri: client.jwksUri } : {}),
  };
}

/** The adapter of the `Client` model: stored publish clients, read-only. */
export function clientAdapter(publish: PublishStore) {
  const refuse = async () => {
    throw new Error('publish clients are managed with npm run client');
  };
  return {
    upsert: refuse,
    find: async (id: string) => {
      const client = await publish.client(id);
      return client ? clientMetadata(client) : undefined;
    },
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: refuse,
    destroy: refuse,
    revokeByGrantId: refuse,
  };
}

/**
 * Koa middleware of the provider: a client assertion whose `exp` lies more than five minutes ahead (of its
 * `iat`, or of now) is refused as `invalid_client` before the provider reads it. (The provider checks the
 * signature, `aud`, `iss`/`sub`, expiry and the `jti`'s single use itself.)
 */
export function limitAssertionLifetime() {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const body = await readForm(ctx);
      const assertion = body?.get('client_assertion');
      if (assertion) {
        let exp: number | undefined;
        let iat: number | undefined;
        try {
          ({ exp, iat } = decodeJwt(assertion));
        } catch {
          exp = undefined;
        }
        const now = Math.floor(Date.now() / 1000);
        const from = typeof iat === 'number' && iat <= now + CLIENT_ASSERTION_SKEW_SECONDS ? iat : now;
        if (typeof exp === 'number' && exp - from > MAX_ASSERTION_SECONDS + CLIENT_ASSERTION_SKEW_SECONDS) {
          ctx.status = 401;
          ctx.type = 'json';
          ctx.body = {
            error: 'invalid_client',
            error_description: `the client assertion's exp must be at most ${MAX_ASSERTION_SECONDS} seconds after its iat`,
          };
          return;
        }
      }
    }
    await next();
  };
}

/** The form body of the token request, read once and given back to the provider (it reads ctx.req again). */
async function readForm(ctx: KoaContextWithOIDC): Promise<URLSearchParams | undefined> {
  if (!String(ctx.get('content-type')).startsWith('application/x-www-form-urlencoded')) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  // oidc-provider's body parser reads `ctx.req.body` when something before it parsed the body already
  (ctx.req as unknown as { body: string }).body = raw;
  return new URLSearchParams(raw);
}
