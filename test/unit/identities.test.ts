// Identities ("acting as"): checking parties and identities from claims and sites, the ID token's claims, the
// host-mode switch URL, and the header's switchIdentity() with its cancelable request (host mode, no network).
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { LoketErrorEvent, LoketIdentitySwitchRequestEvent } from '../../src/events/events.js';
import type { LoketHeader } from '../../src/components/header/loket-header.js';
import { defineElements } from '../../src/internal/define-elements.js';
import { setSignedInLoader } from '../../src/internal/signed-in-loader.js';
import { pickHostUser, sameParty, toIdentities, toParty } from '../../src/model/identity.js';
import type { Identity, Party, ProfileUser } from '../../src/model/profile.js';
import { switchTarget } from '../../src/session/host-session.js';
import { toProfileUser } from '../../src/session/oidc-session.js';
import { captureConsole, fullConfig } from './helpers.js';

defineElements();
setSignedInLoader(() => import('../../src/signed-in.js'));

const bakery: Party = { kind: 'company', name: 'Bakkerij Peeters BV', identifier: 'BE0765432146' };
const identities: Identity[] = [{ loginHint: 'self' }, { loginHint: 'idn_bakery', onBehalfOf: bakery }];
const jan: ProfileUser = { id: 'u2', givenName: 'Jan', familyName: 'Peeters', identities };

describe('identities', () => {
  describe('checking untrusted parties and identities', () => {
    it('keeps a well-formed party with only its known fields', () => {
      expect(toParty({ ...bakery, extra: 'x' })).to.deep.equal(bakery);
      expect(toParty({ kind: 'person', name: 'Lotte', identifier: '' })).to.deep.equal({
        kind: 'person',
        name: 'Lotte',
      });
    });

    it('refuses what is not a party', () => {
      for (const value of [
        null,
        'Bakkerij',
        [],
        { kind: 'king', name: 'x' },
        { kind: 'company' },
        { kind: 'company', name: '  ' },
        { kind: 'company', name: 3 },
      ]) {
        expect(toParty(value), JSON.stringify(value)).to.equal(undefined);
      }
    });

    it('keeps well-formed identities and leaves out the others', () => {
      const checked = toIdentities([
        { loginHint: 'self' },
        { loginHint: 'idn_bakery', onBehalfOf: bakery },
        { loginHint: 'idn bad hint' },
        { loginHint: 'idn_x', onBehalfOf: { kind: 'nope', name: 'x' } },
        { onBehalfOf: bakery },
        'self',
      ]);
      expect(checked).to.deep.equal(identities);
      expect(toIdentities('self')).to.equal(undefined);
      expect(toIdentities([{ loginHint: 'a b' }])).to.equal(undefined);
    });

    it('compares parties by kind, name and identifier; "for myself" equals itself only', () => {
      expect(sameParty(undefined, undefined)).to.equal(true);
      expect(sameParty(bakery, { ...bakery })).to.equal(true);
      expect(sameParty(bakery, undefined)).to.equal(false);
      expect(sameParty(bakery, { ...bakery, identifier: 'BE0000000097' })).to.equal(false);
    });

    it('a host-mode user keeps checked identities and nothing else the site sent', () => {
      const sent = {
        ...jan,
        onBehalfOf: bakery,
        language: 'nl',
        email: 'jan@example.org',
        identities: [...identities, { loginHint: 7 }],
      } as unknown as ProfileUser;
      expect(pickHostUser(sent)).to.deep.equal({
        id: 'u2',
        givenName: 'Jan',
        familyName: 'Peeters',
        onBehalfOf: bakery,
        identities,
      });
      const broken = { ...jan, onBehalfOf: { kind: 'company' }, identities: 'all' } as unknown as ProfileUser;
      expect(pickHostUser(broken)).to.deep.equal({ id: 'u2', givenName: 'Jan', familyName: 'Peeters' });
    });
  });

  describe('the ID token claims (oidc mode)', () => {
    it('maps on_behalf_of and identities to the user', () => {
      const user = toProfileUser({
        profile: {
          sub: 'u2',
          iss: 'x',
          aud: 'y',
          exp: 0,
          iat: 0,
          given_name: 'Jan',
          family_name: 'Peeters',
          locale: 'nl',
          on_behalf_of: bakery,
          identities: [{ login_hint: 'self' }, { login_hint: 'idn_bakery', on_behalf_of: bakery }],
        },
      });
      expect(user).to.deep.equal({
        id: 'u2',
        givenName: 'Jan',
        familyName: 'Peeters',
        language: 'nl',
        onBehalfOf: bakery,
        identities,
      });
    });

    it('leaves both out when the provider sends none, or sends them malformed', () => {
      const base = { sub: 'u1', iss: 'x', aud: 'y', exp: 0, iat: 0, given_name: 'Anna', family_name: 'Peeters' };
      expect(toProfileUser({ profile: base })).to.deep.equal({ id: 'u1', givenName: 'Anna', familyName: 'Peeters' });
      expect(toProfileUser({ profile: { ...base, on_behalf_of: 'Bakkerij', identities: {} } })).to.deep.equal({
        id: 'u1',
        givenName: 'Anna',
        familyName: 'Peeters',
      });
    });
  });

  describe('the host-mode switch URL', () => {
    it('fills in {loginHint} and {returnUrl}, both URL-encoded', () => {
      const target = switchTarget('https://site.example/wissel?hint={loginHint}&terug={returnUrl}', 'idn_a/b&c');
      const url = new URL(target);
      expect(url.searchParams.get('hint')).to.equal('idn_a/b&c');
      expect(url.searchParams.get('terug')).to.equal(location.href);
      expect(target).to.contain('hint=idn_a%2Fb%26c');
    });
  });

  describe('<loket-header> switchIdentity() (host mode)', () => {
    async function signedInHeader(user: ProfileUser, auth = fullConfig().auth) {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><loket-header .config=${{ ...fullConfig(), auth }}></loket-header></div>`,
      );
      const header = wrapper.querySelector('loket-header')!;
      await header.ready;
      header.setSessionUser(user);
      await waitUntil(
        () => header.shadowRoot!.querySelector('loket-profile-menu')?.shadowRoot?.querySelector('[part="trigger"]'),
        'menu rendered',
      );
      return header;
    }
    const menuOf = (header: LoketHeader) => header.shadowRoot!.querySelector('loket-profile-menu')!;

    it('setSessionUser keeps whom the citizen acts for and their identities; the menu shows them', async () => {
      const header = await signedInHeader({ ...jan, onBehalfOf: bakery });
      expect(header.sessionState.user).to.deep.equal({ ...jan, onBehalfOf: bakery });
      const trigger = menuOf(header).shadowRoot!.querySelector('[part="trigger"]')!;
      expect(trigger.textContent).to.contain('namens Bakkerij Peeters BV');
    });

    it("resolves false for a hint that is not one of the citizen's, and when nobody is signed in", async () => {
      const header = await signedInHeader(jan);
      let requests = 0;
      header.addEventListener('loket-identity-switch-request', () => requests++);
      expect(await header.switchIdentity('idn_someone_else')).to.equal(false);
      header.setSessionUser(null);
      await waitUntil(() => header.sessionState.status === 'signed-out');
      expect(await header.switchIdentity('idn_bakery')).to.equal(false);
      expect(requests).to.equal(0);
    });

    it('fires the cancelable request on the header; a listener that cancels keeps the citizen where they are', async () => {
      const header = await signedInHeader(jan);
      const request = oneEvent<LoketIdentitySwitchRequestEvent>(header, 'loket-identity-switch-request');
      header.addEventListener('loket-identity-switch-request', (e) => e.preventDefault(), { once: true });
      const errors: string[] = [];
      header.addEventListener('loket-error', (e) => errors.push(e.code));
      expect(await header.switchIdentity('idn_bakery')).to.equal(false);
      const event = await request;
      expect(event.target).to.equal(header);
      expect([event.loginHint, event.onBehalfOf]).to.deep.equal(['idn_bakery', bakery]);
      expect(errors).to.deep.equal([]);
    });

    it('without auth.switchUrl, says switching cannot start (loket-error) and resolves false', async () => {
      const header = await signedInHeader(jan);
      const console = captureConsole('error');
      try {
        const error = oneEvent<LoketErrorEvent>(header, 'loket-error');
        expect(await header.switchIdentity('idn_bakery')).to.equal(false);
        const event = await error;
        expect(event.code).to.equal('sign-in-unavailable');
        expect(event.message).to.contain('auth.switchUrl');
      } finally {
        console.restore();
      }
    });

    it('a choice in the menu reaches the page once (composed, from the header) and then the header switches', async () => {
      const header = await signedInHeader(jan);
      const console = captureConsole('error');
      try {
        const seen: EventTarget[] = [];
        const onRequest = (e: Event) => seen.push(e.target!);
        document.addEventListener('loket-identity-switch-request', onRequest);
        const error = oneEvent<LoketErrorEvent>(header, 'loket-error');
        const menu = menuOf(header);
        menu.open = true;
        await menu.updateComplete;
        menu.shadowRoot!.querySelector<HTMLButtonElement>('[part="identities"] button')!.click();
        // no switchUrl in this config: the header tried to switch and said it could not
        expect((await error).message).to.contain('switching identity');
        document.removeEventListener('loket-identity-switch-request', onRequest);
        expect(seen).to.deep.equal([header], 'one request, retargeted to the header');
      } finally {
        console.restore();
      }
    });
  });
});
