import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { HelpOption } from '../../config/types.js';
import type { LoketErrorEvent, LoketHelpToggleEvent } from '../../events/events.js';
import { defineHelpElements } from '../../help.js';
import { THEME_IDS, applyTheme, expectAccessible } from '../../../test/unit/helpers.js';
import { dialString, type HelpConfig, type LoketHelpMenu } from './loket-help-menu.js';

defineHelpElements();

/** A Wednesday, noon UTC. */
const WEDNESDAY = Date.parse('2026-11-25T12:00:00Z');

const phone: HelpOption = {
  kind: 'phone',
  label: { nl: 'Bel het onthaal', fr: 'Appelez l’accueil' },
  value: '+32 (0)9 123 45 67',
  hours: {
    mon: [{ from: '09:00', to: '12:30' }],
    wed: [
      { from: '13:30', to: '19:00' },
      { from: '09:00', to: '12:00' },
    ],
  },
};
const email: HelpOption = { kind: 'email', label: 'Mail ons', value: 'info@lindegem.example' };
const chat: HelpOption = { kind: 'link', label: { nl: 'Chat met ons', en: 'Chat with us' }, value: '/contact/chat' };
const address: HelpOption = { kind: 'address', label: 'Gemeentehuis', value: 'Marktplein 1\n9999 Lindegem' };
const hours: HelpOption = {
  kind: 'hours',
  label: { nl: 'Openingsuren loket', fr: 'Heures d’ouverture du guichet' },
  hours: {
    mon: [{ from: '09:00', to: '12:00' }],
    tue: [{ from: '09:00', to: '12:00' }],
    wed: [
      { from: '09:00', to: '12:00' },
      { from: '14:00', to: '19:00' },
    ],
    thu: [],
    fri: [{ from: '09:00', to: '12:00' }],
  },
};
const allOptions = (): HelpConfig => ({ options: [phone, email, chat, address, hours] });

async function renderMenu(help: HelpConfig | undefined, { open = false, lang = 'nl', width = 1024 } = {}) {
  // On the header bar's colour, where the button lives (its text colour is made for the bar).
  const wrapper = await fixture<HTMLDivElement>(
    html`<div
      lang=${lang}
      style="width: ${width}px; display: flex; justify-content: flex-end; background: var(--loket-header-background-color, #fff)"
    >
      <loket-help-menu .help=${help} .now=${WEDNESDAY} ?open=${open}></loket-help-menu>
    </div>`,
  );
  const menu = wrapper.querySelector('loket-help-menu')!;
  await menu.updateComplete;
  return menu;
}

const trigger = (menu: LoketHelpMenu) => menu.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;
const panel = (menu: LoketHelpMenu) => menu.shadowRoot!.querySelector<HTMLElement>('[part="panel"]')!;
/** The text as rendered (lines and block boxes become spaces), including visually hidden text. */
const text = (el: Element) => (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim();
const options = (menu: LoketHelpMenu) => [...panel(menu).querySelectorAll<HTMLLIElement>('.option')];
const days = (option: Element) =>
  [...option.querySelectorAll('.day')].map((day) => [text(day.querySelector('dt')!), text(day.querySelector('dd')!)]);

describe('<loket-help-menu>', () => {
  it('checks its options: bad ones are left out and reported (one console.error, one loket-error)', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const menu = document.createElement('loket-help-menu');
      menu.help = {
        options: [
          email,
          { kind: 'phone', label: 'Bel ons', value: 'call me' },
          { kind: 'link', label: 'Chat', value: 'javascript:alert(1)' },
        ],
      };
      const reported = oneEvent<LoketErrorEvent>(wrapper, 'loket-error');
      wrapper.append(menu);
      const event = await reported;
      expect(event.code).to.equal('config-invalid');
      expect(event.issues.map((issue) => issue.path)).to.deep.equal(['help.options[1].value', 'help.options[2].value']);
      expect(event.composed, 'heard outside the header').to.equal(true);
      await menu.updateComplete;
      expect(options(menu).map((li) => li.className.trim())).to.deep.equal(['option email']);
      expect(errors.length).to.equal(1);
      expect(errors[0]).to.contain('help.options[1].value').and.contain('a phone number');
    } finally {
      console.error = original;
    }
  });

  it('renders nothing without options', async () => {
    const none = await renderMenu(undefined);
    expect(none.shadowRoot!.childElementCount).to.equal(0);
    const empty = await renderMenu({ options: [] });
    expect(empty.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('is a closed disclosure button "Hulp nodig?" by default', async () => {
    const menu = await renderMenu(allOptions());
    expect(text(trigger(menu))).to.equal('Hulp nodig?');
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('false');
    expect(trigger(menu).getAttribute('aria-controls')).to.equal('panel');
    expect(menu.shadowRoot!.getElementById('panel'), 'aria-controls points into the same shadow root').to.equal(
      panel(menu),
    );
    expect(panel(menu).hidden).to.equal(true);
    expect(menu.open).to.equal(false);
    expect(menu.hasAttribute('open')).to.equal(false);
    expect(menu.shadowRoot!.querySelector('[role="menu"]'), 'a disclosure, not an ARIA menu').to.equal(null);
  });

  it('takes its label from the config, in the page language', async () => {
    const menu = await renderMenu({ ...allOptions(), label: { nl: 'Contact', fr: 'Nous contacter' } }, { lang: 'fr' });
    expect(text(trigger(menu))).to.equal('Nous contacter');
  });

  it('opens and closes with the button, with aria-expanded, the open attribute and loket-help-toggle', async () => {
    const menu = await renderMenu(allOptions());
    const opened = oneEvent<LoketHelpToggleEvent>(document, 'loket-help-toggle');
    trigger(menu).click();
    const event = await opened;
    expect(event.open).to.equal(true);
    expect(event.bubbles && event.composed, 'bubbles out of the shadow root').to.equal(true);
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('true');
    expect(panel(menu).hidden).to.equal(false);
    expect(menu.hasAttribute('open'), 'open is reflected').to.equal(true);
    const closed = oneEvent<LoketHelpToggleEvent>(menu, 'loket-help-toggle');
    trigger(menu).click();
    expect((await closed).open).to.equal(false);
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('false');
    expect(panel(menu).hidden).to.equal(true);
  });

  it('show(), hide() and toggle() drive the same state; toggle() returns it', async () => {
    const menu = await renderMenu(allOptions());
    menu.show();
    await menu.updateComplete;
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('true');
    menu.hide();
    await menu.updateComplete;
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('false');
    expect(menu.toggle()).to.equal(true);
    await menu.updateComplete;
    expect(panel(menu).hidden).to.equal(false);
    expect(menu.toggle()).to.equal(false);
    await menu.updateComplete;
    expect(panel(menu).hidden).to.equal(true);
  });

  it('fires no toggle event for its initial state', async () => {
    let events = 0;
    const count = () => events++;
    document.addEventListener('loket-help-toggle', count);
    try {
      await renderMenu(allOptions(), { open: true });
      await renderMenu(allOptions());
    } finally {
      document.removeEventListener('loket-help-toggle', count);
    }
    expect(events).to.equal(0);
  });

  it('shows a phone number as a tel: link, with the digits to dial', async () => {
    const menu = await renderMenu({ options: [phone] }, { open: true });
    const [option] = options(menu);
    expect(text(option.querySelector('.option-label')!)).to.equal('Bel het onthaal');
    const link = option.querySelector<HTMLAnchorElement>('a')!;
    expect(link.textContent).to.equal('+32 (0)9 123 45 67');
    expect(link.getAttribute('href')).to.equal('tel:+3291234567');
    expect(link.getAttribute('aria-describedby'), 'the link is described by its label').to.equal(
      option.querySelector('.option-label')!.id,
    );
    expect(dialString('(09) 123.45.67')).to.equal('091234567');
    expect(dialString('+32 2 123/45 67')).to.equal('+3221234567');
  });

  it('shows opening hours under a phone line, Monday to Sunday (capitalized), several periods a day in order', async () => {
    const menu = await renderMenu({ options: [phone] }, { open: true });
    const [option] = options(menu);
    expect(text(option.querySelector('.hours-heading')!)).to.equal('Openingsuren');
    expect(days(option)).to.deep.equal([
      ['Maandag', '09:00 tot 12:30'],
      ['Dinsdag', 'Gesloten'],
      ['Woensdag (vandaag)', '09:00 tot 12:00 13:30 tot 19:00'],
      ['Donderdag', 'Gesloten'],
      ['Vrijdag', 'Gesloten'],
      ['Zaterdag', 'Gesloten'],
      ['Zondag', 'Gesloten'],
    ]);
    expect(option.querySelectorAll('.today').length, 'one day is today').to.equal(1);
    expect(option.querySelectorAll('.today .slot').length).to.equal(2);
  });

  it('shows an e-mail address as a mailto: link', async () => {
    const menu = await renderMenu({ options: [email] }, { open: true });
    const link = options(menu)[0].querySelector<HTMLAnchorElement>('a')!;
    expect(link.getAttribute('href')).to.equal('mailto:info@lindegem.example');
    expect(link.textContent).to.equal('info@lindegem.example');
  });

  it('shows a chat or contact form as a link named by its label, and leaves out an unsafe one', async () => {
    const menu = await renderMenu(
      { options: [chat, { kind: 'link', label: 'Kwaad', value: 'javascript:alert(1)' }] },
      { open: true },
    );
    const links = [...panel(menu).querySelectorAll<HTMLAnchorElement>('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).to.deep.equal([
      ['Chat met ons', '/contact/chat'],
    ]);
  });

  it('shows an address line by line, as text', async () => {
    const menu = await renderMenu(
      { options: [{ ...address, value: 'Marktplein 1\n<b>9999</b> Lindegem' }] },
      { open: true },
    );
    const value = options(menu)[0].querySelector('.address')!;
    expect(value.querySelectorAll('br').length).to.equal(1);
    expect(value.querySelector('b'), 'text, never HTML').to.equal(null);
    expect(text(value)).to.equal('Marktplein 1 <b>9999</b> Lindegem');
  });

  it('shows opening hours alone, with closed days', async () => {
    const menu = await renderMenu({ options: [hours] }, { open: true });
    const [option] = options(menu);
    expect(text(option.querySelector('.option-label')!)).to.equal('Openingsuren loket');
    expect(option.querySelector('.hours-heading'), 'the label is the heading').to.equal(null);
    const table = days(option);
    expect(table.map(([, hoursText]) => hoursText)).to.deep.equal([
      '09:00 tot 12:00',
      '09:00 tot 12:00',
      '09:00 tot 12:00 14:00 tot 19:00',
      'Gesloten',
      '09:00 tot 12:00',
      'Gesloten',
      'Gesloten',
    ]);
    expect(option.querySelectorAll('dd.closed').length).to.equal(3);
  });

  it('speaks the closest lang, live: French, English and German days and times', async () => {
    const menu = await renderMenu({ options: [hours] }, { open: true, lang: 'fr' });
    const option = () => options(menu)[0];
    expect(text(trigger(menu))).to.equal('Besoin d’aide ?');
    expect(text(option().querySelector('.option-label')!)).to.equal('Heures d’ouverture du guichet');
    expect(days(option())[0]).to.deep.equal(['Lundi', 'de 09:00 à 12:00']);
    expect(days(option())[3]).to.deep.equal(['Jeudi', 'Fermé']);
    menu.parentElement!.lang = 'en';
    await new Promise((resolve) => setTimeout(resolve));
    await menu.updateComplete;
    expect(text(trigger(menu))).to.equal('Need help?');
    expect(days(option())[0]).to.deep.equal(['Monday', '09:00 AM to 12:00 PM']);
    expect(days(option())[2][0]).to.equal('Wednesday (today)');
    menu.parentElement!.lang = 'de-AT';
    await new Promise((resolve) => setTimeout(resolve));
    await menu.updateComplete;
    expect(text(trigger(menu))).to.equal('Hilfe nötig?');
    expect(days(option())[6]).to.deep.equal(['Sonntag', 'Geschlossen']);
  });

  it('closes on Escape and returns focus to the button', async () => {
    const menu = await renderMenu(allOptions(), { open: true });
    const link = panel(menu).querySelector<HTMLAnchorElement>('a')!;
    link.focus();
    link.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await menu.updateComplete;
    expect(menu.open).to.equal(false);
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('false');
    expect(menu.shadowRoot!.activeElement).to.equal(trigger(menu));
  });

  it('does not swallow Escape when closed', async () => {
    const menu = await renderMenu(allOptions());
    let reachedPage = false;
    document.addEventListener('keydown', () => (reachedPage = true), { once: true });
    trigger(menu).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(reachedPage).to.equal(true);
  });

  it('returns focus to the button when hide() closes it with focus inside', async () => {
    const menu = await renderMenu(allOptions(), { open: true });
    panel(menu).querySelector<HTMLAnchorElement>('a')!.focus();
    menu.hide();
    await menu.updateComplete;
    expect(menu.shadowRoot!.activeElement).to.equal(trigger(menu));
  });

  it('closes on a click outside, not on a click inside', async () => {
    const menu = await renderMenu(allOptions(), { open: true });
    panel(menu).querySelector<HTMLElement>('.option-label')!.click();
    await menu.updateComplete;
    expect(menu.open).to.equal(true);
    document.body.click();
    await menu.updateComplete;
    expect(menu.open).to.equal(false);
    expect(trigger(menu).getAttribute('aria-expanded')).to.equal('false');
  });

  it('stays hidden inside a hidden parent (the header hides its bar until the theme is there)', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="visibility: hidden">
        <loket-help-menu .help=${allOptions()}></loket-help-menu>
      </div>`,
    );
    const menu = wrapper.querySelector('loket-help-menu')!;
    await menu.updateComplete;
    expect(getComputedStyle(trigger(menu)).visibility).to.equal('hidden');
  });

  it('keeps long labels and values inside the panel', async () => {
    const long = 'Dienst Burgerzaken en Bevolking, loket voor identiteitskaarten en rijbewijzen';
    const menu = await renderMenu(
      {
        label: 'Heeft u hulp nodig bij het invullen van uw aanvraag?',
        options: [
          { kind: 'phone', label: long, value: '+32 9 123 45 67' },
          { kind: 'email', label: long, value: 'burgerzaken.identiteitskaarten.rijbewijzen@lindegem.example' },
        ],
      },
      { open: true },
    );
    const box = panel(menu).getBoundingClientRect();
    for (const el of panel(menu).querySelectorAll('.option-label, a')) {
      const rect = el.getBoundingClientRect();
      expect(rect.right, `${el.textContent} fits`).to.be.at.most(box.right + 0.5);
      expect(rect.left).to.be.at.least(box.left - 0.5);
    }
    expect(trigger(menu).getBoundingClientRect().height, 'the button stays one line high').to.be.below(48);
  });

  it('at 320 px: an icon button (the label stays its name) and a panel inside the viewport', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div
        style="container-type: inline-size; position: relative; width: 320px; display: flex; justify-content: space-between; align-items: center"
      >
        <span>Lindegem</span>
        <loket-help-menu .help=${allOptions()} .now=${WEDNESDAY}></loket-help-menu>
        <button>Aanmelden</button>
      </div>`,
    );
    const menu = wrapper.querySelector('loket-help-menu')!;
    await menu.updateComplete;
    const label = menu.shadowRoot!.querySelector('.label')!;
    expect(label.getBoundingClientRect().width, 'label visually hidden').to.be.at.most(1);
    expect(text(trigger(menu))).to.equal('Hulp nodig?');
    const target = trigger(menu).getBoundingClientRect();
    // 32 px wide on a phone (the name needs the room), 44 px high: above the 24 px of WCAG 2.5.8.
    expect(target.width, 'a 32 px wide target').to.be.at.least(32);
    expect(target.height, 'a 44 px high target').to.be.at.least(44);
    trigger(menu).click();
    await menu.updateComplete;
    const box = panel(menu).getBoundingClientRect();
    // Outside a header (which makes it span its bar), the open panel spans the viewport, 8 px from each side.
    expect(panel(menu).matches(':popover-open'), 'in the top layer').to.equal(true);
    expect(box.left).to.equal(8);
    expect(box.right).to.equal(document.documentElement.clientWidth - 8);
    expect(box.top, 'under the button').to.be.at.least(trigger(menu).getBoundingClientRect().bottom);
    await expectAccessible(menu);
  });

  describe('accessibility (axe, colour contrast on)', () => {
    for (const theme of THEME_IDS) {
      it(`theme ${theme}: closed and open with every kind of option`, async () => {
        const removeTheme = await applyTheme(theme);
        try {
          const menu = await renderMenu(allOptions());
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
  });
});
