// Who is calling the profile API: a JWT access token from the provider (oidc mode) or the host-mode session
// cookie. A token wins when both are sent; a bad token never falls back to the cookie.
//
// DPoP (RFC 9449): a token bound to a key (`cnf.jkt`: the header's tokens) is accepted only as
// `Authorization: DPoP <token>` with a proof of that key for this request (auth/dpop.ts); sent as a bearer token
// it is refused, so a token copied out of the browser is of no use without the key, which never leaves it.
// Tokens without a binding keep working as bearer tokens.

import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { dpopUnauthorized, unauthorized, type HttpError } from '../http/problem.js';
import type { Citizen, CitizenServices } from '../services/citizen.js';
import type { DpopProofStore } from '../store/store.js';
import { createDpopProofChecker, DPOP_SIGNING_ALGS, DpopProofError } from './dpop.js';
import type { HostSessions } from './host-sessions.js';
import { SIGNING_ALG } from './keys.js';

export const RESOURCE = 'urn:loket:profile-api';
export const API_SCOPE = 'loket:profile';
/** Access-token claim: the party the citizen acts for (a party id); absent when they act for themselves. */
export const ACTING_FOR_CLAIM = 'acting_for';

/** the most verified access tokens an instance keeps (the oldest goes first) */
const MAX_VERIFIED_TOKENS = 10_000;

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/;
const DPOP = /^DPoP +([A-Za-z0-9\-._~+/]+=*)$/i;

export interface Caller extends Citizen {
  /** bearer: an unbound token; dpop: a DPoP-bound token with its proof; cookie: the host-mode session */
  via: 'bearer' | 'dpop' | 'cookie';
  /** epoch seconds: when the access token expires */
  expiresAt?: number;
}

/** What the check reads of a request: the method and URL a DPoP proof must name, and the two headers. */
export interface AuthenticatedRequest {
  method: string;
  /** the path and query, as received */
  url: string;
  headers: { authorization?: string | undefined; dpop?: string | string[] | undefined };
}

export type Authenticator = (request: AuthenticatedRequest, hostCookie: string | undefined) => Promise<Caller>;

/**
 * A token or session naming a party the citizen no longer holds a mandate of is refused, never read as
 * "themselves". Throws HttpError 401.
 */
export function createAuthenticator({
  issuer,
  publicJwks,
  citizen,
  hostSessions,
  dpopProofs,
}: {
  issuer: string;
  publicJwks: JSONWebKeySet;
  citizen: CitizenServices;
  hostSessions: HostSessions;
  /** where the accepted proofs are recorded (replays are refused) */
  dpopProofs: DpopProofStore;
}): Authenticator {
  const keySet = createLocalJWKSet(publicJwks);
  const checkProof = createDpopProofChecker({ issuer, proofs: dpopProofs });
  const dpopRefusal = (error: 'invalid_dpop_proof' | 'invalid_token', description: string): HttpError =>
    dpopUnauthorized(error, description, DPOP_SIGNING_ALGS);
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

  /** The token's claims when it verifies; `refuse` makes the 401 of the scheme it came with. */
  async function claimsOf(token: string, refuse: (description: string) => HttpError): Promise<JWTPayload> {
    try {
      return await verify(token);
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw refuse('The access token has expired.');
      throw refuse('The access token is not valid.');
    }
  }

  /** The key thumbprint a token is bound to (`cnf.jkt`), or undefined for an unbound token. */
  const boundTo = (payload: JWTPayload): string | undefined => {
    const cnf = payload.cnf as { jkt?: unknown } | undefined;
    return typeof cnf?.jkt === 'string' ? cnf.jkt : undefined;
  };

  async function caller(
    payload: JWTPayload,
    via: 'bearer' | 'dpop',
    refuse: (description: string) => HttpError,
  ): Promise<Caller> {
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes(API_SCOPE)) throw refuse(`The access token lacks the ${API_SCOPE} scope.`);
    const actingFor = payload[ACTING_FOR_CLAIM];
    const user = await citizen.citizen(payload.sub!, undefined);
    if (!user) throw refuse('The access token names an unknown subject.');
    if (actingFor === undefined) return { ...user, via, expiresAt: payload.exp! };
    const acting = typeof actingFor === 'string' ? await citizen.citizen(payload.sub!, actingFor) : undefined;
    if (!acting) throw refuse('The access token acts for someone the citizen may no longer act for.');
    return { ...acting, via, expiresAt: payload.exp! };
  }

  return async function authenticate(request, hostCookie) {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const dpop = DPOP.exec(header);
      if (dpop) {
        const token = dpop[1]!;
        const refuseToken = (description: string) => dpopRefusal('invalid_token', description);
        const payload = await claimsOf(token, refuseToken);
        const jkt = boundTo(payload);
        if (!jkt) throw refuseToken('The access token is not bound to a DPoP key: send it as a bearer token.');
        try {
          await checkProof({
            method: request.method,
            url: request.url,
            proof: request.headers.dpop,
            accessToken: token,
            boundTo: jkt,
          });
        } catch (error) {
          if (error instanceof DpopProofError) throw dpopRefusal('invalid_dpop_proof', error.message);
          throw error;
        }
        return caller(payload, 'dpop', refuseToken);
      }
      const bearer = BEARER.exec(header);
      if (!bearer)
        throw unauthorized('The Authorization header must be "Bearer <access token>" or "DPoP <access token>".');
      const payload = await claimsOf(bearer[1]!, unauthorized);
      // RFC 9449 section 7.2: a bound token is never a bearer token (whoever copied it would not need the key)
      if (boundTo(payload))
        throw dpopRefusal('invalid_token', 'The access token is bound to a DPoP key: send it as DPoP with a proof.');
      return caller(payload, 'bearer', unauthorized);
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
