// The renewal lock of the oidc mode (src/session/oidc-session.ts): tabs that need a token at the same moment,
// their access token within the renewal margin, renew it once, under a Web Lock; the others take the renewed
// tokens. Three OidcSession objects play three tabs (one page: they share the lock, the BroadcastChannel and
// the storage); the provider is a stub that counts refresh-token grants and answers after a delay.
import { expect } from '@open-wc/testing';
import { User } from 'oidc-client-ts';
import { OidcSession } from '../../src/session/oidc-session.js';

const OPTIONS = {
  authority: 'https://idp.lindegem.example',
  clientId: `loket-lock-test-${Math.random().toString(36).slice(2)}`,
};

function user(token: string, expiresIn: number) {
  return new User({
    access_token: token,
    token_type: 'Bearer',
    refresh_token: `refresh-${token}`,
    scope: 'openid profile',
    profile: { sub: 'anna', iss: OPTIONS.authority, aud: OPTIONS.clientId, exp: 0, iat: 0 },
    expires_at: Math.floor(Date.now() / 1000) + expiresIn,
  });
}

interface Internals {
  /** oidc-client-ts's UserManager, loaded on first use: here a provider stub that counts grants. */
  manager: () => Promise<{ signinSilent: () => Promise<User> }>;
  checkIdToken(user: User): Promise<void>;
}

/** Stores tokens where oidc-client-ts keeps them (and the session reads them): this page's sessionStorage. */
const storeUser = (stored: User) =>
  sessionStorage.setItem(`oidc.user:${OPTIONS.authority}:${OPTIONS.clientId}`, stored.toStorageString());

/** Three "tabs" signed in with an access token 10 s from expiry (the margin is 30 s); grants counts renewals. */
async function threeTabs({ providerDelayMs = 100 } = {}) {
  const grants: string[] = [];
  const tabs = [0, 1, 2].map(() => new OidcSession(OPTIONS));
  for (const tab of tabs) {
    const internals = tab as unknown as Internals;
    internals.checkIdToken = async () => {};
    const signinSilent = async () => {
      grants.push('refresh_token');
      await new Promise((resolve) => setTimeout(resolve, providerDelayMs));
      const renewed = user(`renewed-${grants.length}`, 300);
      storeUser(renewed);
      return renewed;
    };
    internals.manager = async () => ({ signinSilent });
  }
  storeUser(user('stale', 10));
  return { tabs, grants };
}

const bearer = async (tab: OidcSession) =>
  new Headers((await tab.authorize('https://api.lindegem.example/me/summary', {})).headers).get('authorization');

describe('the renewal lock (Web Locks)', () => {
  let cleanup: OidcSession[] = [];
  afterEach(async () => {
    for (const tab of cleanup) tab.dispose();
    cleanup = [];
    sessionStorage.clear();
    localStorage.removeItem(`loket:token-generation:${OPTIONS.clientId}`);
  });

  it('three tabs asking for a token at once renew it once and all use the renewed token', async () => {
    const { tabs, grants } = await threeTabs();
    cleanup = tabs;
    const headers = await Promise.all(tabs.map(bearer));
    expect(grants, 'one refresh-token grant').to.deep.equal(['refresh_token']);
    expect(headers).to.deep.equal(['Bearer renewed-1', 'Bearer renewed-1', 'Bearer renewed-1']);
  });

  it('holds the lock for the whole renewal: a slow provider still gets one grant', async () => {
    const { tabs, grants } = await threeTabs({ providerDelayMs: 1500 });
    cleanup = tabs;
    await Promise.all(tabs.map(bearer));
    expect(grants).to.have.length(1);
  });

  it('renews again when the renewed token is itself near its expiry (a later round, one grant again)', async () => {
    const { tabs, grants } = await threeTabs();
    cleanup = tabs;
    await Promise.all(tabs.map(bearer));
    storeUser(user('renewed-1', 5));
    await Promise.all(tabs.map(bearer));
    expect(grants).to.have.length(2);
  });

  it('a token outside the margin is used as it is, without a grant', async () => {
    const { tabs, grants } = await threeTabs();
    cleanup = tabs;
    storeUser(user('fresh', 300));
    expect(await Promise.all(tabs.map(bearer))).to.deep.equal(['Bearer fresh', 'Bearer fresh', 'Bearer fresh']);
    expect(grants).to.deep.equal([]);
  });
});
