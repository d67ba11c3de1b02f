import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { defineElements } from '../../internal/define-elements.js';
import { THEME_IDS, applyTheme, expectAccessible } from '../../../test/unit/helpers.js';
import type { LoketAlertDismissEvent } from '../../events/events.js';
import type { LoketAlert } from './loket-alert.js';

defineElements();

const VARIANTS = ['info', 'success', 'warning', 'error'] as const;

describe('<loket-alert>', () => {
  beforeEach(() => sessionStorage.clear());

  it('shows the message with a prefix for screen readers', async () => {
    const alert = await fixture<LoketAlert>(
      html`<loket-alert lang="nl" variant="warning">Storm op komst</loket-alert>`,
    );
    expect(alert.shadowRoot!.querySelector('.visually-hidden')!.textContent).to.equal('Waarschuwing: ');
    expect(alert.textContent).to.equal('Storm op komst');
    expect(alert.shadowRoot!.querySelector('[role]'), 'no live role for an alert present at load').to.equal(null);
  });

  it('announces alerts that appear later', async () => {
    const alert = await fixture<LoketAlert>(html`<loket-alert .announce=${true}>Nieuw</loket-alert>`);
    expect(alert.shadowRoot!.querySelector('[part="base"]')!.getAttribute('role')).to.equal('alert');
  });

  it('has no close button unless dismissible', async () => {
    const alert = await fixture<LoketAlert>(html`<loket-alert>Info</loket-alert>`);
    expect(alert.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('stays dismissed for the rest of the browser session', async () => {
    const alert = await fixture<LoketAlert>(
      html`<loket-alert lang="en" dismissible dismiss-key="k1" variant="info">Werken</loket-alert>`,
    );
    const close = alert.shadowRoot!.querySelector('button')!;
    expect(close.getAttribute('aria-label')).to.equal('Close message');
    const dismissed = oneEvent<LoketAlertDismissEvent>(alert, 'loket-alert-dismiss');
    close.click();
    expect((await dismissed).variant).to.equal('info');
    expect(alert.hidden).to.equal(true);
    expect(getComputedStyle(alert).display).to.equal('none');

    const again = await fixture<LoketAlert>(html`<loket-alert dismissible dismiss-key="k1">Werken</loket-alert>`);
    expect(again.hidden, 'same key: still dismissed').to.equal(true);
    const other = await fixture<LoketAlert>(html`<loket-alert dismissible dismiss-key="k2">Iets anders</loket-alert>`);
    expect(other.hidden, 'another message shows').to.equal(false);
  });

  it('still closes when sessionStorage refuses writes', async () => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    try {
      const alert = await fixture<LoketAlert>(html`<loket-alert dismissible dismiss-key="k3">x</loket-alert>`);
      alert.shadowRoot!.querySelector('button')!.click();
      expect(alert.hidden).to.equal(true);
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });

  describe('accessibility (axe, colour contrast on)', () => {
    for (const theme of THEME_IDS) {
      for (const variant of VARIANTS) {
        it(`${variant} in theme ${theme}`, async () => {
          const removeTheme = await applyTheme(theme);
          try {
            const alert = await fixture<LoketAlert>(
              html`<loket-alert variant=${variant} dismissible>Het loket is dicht op 11 november.</loket-alert>`,
            );
            await expectAccessible(alert);
          } finally {
            removeTheme();
          }
        });
      }
    }
  });
});
