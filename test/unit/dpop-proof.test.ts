// The DPoP proofs a signed-in page view makes without loading oidc-client-ts (src/session/dpop-proof.ts): signed
// with the key pair oidc-client-ts stored at sign-in, checked here with jose (as the service checks them) and
// against the proof oidc-client-ts itself makes with that key.
import { expect } from '@open-wc/testing';
import { EmbeddedJWK, base64url, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from 'jose';
import { DPoPState, IndexedDbDPoPStore, User, UserManager } from 'oidc-client-ts';
import { createDpopProof } from '../../src/session/dpop-proof.js';

const clientId = `loket-proof-test-${Math.random().toString(36).slice(2)}`;
const request = { url: 'https://api.lindegem.example/api/me/summary', method: 'POST', accessToken: 'at-123.ünïcode' };

async function sha256(text: string) {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

describe('DPoP proofs without oidc-client-ts', () => {
  let keys: CryptoKeyPair;
  before(async () => {
    // as oidc-client-ts makes and stores them at the first sign-in (CryptoUtils.generateDPoPKeys)
    keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    await new IndexedDbDPoPStore().set(clientId, new DPoPState(keys));
  });
  after(() => new IndexedDbDPoPStore().remove(clientId));

  it('is a dpop+jwt, ES256, signed by the stored key, with htm, htu, iat, a jti and ath', async () => {
    const proof = await createDpopProof(clientId, request);
    expect(proof).to.be.a('string');
    const { payload, protectedHeader } = await jwtVerify(proof!, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: ['ES256'],
    });
    const publicJwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
    expect(await calculateJwkThumbprint(protectedHeader.jwk!)).to.equal(await calculateJwkThumbprint(publicJwk));
    expect(Object.keys(protectedHeader.jwk!).sort(), 'the public key only').to.deep.equal(['crv', 'kty', 'x', 'y']);
    expect(payload.htm).to.equal('POST');
    expect(payload.htu).to.equal(request.url);
    expect(payload.ath).to.equal(await sha256(request.accessToken));
    expect(Math.abs(payload.iat! - Date.now() / 1000)).to.be.below(5);
    expect(payload.jti).to.match(/^[0-9a-f-]{36}$/);
  });

  it('has a new jti for every request', async () => {
    const [a, b] = await Promise.all([createDpopProof(clientId, request), createDpopProof(clientId, request)]);
    const jti = (proof: string) => JSON.parse(new TextDecoder().decode(base64url.decode(proof.split('.')[1]))).jti;
    expect(jti(a!)).to.not.equal(jti(b!));
  });

  it('has the header and the claims of the proof oidc-client-ts makes with the same key', async () => {
    const manager = new UserManager({
      authority: 'https://idp.lindegem.example',
      client_id: clientId,
      redirect_uri: location.href,
      dpop: { store: new IndexedDbDPoPStore() },
    });
    const user = new User({ access_token: request.accessToken, token_type: 'DPoP', profile: {} as User['profile'] });
    const theirs = await manager.dpopProof(request.url, user, request.method);
    const ours = await createDpopProof(clientId, request);
    const claims = (proof: string) =>
      JSON.parse(new TextDecoder().decode(base64url.decode(proof.split('.')[1]))) as Record<string, unknown>;
    expect(decodeProtectedHeader(ours!)).to.deep.equal(decodeProtectedHeader(theirs!));
    expect(Object.keys(claims(ours!)).sort()).to.deep.equal(Object.keys(claims(theirs!)).sort());
    for (const name of ['htm', 'htu', 'ath']) expect(claims(ours!)[name], name).to.equal(claims(theirs!)[name]);
  });

  it('is undefined when this browser has no key for the client (the storage was cleared)', async () => {
    expect(await createDpopProof(`${clientId}-none`, request)).to.equal(undefined);
  });
});
