import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Link } from '../../config/types.js';
import type { ProfileSummary } from '../../model/profile.js';
import { defineSignedInElements } from '../../signed-in.js';
import { THEME_IDS, applyTheme } from '../../../test/unit/helpers.js';
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
      { id: 'm1', kind: 'registered', title: 'Aanslagbiljet', createdAt: '2026-11-28T10:00:00Z', href: '/berichten/m1', read: false },
      { id: 'd1', kind: 'dossier', title: 'Omgevingsvergunning: beslist', createdAt: '2026-11-27T09:00:00Z', href: '/dossiers/d1', read: true },
    ],
  };
}

async function renderMenu(sum: ProfileSummary | undefined, open = false, lang = 'nl') {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}>
    <loket-profile-menu .user=${user} .summary=${sum} status=${sum ? 'ready' : 'loading'} .links=${links} .now=${NOW} ?open=${open}></loket-profile-menu>
  </div>`);
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
    expect(accessibleText(trigger(menu))).to.contain('Anna Peeters').and.contain(', 3 ongelezen');
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
    expect(items[0]).to.contain('Aanslagbiljet').and.contain('(ongelezen)').and.contain('Aangetekende zending').and.contain('2 uur geleden');
    expect(items[1]).to.contain('Dossier').and.contain('gisteren');
    expect([...panel(menu).querySelectorAll('.links a')].map((a) => a.getAttribute('href'))).to.deep.equal(['/berichten', '/dossiers']);
    expect(panel(menu).querySelector('[part="sign-out"]')!.textContent).to.equal('Afmelden');
    expect(menu.shadowRoot!.querySelector('[role="menu"]'), 'a disclosure, not an ARIA menu').to.equal(null);
  });

  it('speaks French in a French page', async () => {
    const menu = await renderMenu(summary(1), true, 'fr');
    expect(accessibleText(panel(menu))).to.contain('il y a 2 heures').and.contain('Se déconnecter');
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

  describe('accessibility (axe, colour contrast on)', () => {
    for (const theme of THEME_IDS) {
      for (const count of [0, 1, 100]) {
        it(`theme ${theme}, ${count} unread, closed and open`, async () => {
          const removeTheme = await applyTheme(theme);
          try {
            const menu = await renderMenu(summary(count));
            await expect(menu).to.be.accessible();
            trigger(menu).click();
            await menu.updateComplete;
            expect(trigger(menu).getAttribute('aria-expanded')).to.equal('true');
            await expect(menu).to.be.accessible();
          } finally {
            removeTheme();
          }
        });
      }
    }
  });
});
