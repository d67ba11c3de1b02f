// The pieces that sit in or under the header bar, checked by axe (colour contrast on) on the bar's own colours in
// every theme, not only on the page's: the profile menu (closed and open), the notification badge and the alert.
// The backdrop takes its colours from a real <loket-header>'s bar, rendered in the same theme.
import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { defineElements } from '../../src/internal/define-elements.js';
import { defineSignedInElements } from '../../src/signed-in.js';
import type { LoketProfileMenu } from '../../src/components/profile-menu/loket-profile-menu.js';
import { THEME_IDS, applyTheme, expectAccessible, fullConfig, waitForShown } from './helpers.js';

defineElements();
defineSignedInElements();

/** The bar's background and text colour in the current theme, read from a rendered header. */
async function barColours(): Promise<{ background: string; color: string }> {
  const config = { ...fullConfig(), municipality: { ...fullConfig().municipality!, logo: undefined } };
  const wrapper = await fixture<HTMLDivElement>(html`<div><loket-header .config=${config}></loket-header></div>`);
  const header = wrapper.querySelector('loket-header')!;
  await header.ready;
  await waitForShown(header);
  const bar = getComputedStyle(header.shadowRoot!.querySelector('[part~="bar"]')!);
  const colours = { background: bar.backgroundColor, color: bar.color };
  wrapper.remove();
  return colours;
}

async function onBar<T extends Element>(content: TemplateResult, selector: string): Promise<T> {
  const { background, color } = await barColours();
  expect(background, 'the bar paints a background').to.not.equal('rgba(0, 0, 0, 0)');
  const wrapper = await fixture<HTMLDivElement>(
    html`<div
      lang="nl"
      style="display: flex; justify-content: flex-end; padding: 8px; background: ${background}; color: ${color}"
    >
      ${content}
    </div>`,
  );
  const element = wrapper.querySelector<T>(selector)!;
  await (element as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  await waitForShown(element);
  return element;
}

const summary = (messages: number) => ({
  unread: { messages, dossiers: 1, documents: 0 },
  latest: [
    {
      id: 'm1',
      kind: 'registered' as const,
      title: 'Aanslagbiljet',
      createdAt: '2026-11-28T10:00:00Z',
      href: '/berichten/m1',
      read: false,
    },
  ],
});

describe('on the header bar’s background (axe, colour contrast on)', () => {
  for (const theme of THEME_IDS) {
    describe(`theme ${theme}`, () => {
      let removeTheme: () => void;
      before(async () => {
        removeTheme = await applyTheme(theme);
      });
      after(() => removeTheme());

      for (const count of [1, 100]) {
        it(`the profile menu with ${count} unread (its badge), closed and open`, async () => {
          const menu = await onBar<LoketProfileMenu>(
            html`<loket-profile-menu
              .user=${{ id: 'u1', givenName: 'Anna', familyName: 'Peeters' }}
              .summary=${summary(count)}
              status="ready"
              .links=${[{ label: 'Mijn berichten', href: '/berichten' }]}
              .now=${Date.parse('2026-11-28T12:00:00Z')}
            ></loket-profile-menu>`,
            'loket-profile-menu',
          );
          const trigger = menu.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;
          expect(
            trigger.querySelector('loket-notification-badge') ??
              menu.shadowRoot!.querySelector('loket-notification-badge'),
            'a badge',
          ).to.not.equal(null);
          await expectAccessible(menu);
          trigger.click();
          await menu.updateComplete;
          expect(trigger.getAttribute('aria-expanded')).to.equal('true');
          await expectAccessible(menu);
        });

        it(`the notification badge alone, count ${count}`, async () => {
          const badge = await onBar(
            html`<loket-notification-badge .count=${count} label="${count} ongelezen"></loket-notification-badge>`,
            'loket-notification-badge',
          );
          await expectAccessible(badge);
        });
      }

      for (const variant of ['info', 'success', 'warning', 'error']) {
        it(`the ${variant} alert`, async () => {
          const alert = await onBar(
            html`<loket-alert variant=${variant} dismissible>Het loket is dicht op 11 november.</loket-alert>`,
            'loket-alert',
          );
          await expectAccessible(alert);
        });
      }
    });
  }
});
