import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LoketSessionExpiringEvent } from '../../events/events.js';
import { defineSignedInElements } from '../../signed-in.js';
import { THEME_IDS, applyTheme, expectAccessible } from '../../../test/unit/helpers.js';
import { nextAnnouncement, type LoketSessionWarning, type SessionWarningStatus } from './loket-session-warning.js';

defineSignedInElements();

const NOW = Date.parse('2026-11-29T12:00:00Z');

async function renderWarning({ left = 120_000, status = 'open' as SessionWarningStatus, lang = 'nl' } = {}) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}>
      <button id="before">Formulier</button>
      <loket-session-warning .now=${NOW} .expiresAt=${NOW + left} .status=${status}></loket-session-warning>
    </div>`,
  );
  const warning = wrapper.querySelector('loket-session-warning')!;
  await warning.updateComplete;
  return warning;
}

const dialog = (warning: LoketSessionWarning) => warning.shadowRoot!.querySelector('dialog')!;
const button = (warning: LoketSessionWarning, part: 'extend' | 'sign-out') =>
  warning.shadowRoot!.querySelector<HTMLButtonElement>(`[part="${part}"]`)!;
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const idText = (warning: LoketSessionWarning, ids: string) =>
  ids
    .split(' ')
    .map((id) => text(warning.shadowRoot!.getElementById(id)))
    .join(' ');

describe('<loket-session-warning>', () => {
  it('opens as a modal dialog named by its heading and described by the time left', async () => {
    const warning = await renderWarning();
    expect(dialog(warning).open).to.equal(true);
    expect(dialog(warning).matches(':modal'), 'showModal: the page behind is inert').to.equal(true);
    expect(idText(warning, dialog(warning).getAttribute('aria-labelledby')!)).to.equal('Je sessie verloopt bijna');
    expect(idText(warning, dialog(warning).getAttribute('aria-describedby')!)).to.contain('Je hebt nog 2 minuten.');
    expect(text(button(warning, 'extend'))).to.equal('Aangemeld blijven');
    expect(text(button(warning, 'sign-out'))).to.equal('Afmelden');
  });

  it('says the time left in minutes, then in seconds below one minute', async () => {
    const warning = await renderWarning({ left: 150_000 });
    const left = () => text(warning.shadowRoot!.getElementById('left'));
    expect(left(), 'never more than is left').to.equal('Je hebt nog 2 minuten.');
    for (const [ms, said] of [
      [120_000, 'Je hebt nog 2 minuten.'],
      [119_999, 'Je hebt nog 1 minuut.'],
      [60_000, 'Je hebt nog 1 minuut.'],
      [45_200, 'Je hebt nog 45 seconden.'],
      [30_000, 'Je hebt nog 30 seconden.'],
      [10_000, 'Je hebt nog 10 seconden.'],
      [-5_000, 'Je hebt nog 0 seconden.'],
    ] as const) {
      warning.now = warning.expiresAt! - ms;
      await warning.updateComplete;
      expect(left()).to.equal(said);
    }
    expect(warning.shadowRoot!.getElementById('left')!.getAttribute('aria-live')).to.equal('polite');
  });

  it('says the time left again each minute and at 30 and 10 seconds only', () => {
    expect(nextAnnouncement(150_000)).to.equal(120_000);
    expect(nextAnnouncement(120_000)).to.equal(60_000);
    expect(nextAnnouncement(61_000)).to.equal(60_000);
    expect(nextAnnouncement(60_000)).to.equal(30_000);
    expect(nextAnnouncement(45_000)).to.equal(30_000);
    expect(nextAnnouncement(30_000)).to.equal(10_000);
    expect(nextAnnouncement(10_000)).to.equal(undefined);
  });

  it('speaks French, English and German', async () => {
    expect(text(dialog(await renderWarning({ lang: 'fr' }))))
      .to.contain('Votre session expire bientôt')
      .and.contain('Il vous reste 2 minutes.');
    expect(text(dialog(await renderWarning({ lang: 'en' }))))
      .to.contain('Stay signed in')
      .and.contain('You have 2 minutes left.');
    expect(text(dialog(await renderWarning({ lang: 'de' }))))
      .to.contain('Angemeldet bleiben')
      .and.contain('Sie haben noch 2 Minuten.');
  });

  it('fires loket-session-expiring (composed) once for an end, with the end', async () => {
    const events: LoketSessionExpiringEvent[] = [];
    const listener = (event: Event) => events.push(event as LoketSessionExpiringEvent);
    document.addEventListener('loket-session-expiring', listener);
    try {
      const warning = await renderWarning();
      warning.now = NOW + 1000;
      await warning.updateComplete;
      expect(events.map((e) => e.expiresAt)).to.deep.equal([NOW + 120_000]);
      expect(events[0].composed && events[0].bubbles).to.equal(true);
    } finally {
      document.removeEventListener('loket-session-expiring', listener);
    }
  });

  it('moves focus into the dialog and back where it was when it closes', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><button id="before">Formulier</button></div>`);
    const before = wrapper.querySelector<HTMLButtonElement>('#before')!;
    before.focus();
    const warning = document.createElement('loket-session-warning');
    warning.now = NOW;
    warning.expiresAt = NOW + 120_000;
    wrapper.append(warning);
    await warning.updateComplete;
    expect(warning.shadowRoot!.activeElement, 'focus is in the dialog').to.equal(button(warning, 'extend'));
    await sendKeys({ press: 'Tab' });
    expect(warning.shadowRoot!.activeElement, 'Tab stays in the dialog').to.equal(button(warning, 'sign-out'));
    await sendKeys({ press: 'Escape' });
    await warning.updateComplete;
    expect(dialog(warning).open, 'Escape closes it').to.equal(false);
    expect(document.activeElement, 'focus is back').to.equal(before);
  });

  it('after Escape stays closed for the same end and opens again for a new one', async () => {
    const warning = await renderWarning();
    await sendKeys({ press: 'Escape' });
    warning.now = NOW + 30_000;
    await warning.updateComplete;
    expect(dialog(warning).open).to.equal(false);
    warning.expiresAt = NOW + 200_000;
    await warning.updateComplete;
    expect(dialog(warning).open).to.equal(true);
  });

  it('returns focus when it is removed while open (the session was extended)', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><input id="field" /></div>`);
    const field = wrapper.querySelector<HTMLInputElement>('#field')!;
    field.focus();
    const warning = document.createElement('loket-session-warning');
    warning.now = NOW;
    warning.expiresAt = NOW + 60_000;
    wrapper.append(warning);
    await warning.updateComplete;
    expect(document.activeElement).to.equal(warning);
    warning.remove();
    expect(document.activeElement).to.equal(field);
  });

  it('"Aangemeld blijven" asks its owner to extend (not composed); not again while extending', async () => {
    const warning = await renderWarning();
    const extend = oneEvent(warning, 'loket-session-extend');
    button(warning, 'extend').click();
    const event = await extend;
    expect(event.composed).to.equal(false);
    warning.status = 'extending';
    await warning.updateComplete;
    let again = false;
    warning.addEventListener('loket-session-extend', () => (again = true));
    button(warning, 'extend').click();
    expect(again).to.equal(false);
    expect(button(warning, 'extend').getAttribute('aria-disabled')).to.equal('true');
    expect(text(warning.shadowRoot!.querySelector('[role="status"]'))).to.equal('Bezig met verlengen…');
  });

  it('says when extending failed, in an alert, and lets the citizen try again', async () => {
    const warning = await renderWarning({ status: 'failed' });
    expect(text(warning.shadowRoot!.querySelector('[role="alert"]'))).to.contain('Je sessie kon niet verlengd worden');
    expect(dialog(warning).open).to.equal(true);
    const extend = oneEvent(warning, 'loket-session-extend');
    button(warning, 'extend').click();
    await extend;
  });

  it('"Afmelden" fires the cancelable loket-sign-out-request, then loket-sign-out unless cancelled', async () => {
    const warning = await renderWarning();
    let signedOut = 0;
    warning.addEventListener('loket-sign-out', () => signedOut++);
    const cancel = (event: Event) => event.preventDefault();
    warning.addEventListener('loket-sign-out-request', cancel, { once: true });
    button(warning, 'sign-out').click();
    expect(signedOut, 'cancelled: the site takes over').to.equal(0);
    expect(dialog(warning).open).to.equal(true);
    const request = oneEvent(warning, 'loket-sign-out-request');
    button(warning, 'sign-out').click();
    expect((await request).composed).to.equal(true);
    expect(signedOut).to.equal(1);
    expect(dialog(warning).open).to.equal(false);
  });

  describe('accessibility (axe, colour contrast on)', () => {
    for (const theme of THEME_IDS) {
      for (const status of ['open', 'extending', 'failed'] as const) {
        it(`theme ${theme}, ${status}`, async () => {
          const removeTheme = await applyTheme(theme);
          try {
            const warning = await renderWarning({ status });
            await expectAccessible(warning);
          } finally {
            removeTheme();
          }
        });
      }
    }
  });
});
