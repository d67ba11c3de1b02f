// Who is calling the profile API: a bearer JWT access token from the provider (oidc mode) or the host-mode
// session cookie. Bearer wins when both are sent; a bad bearer token never falls back to the cookie.

import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { unauthorized } from '../http/problem.js';
import type { Citizen, CitizenServices } from '../services/citizen.js';
import type { HostSessions } from './host-sessions.js';
import { SIGNING_ALG } from './keys.js';

export const RESOURCE = 'urn:loket:profile-api';
export const API_SCOPE = 'loket:profile';
/** Access-token claim: the party the citizen acts for (a party id); absent when they act for themselves. */
export const ACTING_FOR_CLAIM = 'acting_for';

/** the most verified access tokens an instance keeps (the oldest goes first) */
const MAX_VERIFIED_TOKENS = 10_000;

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/;

export interface Caller extends Citizen {
  via: 'bearer' | 'cookie';
  /** epoch seconds: when the access token expires */
  expiresAt?: number;
}

export type Authenticator = (
  headers: { authorization?: string | undefined },
  hostCookie: string | undefined,
) => Promise<Caller>;

/**
 * A token or session naming a party the citizen no longer holds a mandate of is refused, never read as
 * "themselves". Throws HttpError 401.
 */
export function createAuthenticator({
  issuer,
  publicJwks,
  citizen,
  hostSessions,
}: {
  issuer: string;
  publicJwks: JSONWebKeySet;
  citizen: CitizenServices;
  hostSessions: HostSessions;
}): Authenticator {
  const keySet = createLocalJWKSet(publicJwks);
  // Verified access tokens (by their value) and their claims: a token's signature, issuer, audience and type do
  // not change, so each is checked once; its expiry (and not-before) is checked again on every use. Only tokens
  // that passed the whole check are kept. The user and the mandate are still looked up on every request.
  const verified = new Map<string, JWTPayload>();
  const verify = async (token: string): Promise<JWTPayload> => {
    const known = verified.get(token);
    const now = Math.floor(Date.now() / 1000);
    if (known) {
      if (known.exp! <= now) {
        verified.delete(token);
        throw new joseErrors.JWTExpired('"exp" claim timestamp check failed', known, 'exp', 'check_failed');
      }
      if (known.nbf === undefined || known.nbf <= now) return known;
    }
    const { payload } = await jwtVerify(token, keySet, {
      issuer,
      audience: RESOURCE,
      typ: 'at+jwt',
      algorithms: [SIGNING_ALG],
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
    verified.set(token, payload);
    return payload;
  };

  return async function authenticate(headers, hostCookie) {
    const header = headers.authorization;
    if (header !== undefined) {
      const match = BEARER.exec(header);
      if (!match) throw unauthorized('The Authorization header must be "Bearer <access token>".');
      let payload;
      try {
        payload = await verify(match[1]!);
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw unauthorized('The access token has expired.');
        throw unauthorized('The access token is not valid.');
      }
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes(API_SCOPE)) throw unauthorized(`The access token lacks the ${API_SCOPE} scope.`);
      const actingFor = payload[ACTING_FOR_CLAIM];
      const user = await citizen.citizen(payload.sub!, undefined);
      if (!user) throw unauthorized('The access token names an unknown subject.');
      if (actingFor === undefined) return { ...user, via: 'bearer', expiresAt: payload.exp! };
      const acting = typeof actingFor === 'string' ? await citizen.citizen(payload.sub!, actingFor) : undefined;
      if (!acting) throw unauthorized('The access token acts for someone the citizen may no longer act for.');
      return { ...acting, via: 'bearer', expiresAt: payload.exp! };
    }

    if (hostCookie) {
      const session = await hostSessions.sessionFor(hostCookie);
      const user = session && (await citizen.citizen(session.userId, undefined));
      if (!session || !user) throw unauthorized('The session has ended.');
      const acting = await citizen.citizen(session.userId, session.partyId);
      if (!acting) throw unauthorized('The session acts for someone the citizen may no longer act for.');
      return { ...acting, via: 'cookie' };
    }
    throw unauthorized('An access token is required.');
  };
}
