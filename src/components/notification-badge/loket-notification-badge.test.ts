import { expect, fixture, html } from '@open-wc/testing';
import { defineSignedInElements } from '../../signed-in.js';
import { THEME_IDS, applyTheme, expectAccessible } from '../../../test/unit/helpers.js';
import { badgeText, type LoketNotificationBadge } from './loket-notification-badge.js';

defineSignedInElements();

describe('<loket-notification-badge>', () => {
  it('shows nothing at 0, the count up to 99, then 99+', () => {
    expect([0, -1, NaN, 1, 7.9, 99, 100, 12345].map(badgeText)).to.deep.equal([
      '',
      '',
      '',
      '1',
      '7',
      '99',
      '99+',
      '99+',
    ]);
  });

  it('is hidden at 0 and visual only (aria-hidden) otherwise', async () => {
    const badge = await fixture<LoketNotificationBadge>(
      html`<loket-notification-badge .count=${0}></loket-notification-badge>`,
    );
    expect(badge.hidden).to.equal(true);
    badge.count = 3;
    await badge.updateComplete;
    expect(badge.hidden).to.equal(false);
    const base = badge.shadowRoot!.querySelector('[part="base"]')!;
    expect(base.textContent).to.equal('3');
    expect(base.getAttribute('aria-hidden')).to.equal('true');
    expect(badge.shadowRoot!.querySelector('[role]'), 'no live region on a badge').to.equal(null);
  });

  it('gives a standalone badge a label for screen readers', async () => {
    const badge = await fixture<LoketNotificationBadge>(
      html`<loket-notification-badge .count=${4} label="4 ongelezen berichten"></loket-notification-badge>`,
    );
    expect(badge.shadowRoot!.querySelector('.visually-hidden')!.textContent).to.equal('4 ongelezen berichten');
  });

  for (const theme of THEME_IDS) {
    for (const count of [1, 100]) {
      it(`is accessible with count ${count} in theme ${theme}`, async () => {
        const removeTheme = await applyTheme(theme);
        try {
          const badge = await fixture<LoketNotificationBadge>(
            html`<loket-notification-badge .count=${count} label="${count} ongelezen"></loket-notification-badge>`,
          );
          await expectAccessible(badge);
        } finally {
          removeTheme();
        }
      });
    }
  }
});
