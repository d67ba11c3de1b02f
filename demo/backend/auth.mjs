// Who is calling the profile API: a bearer JWT access token from the provider (oidc mode) or the
// host-mode session cookie. Bearer wins when both are sent; a bad bearer token never falls back to the cookie.

import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { HttpError, parseCookies } from './http-util.mjs';
import { SIGNING_ALG } from './keys.mjs';

export const RESOURCE = 'urn:loket:profile-api';
export const API_SCOPE = 'loket:profile';
export const HOST_COOKIE = 'loket_host_session';
/** Access-token claim: the party the citizen acts for (a parties id); absent when they act for themselves. */
export const ACTING_FOR_CLAIM = 'acting_for';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/;

function unauthorized(description) {
  const safe = description.replace(/["\\]/g, '');
  return new HttpError(401, description, {
    headers: { 'www-authenticate': `Bearer realm="loket", error="invalid_token", error_description="${safe}"` },
  });
}

const sha256 = (value) => createHash('sha256').update(value).digest('base64url');

export function createHostSessions(db, ttlSeconds) {
  const insert = db.prepare('INSERT INTO host_sessions (id_hash, user_id, party_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const find = db.prepare('SELECT user_id, party_id, expires_at FROM host_sessions WHERE id_hash = ?');
  const remove = db.prepare('DELETE FROM host_sessions WHERE id_hash = ?');
  const purge = db.prepare('DELETE FROM host_sessions WHERE expires_at < ?');
  return {
    ttlSeconds,
    /** @returns the cookie value; only its hash is stored. `partyId`: whom the citizen acts for (null: themselves). */
    create(userId, partyId = null) {
      const token = randomBytes(32).toString('base64url');
      const now = Date.now();
      insert.run(sha256(token), userId, partyId, new Date(now).toISOString(), new Date(now + ttlSeconds * 1000).toISOString());
      return token;
    },
    /** @returns { userId, partyId } of a live session, or undefined */
    sessionFor(token) {
      if (!token) return undefined;
      const row = find.get(sha256(token));
      if (!row || row.expires_at < new Date().toISOString()) return undefined;
      return { userId: row.user_id, partyId: row.party_id };
    },
    userIdFor(token) {
      return this.sessionFor(token)?.userId;
    },
    destroy(token) {
      if (token) remove.run(sha256(token));
    },
    purge: () => purge.run(new Date().toISOString()).changes,
  };
}

/**
 * `party` is the mandate the citizen acts under (store.partyOf), undefined when they act for themselves. A
 * token or session naming a party the citizen no longer holds a mandate of is refused, never read as "self".
 * @returns {(req) => Promise<{ user: object, party?: object, via: 'bearer' | 'cookie', expiresAt?: number }>} throws HttpError 401
 */
export function createAuthenticator({ issuer, publicJwks, store, hostSessions }) {
  const keySet = createLocalJWKSet(publicJwks);

  return async function authenticate(req) {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = BEARER.exec(header);
      if (!match) throw unauthorized('The Authorization header must be "Bearer <access token>".');
      let payload;
      try {
        ({ payload } = await jwtVerify(match[1], keySet, {
          issuer,
          audience: RESOURCE,
          typ: 'at+jwt',
          algorithms: [SIGNING_ALG],
          requiredClaims: ['sub', 'exp', 'iat'],
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw unauthorized('The access token has expired.');
        throw unauthorized('The access token is not valid.');
      }
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes(API_SCOPE)) throw unauthorized(`The access token lacks the ${API_SCOPE} scope.`);
      const user = store.userById(payload.sub);
      if (!user) throw unauthorized('The access token names an unknown subject.');
      const actingFor = payload[ACTING_FOR_CLAIM];
      const party = store.partyOf(user.id, actingFor);
      if (actingFor !== undefined && !party) throw unauthorized('The access token acts for someone the citizen may no longer act for.');
      return { user, party, via: 'bearer', expiresAt: payload.exp };
    }

    const cookie = parseCookies(req)[HOST_COOKIE];
    if (cookie) {
      const session = hostSessions.sessionFor(cookie);
      const user = session && store.userById(session.userId);
      if (!user) throw unauthorized('The session has ended.');
      const party = store.partyOf(user.id, session.partyId);
      if (session.partyId && !party) throw unauthorized('The session acts for someone the citizen may no longer act for.');
      return { user, party, via: 'cookie' };
    }
    throw unauthorized('An access token is required.');
  };
}
