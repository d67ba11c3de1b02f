// DPoP (RFC 9449) at the profile API: an access token bound to a key (`cnf.jkt`, set by the provider when the
// header's token request came with a proof) is accepted only with a fresh proof of that key for this very
// request. The proof's signature is checked by jose against the public key in its own header; everything else
// is a comparison. A proof is accepted once (its jti is recorded in the store, shared by every instance).

import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWK, type JWSHeaderParameters } from 'jose';
import type { DpopProofStore } from '../store/store.js';

/** The proof algorithms accepted, the provider's and the API's alike (asymmetric only: RFC 9449 section 4.2). */
export const DPOP_SIGNING_ALGS = ['ES256', 'Ed25519', 'EdDSA'] as const;

/**
 * How far a proof's `iat` may be from this server's clock, either way (seconds). Small, because a proof is
 * made for one request; not smaller, because browsers' clocks are often a minute or two off.
 */
export const DPOP_PROOF_WINDOW_S = 120;

/** A compact JWS: three base64url parts. Several DPoP headers (joined with ", ") or anything else are not one. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** JWK members that only a private (or symmetric) key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** the most proof keys an instance keeps imported (a browser tab keeps its key: one per signed-in tab) */
const MAX_PROOF_KEYS = 10_000;

/** Why a proof was refused (the message is the 401's description). */
export class DpopProofError extends Error {
  override readonly name = 'DpopProofError';
}

export interface ProofInput {
  /** the request's method and path (with or without its query: it is not part of `htu`) */
  method: string;
  url: string;
  /** the DPoP header as received */
  proof: string | string[] | undefined;
  /** the access token the proof must name (`ath`) */
  accessToken: string;
  /** the thumbprint the access token is bound to (`cnf.jkt`) */
  boundTo: string;
}

export type DpopProofChecker = (input: ProofInput) => Promise<void>;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** `htu` as RFC 9449 compares it: the URL without query and fragment, normalised (scheme and host case, port). */
function withoutQuery(url: string, base?: string): string | undefined {
  const parsed = URL.parse(url, base);
  if (!parsed) return undefined;
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

/**
 * `issuer`: the public URL (LOKET_PUBLIC_URL): `htu` must name the API as the citizen's browser reached it,
 * whatever address a proxy forwarded the request to. Throws DpopProofError.
 */
export function createDpopProofChecker({
  issuer,
  proofs,
  now = () => Date.now(),
}: {
  issuer: string;
  proofs: DpopProofStore;
  now?: () => number;
}): DpopProofChecker {
  // A tab signs every proof with the same key: its import (Web Crypto) and its thumbprint, by the header's
  // algorithm and key exactly as sent, are kept rather than done again for each request.
  const keys = new Map<string, { key: Awaited<ReturnType<typeof EmbeddedJWK>>; thumbprint: string }>();
  const proofKey = async (header: JWSHeaderParameters) => {
    const id = JSON.stringify([header.alg, header.jwk]);
    let entry = keys.get(id);
    if (!entry) {
      const key = await EmbeddedJWK(header, undefined);
      entry = { key, thumbprint: await calculateJwkThumbprint(header.jwk as JWK, 'sha256') };
      if (keys.size >= MAX_PROOF_KEYS) keys.clear();
      keys.set(id, entry);
    }
    return entry;
  };

  return async function checkProof({ method, url, proof, accessToken, boundTo }) {
    if (typeof proof !== 'string' || !COMPACT_JWS.test(proof))
      throw new DpopProofError('A DPoP-bound access token needs exactly one DPoP proof (the DPoP header).');

    let verified;
    let thumbprint: string | undefined;
    try {
      verified = await jwtVerify(
        proof,
        async (header) => {
          const entry = await proofKey(header);
          thumbprint = entry.thumbprint;
          return entry.key;
        },
        {
          typ: 'dpop+jwt',
          algorithms: [...DPOP_SIGNING_ALGS],
          requiredClaims: ['jti', 'htm', 'htu', 'iat'],
        },
      );
    } catch (error) {
      throw new DpopProofError(`The DPoP proof is not valid (${(error as Error).message}).`);
    }
    const { payload, protectedHeader } = verified;
    const jwk = protectedHeader.jwk as JWK;
    // jose imports only a public key from the header; said here too, since a proof with a private key in it
    // means the key is no longer secret
    if (PRIVATE_MEMBERS.some((member) => member in jwk))
      throw new DpopProofError('The DPoP proof carries a private key.');

    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256)
      throw new DpopProofError('The DPoP proof has no usable jti.');
    if (payload.htm !== method)
      throw new DpopProofError(`The DPoP proof is for another method (htm is not ${method}).`);
    const expectedHtu = withoutQuery(url, issuer);
    if (typeof payload.htu !== 'string' || withoutQuery(payload.htu) !== expectedHtu)
      throw new DpopProofError(`The DPoP proof is for another URL (htu is not ${expectedHtu}).`);

    const nowS = Math.floor(now() / 1000);
    const iat = payload.iat!;
    if (Math.abs(nowS - iat) > DPOP_PROOF_WINDOW_S)
      throw new DpopProofError(`The DPoP proof's iat is more than ${DPOP_PROOF_WINDOW_S} s from the server's time.`);

    if (payload.ath !== sha256(accessToken))
      throw new DpopProofError('The DPoP proof is for another access token (ath).');
    if (thumbprint !== boundTo)
      throw new DpopProofError('The DPoP proof is signed by another key than the one the access token is bound to.');

    // last: only a proof that passed every check is recorded. It stays recorded as long as its iat is accepted.
    const expiresAt = new Date((iat + DPOP_PROOF_WINDOW_S + 1) * 1000).toISOString();
    if (!(await proofs.remember(sha256(`${boundTo}.${payload.jti}`), expiresAt, new Date(now()).toISOString())))
      throw new DpopProofError('The DPoP proof was used before (its jti is known).');
  };
}
