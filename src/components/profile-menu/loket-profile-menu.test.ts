import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Link } from '../../config/types.js';
import type { LoketIdentitySwitchRequestEvent } from '../../events/events.js';
import type { Identity, Party, ProfileSummary, ProfileUser } from '../../model/profile.js';
import { defineSignedInElements } from '../../signed-in.js';
import { THEME_IDS, applyTheme, expectAccessible } from '../../../test/unit/helpers.js';
import { registerExtend } from '../../internal/session-actions.js';
import type { SessionState } from '../../session/types.js';
import type { LoketProfileMenu } from './loket-profile-menu.js';

defineSignedInElements();

const NOW = Date.parse('2026-11-28T12:00:00Z');
const user = { id: 'u1', givenName: 'Anna', familyName: 'Peeters' };
const links: Link[] = [
  { label: 'Mijn berichten', href: '/berichten' },
  { label: 'Mijn dossiers', href: '/dossiers' },
];

function summary(messages: number, dossiers = 0, documents = 0): ProfileSummary {
  return {
    unread: { messages, dossiers, documents },
    latest: [
      {
        id: 'm1',
        kind: 'registered',
        title: 'Aanslagbiljet',
        createdAt: '2026-11-28T10:00:00Z',
        href: '/berichten/m1',
        read: false,
      },
      {
        id: 'd1',
        kind: 'dossier',
        title: 'Omgevingsvergunning: beslist',
        createdAt: '2026-11-27T09:00:00Z',
        href: '/dossiers/d1',
        read: true,
      },
    ],
  };
}

async function renderMenu(sum: ProfileSummary | undefined, open = false, lang = 'nl', who: ProfileUser = user) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}>
      <loket-profile-menu
        .user=${who}
        .summary=${sum}
        status=${sum ? 'ready' : 'loading'}
        .links=${links}
        .now=${NOW}
        ?open=${open}
      ></loket-profile-menu>
    </div>`,
  );
  const menu = wrapper.querySelector('loket-profile-menu')!;
  await menu.updateComplete;
  return menu;
}

const trigger = (menu: LoketProfileMenu) => menu.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;
const panel = (menu: LoketProfileMenu) => menu.shadowRoot!.querySelector<HTMLElement>('[part="panel"]')!;
const accessibleText = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<loket-profile-menu>', () => {
  it('names the trigger with the citizen and the unread count', async () => {
    const menu = await renderMenu(summary(2, 1));
    expect(accessibleText(trigger(menu)))
      .to.contain('Anna Peeters')
      .and.contain(', 3 ongelezen');
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('false');
    expect(panel(menu).hidden).to.equal(true);
  });

  it('says 99+ above 99 and leaves out the count at 0', async () => {
    const many = await renderMenu(summary(100));
    expect(accessibleText(trigger(many))).to.contain('99+ ongelezen');
    const none = await renderMenu(summary(0));
    expect(accessibleText(trigger(none))).not.to.contain('ongelezen');
  });

  it('opens as a disclosure with the latest items, localized relative times, links and sign-out', async () => {
    const menu = await renderMenu(summary(1));
    trigger(menu).click();
    await menu.updateComplete;
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('true');
    expect(panel(menu).hidden).to.equal(false);
    const items = [...panel(menu).querySelectorAll('.items li')].map(accessibleText);
    expect(items[0])
      .to.contain('Aanslagbiljet')
      .and.contain('(ongelezen)')
      .and.contain('Aangetekende zending')
      .and.contain('2 uur geleden');
    expect(items[1]).to.contain('Dossier').and.contain('gisteren');
    expect([...panel(menu).querySelectorAll('.links a')].map((a) => a.getAttribute('href'))).to.deep.equal([
      '/berichten',
      '/dossiers',
    ]);
    expect(panel(menu).querySelector('[part="sign-out"]')!.textContent).to.equal('Afmelden');
    expect(menu.shadowRoot!.querySelector('[role="menu"]'), 'a disclosure, not an ARIA menu').to.equal(null);
  });

  it('speaks French in a French page', async () => {
    const menu = await renderMenu(summary(1), true, 'fr');
    expect(accessibleText(panel(menu)))
      .to.contain('il y a 2 heures')
      .and.contain('Se déconnecter');
  });

  it('opens its panel in the top layer, under the button, ending at its right edge and inside the viewport', async () => {
    const menu = await renderMenu(summary(2));
    trigger(menu).click();
    await menu.updateComplete;
    expect(panel(menu).matches(':popover-open'), 'a popover: no z-index of the page covers it').to.equal(true);
    const button = trigger(menu).getBoundingClientRect();
    const box = panel(menu).getBoundingClientRect();
    expect(box.top).to.equal(button.bottom + 8);
    expect(box.right).to.equal(button.right);
    expect(box.bottom).to.be.at.most(document.documentElement.clientHeight - 8);
    trigger(menu).click();
    await menu.updateComplete;
    expect(panel(menu).matches(':popover-open')).to.equal(false);
  });

  it('closes on Escape and returns focus to the trigger', async () => {
    const menu = await renderMenu(summary(1), true);
    const link = panel(menu).querySelector<HTMLAnchorElement>('.links a')!;
    link.focus();
    link.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await menu.updateComplete;
    expect(menu.open).to.equal(false);
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('false');
    expect(menu.shadowRoot!.activeElement).to.equal(trigger(menu));
  });

  it('closes on a click outside', async () => {
    const menu = await renderMenu(summary(1), true);
    document.body.click();
    await menu.updateComplete;
    expect(menu.open).to.equal(false);
  });

  it('fires a cancelable loket-sign-out-request, then loket-sign-out unless cancelled', async () => {
    const menu = await renderMenu(summary(1), true);
    const signOut = panel(menu).querySelector<HTMLButtonElement>('[part="sign-out"]')!;
    let confirmed = 0;
    menu.addEventListener('loket-sign-out', () => confirmed++);
    const cancel = (e: Event) => e.preventDefault();
    document.addEventListener('loket-sign-out-request', cancel, { once: true });
    signOut.click();
    expect(confirmed, 'cancelled by the page').to.equal(0);
    const request = oneEvent<Event>(document, 'loket-sign-out-request');
    signOut.click();
    expect((await request).cancelable).to.equal(true);
    expect(confirmed).to.equal(1);
  });

  it('shows a loading note, then a short message when the summary is unavailable', async () => {
    const menu = await renderMenu(undefined, true);
    expect(accessibleText(panel(menu))).to.contain('Bezig met laden');
    menu.status = 'unavailable';
    await menu.updateComplete;
    expect(panel(menu).querySelector('[role="status"]')!.textContent).to.contain('kunnen nu niet geladen worden');
  });

  describe('identities', () => {
    const bakery: Party = { kind: 'company', name: 'Bakkerij Peeters BV', identifier: 'BE0765432146' };
    const lotte: Party = { kind: 'person', name: 'Lotte Peeters' };
    const identities: Identity[] = [
      { loginHint: 'self' },
      { loginHint: 'idn_lotte', onBehalfOf: lotte },
      { loginHint: 'idn_bakery', onBehalfOf: bakery },
    ];
    const jan: ProfileUser = { id: 'u2', givenName: 'Jan', familyName: 'Peeters', identities };
    const janForBakery: ProfileUser = { ...jan, onBehalfOf: bakery };
    const identityButtons = (menu: LoketProfileMenu) => [
      ...panel(menu).querySelectorAll<HTMLButtonElement>('[part="identities"] button'),
    ];

    it('says for whom the citizen acts, in the trigger (and its accessible name) and the panel', async () => {
      const menu = await renderMenu(summary(2, 1), false, 'nl', janForBakery);
      expect(accessibleText(trigger(menu))).to.contain('Jan Peeters, namens Bakkerij Peeters BV, 3 ongelezen');
      expect(trigger(menu).querySelector('.acting')!.textContent).to.contain('namens Bakkerij Peeters BV');
      expect(accessibleText(panel(menu).querySelector('.on-behalf-of')!)).to.equal(
        'namens Bakkerij Peeters BV (BE0765432146)',
      );
    });

    it('says nothing about acting for someone when the citizen acts for themselves', async () => {
      const menu = await renderMenu(summary(1), true, 'nl', jan);
      expect(accessibleText(trigger(menu))).not.to.contain('namens');
      expect(panel(menu).querySelector('.on-behalf-of')).to.equal(null);
      expect(accessibleText(panel(menu))).not.to.contain('namens');
    });

    it('lists the other identities under "Wisselen van identiteit", never the current one', async () => {
      const forBakery = await renderMenu(summary(1), true, 'nl', janForBakery);
      expect(panel(forBakery).querySelector('#identities-heading')!.textContent).to.equal('Wisselen van identiteit');
      expect(panel(forBakery).querySelector('[part="identities"]')!.getAttribute('aria-labelledby')).to.equal(
        'identities-heading',
      );
      expect(identityButtons(forBakery).map(accessibleText)).to.deep.equal([
        'Jan Peeters (mezelf)',
        'Lotte Peeters, Persoon',
      ]);

      const forHimself = await renderMenu(summary(1), true, 'nl', jan);
      expect(identityButtons(forHimself).map(accessibleText)).to.deep.equal([
        'Lotte Peeters, Persoon',
        'Bakkerij Peeters BV, Onderneming · BE0765432146',
      ]);
    });

    it('has no identity list with one identity or none', async () => {
      for (const who of [user, { ...jan, identities: [{ loginHint: 'self' }] }]) {
        const menu = await renderMenu(summary(1), true, 'nl', who);
        expect(panel(menu).querySelector('[part="identities"]')).to.equal(null);
        expect(accessibleText(panel(menu))).not.to.contain('Wisselen van identiteit');
      }
    });

    it('speaks French: au nom de, Changer d’identité, moi-même', async () => {
      const menu = await renderMenu(summary(1), true, 'fr', janForBakery);
      expect(accessibleText(trigger(menu))).to.contain('au nom de Bakkerij Peeters BV');
      expect(accessibleText(panel(menu)))
        .to.contain('Changer d’identité')
        .and.contain('Jan Peeters (moi-même)')
        .and.contain('Personne');
    });

    it('fires a cancelable, composed loket-identity-switch-request, then loket-identity-switch unless cancelled', async () => {
      const menu = await renderMenu(summary(1), true, 'nl', jan);
      const switched: string[] = [];
      menu.addEventListener('loket-identity-switch', (e) => switched.push(e.loginHint));
      document.addEventListener('loket-identity-switch-request', (e) => e.preventDefault(), { once: true });
      identityButtons(menu)[1].click();
      expect(switched, 'cancelled by the page').to.deep.equal([]);
      expect(menu.open, 'a cancelled choice leaves the panel open').to.equal(true);

      const request = oneEvent<LoketIdentitySwitchRequestEvent>(document, 'loket-identity-switch-request');
      identityButtons(menu)[1].click();
      const event = await request;
      expect([event.cancelable, event.composed, event.bubbles]).to.deep.equal([true, true, true]);
      expect(event.loginHint).to.equal('idn_bakery');
      expect(event.onBehalfOf).to.deep.equal(bakery);
      expect(switched).to.deep.equal(['idn_bakery']);
      expect(menu.open).to.equal(false);
    });

    it('is usable by keyboard: the identities are buttons in the tab order; Escape returns to the trigger', async () => {
      const menu = await renderMenu(summary(1), true, 'nl', janForBakery);
      const buttons = identityButtons(menu);
      expect(buttons.every((b) => b.type === 'button' && b.tabIndex === 0)).to.equal(true);
      buttons[0].focus();
      expect(menu.shadowRoot!.activeElement).to.equal(buttons[0]);
      await sendKeys({ press: 'Tab' });
      expect(menu.shadowRoot!.activeElement, 'Tab reaches the next identity').to.equal(buttons[1]);
      const request = oneEvent<LoketIdentitySwitchRequestEvent>(menu, 'loket-identity-switch-request');
      await sendKeys({ press: 'Enter' });
      expect((await request).loginHint).to.equal('idn_lotte');
      menu.open = true;
      await menu.updateComplete;
      identityButtons(menu)[1].focus();
      identityButtons(menu)[1].dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
      );
      await menu.updateComplete;
      expect(menu.open).to.equal(false);
      expect(menu.shadowRoot!.activeElement).to.equal(trigger(menu));
    });

    for (const theme of THEME_IDS) {
      it(`is accessible (axe, colour contrast on) in theme ${theme}, acting for a company, closed and open`, async () => {
        const removeTheme = await applyTheme(theme);
        try {
          const menu = await renderMenu(summary(3), false, 'nl', janForBakery);
          await expectAccessible(menu);
          trigger(menu).click();
          await menu.updateComplete;
          expect(identityButtons(menu).length).to.equal(2);
          await expectAccessible(menu);
        } finally {
          removeTheme();
        }
      });
    }
  });

  describe('the session warning', () => {
    async function renderWithSession(state: SessionState) {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang="nl"><loket-profile-menu .session=${state}></loket-profile-menu></div>`,
      );
      const menu = wrapper.querySelector('loket-profile-menu')!;
      await menu.updateComplete;
      return menu;
    }
    const warningOf = (menu: LoketProfileMenu) => menu.shadowRoot!.querySelector('loket-session-warning');
    const extendButton = (menu: LoketProfileMenu) =>
      warningOf(menu)!.shadowRoot!.querySelector<HTMLButtonElement>('[part="extend"]')!;
    const end = () => Date.now() + 90_000;

    it("shows the session's user, and no warning while the session is not expiring", async () => {
      const menu = await renderWithSession({ status: 'signed-in', user, expiresAt: end() });
      expect(accessibleText(trigger(menu))).to.contain('Anna Peeters');
      expect(warningOf(menu)).to.equal(null);
    });

    it('shows the warning while expiring; "Aangemeld blijven" extends through the state, a refusal says so', async () => {
      let resolve!: (extended: boolean) => void;
      let calls = 0;
      const state = registerExtend({ status: 'signed-in', user, expiresAt: end(), expiring: true }, () => {
        calls++;
        return new Promise<boolean>((r) => (resolve = r));
      });
      const menu = await renderWithSession(state);
      const warning = warningOf(menu)!;
      expect(warning.expiresAt).to.equal(state.expiresAt);
      extendButton(menu).click();
      await menu.updateComplete;
      expect(calls).to.equal(1);
      expect(warning.status).to.equal('extending');
      resolve(false);
      await new Promise((r) => setTimeout(r));
      await menu.updateComplete;
      expect(warning.status).to.equal('failed');
    });

    it('a new end (extended) removes the warning; a later warning starts afresh', async () => {
      const first = registerExtend({ status: 'signed-in', user, expiresAt: end(), expiring: true }, async () => false);
      const menu = await renderWithSession(first);
      extendButton(menu).click();
      await new Promise((r) => setTimeout(r));
      await menu.updateComplete;
      expect(warningOf(menu)!.status).to.equal('failed');
      menu.session = { status: 'signed-in', user, expiresAt: end() + 600_000 };
      await menu.updateComplete;
      expect(warningOf(menu)).to.equal(null);
      menu.session = { status: 'signed-in', user, expiresAt: end() + 600_000, expiring: true };
      await menu.updateComplete;
      expect(warningOf(menu)!.status).to.equal('open');
    });

    it('"Afmelden" in the warning signs out as the menu does', async () => {
      const menu = await renderWithSession({ status: 'signed-in', user, expiresAt: end(), expiring: true });
      const signOut = oneEvent(menu, 'loket-sign-out');
      warningOf(menu)!.shadowRoot!.querySelector<HTMLButtonElement>('[part="sign-out"]')!.click();
      await signOut;
    });
  });

  describe('accessibility (axe, colour contrast on)', () => {
    for (const theme of THEME_IDS) {
      for (const count of [0, 1, 100]) {
        it(`theme ${theme}, ${count} unread, closed and open`, async () => {
          const removeTheme = await applyTheme(theme);
          try {
            const menu = await renderMenu(summary(count));
            await expectAccessible(menu);
            trigger(menu).click();
            await menu.updateComplete;
            expect(trigger(menu).getAttribute('aria-expanded')).to.equal('true');
            await expectAccessible(menu);
          } finally {
            removeTheme();
          }
        });
      }
    }
  });
});
