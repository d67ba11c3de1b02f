// The tokens and the DPoP key as oidc-client-ts stores them, read and removed without it (src/session/
// stored-user.ts, dpop-proof.ts): the same sessionStorage entry and IndexedDB key pair as a real UserManager's, in
// both directions, and nothing of either left once a session ends (OidcSession.forget).
import { expect } from '@open-wc/testing';
import { DPoPState, IndexedDbDPoPStore, User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { OidcSession } from '../../src/session/oidc-session.js';
import { parseStoredUser, StoredUserEntry, toStorageString } from '../../src/session/stored-user.js';
import { oidcUserKey } from '../../src/session/tab-channel.js';

const authority = 'https://idp.lindegem.example';
const clientId = `loket-stored-test-${Math.random().toString(36).slice(2)}`;

/** A UserManager with the header's storage settings (src/session/oidc-client.ts). */
const manager = () =>
  new UserManager({
    authority,
    client_id: clientId,
    redirect_uri: location.href,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    dpop: { store: new IndexedDbDPoPStore() },
  });

const anna = () =>
  new User({
    id_token: 'id.token.sig',
    session_state: null,
    access_token: 'access-1',
    refresh_token: 'refresh-1',
    token_type: 'DPoP',
    scope: 'openid profile',
    profile: { sub: 'anna', iss: authority, aud: clientId, exp: 2, iat: 1, given_name: 'Anna' },
    expires_at: Math.floor(Date.now() / 1000) + 300,
  });

describe('the tokens oidc-client-ts stored, read without it', () => {
  afterEach(() => sessionStorage.clear());

  it('reads what a UserManager stored, under the key the header computes', async () => {
    await manager().storeUser(anna());
    const stored = new StoredUserEntry(oidcUserKey(authority, clientId)).get();
    expect(stored).to.deep.equal(JSON.parse(anna().toStorageString()));
  });

  it('writes what a UserManager reads back as the same user', async () => {
    new StoredUserEntry(oidcUserKey(authority, clientId)).set(parseStoredUser(anna().toStorageString())!);
    const read = await manager().getUser();
    expect(read?.toStorageString()).to.equal(anna().toStorageString());
    expect(read?.expired).to.equal(false);
  });

  it('hands other tabs the tokens without the refresh token', () => {
    const handed = JSON.parse(toStorageString(parseStoredUser(anna().toStorageString())!, false));
    expect(handed.refresh_token).to.equal(undefined);
    expect(handed.access_token).to.equal('access-1');
    expect(User.fromStorageString(JSON.stringify(handed)).profile.given_name).to.equal('Anna');
  });

  it('takes no malformed entry for tokens', () => {
    for (const text of [null, '', '{', '[]', '{"access_token":1}', '{"access_token":"a","token_type":"Bearer"}'])
      expect(parseStoredUser(text), String(text)).to.equal(null);
  });
});

describe('a session that ends leaves nothing behind', () => {
  it('forget() removes the tokens and the DPoP key, as oidc-client-ts removeUser does', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const store = new IndexedDbDPoPStore();
    await store.set(clientId, new DPoPState(keys));
    await manager().storeUser(anna());
    const session = new OidcSession({ authority, clientId });
    try {
      await session.forget();
      expect(sessionStorage.getItem(oidcUserKey(authority, clientId))).to.equal(null);
      expect(await store.get(clientId)).to.equal(undefined);
      expect(session.state).to.deep.equal({ status: 'signed-out', ended: true });
    } finally {
      session.dispose();
    }
  });
});
