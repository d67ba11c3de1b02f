// The narrow-screen menu (keyboard included) and the language that follows the page's lang attribute.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LINDEGEM, consoleErrors, describeProblems, useEnvironment, waitForHeader } from './helpers.mjs';

const env = useEnvironment();

/** Whether the focused element (looking into the header's shadow root) is the given locator's element. */
function isFocused(locator) {
  return locator.evaluate(
    (el) => el.getRootNode().activeElement === el && document.activeElement === el.getRootNode().host,
  );
}

describe('at a 320 px wide viewport', () => {
  test('the links collapse behind a "Menu" button; it opens, and Escape closes it and returns focus', async () => {
    const session = await env.open({ viewport: { width: 320, height: 640 } });
    const { page } = session;
    try {
      await page.goto(env.url('/'));
      const header = await waitForHeader(page);
      const menu = header.getByRole('button', { name: 'Menu', exact: true });
      const nav = header.getByRole('navigation', { name: 'Hoofdnavigatie' });
      assert.ok(await menu.isVisible(), 'the Menu button is shown');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      assert.equal(await nav.getByRole('link').count(), 0, 'the links are hidden');
      assert.ok(
        await header.getByRole('button', { name: LINDEGEM.signIn, exact: true }).isVisible(),
        'sign-in stays visible',
      );
      assert.ok(
        await header.getByRole('link', { name: LINDEGEM.homeLinkName, exact: true }).isVisible(),
        'the home link stays visible',
      );

      await menu.click();
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      const links = nav.getByRole('link');
      // The umbrella link moves into the panel on narrow screens.
      assert.deepEqual(await links.allTextContents(), ['Vlaanderen', ...LINDEGEM.mainLinks]);
      for (const link of await links.all()) assert.ok(await link.isVisible());

      await page.keyboard.press('Escape');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      assert.equal(await nav.getByRole('link').count(), 0, 'the links are hidden again');
      assert.ok(await isFocused(menu), 'focus is back on the Menu button');

      // From inside the panel too: open with the keyboard, Tab to a link, Escape.
      await page.keyboard.press('Enter');
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('Tab');
      assert.ok(await isFocused(links.first()), 'Tab moves into the panel');
      await page.keyboard.press('Escape');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      assert.ok(await isFocused(menu), 'focus is back on the Menu button');

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at 320 px (overflow ${overflow} px)`);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(consoleErrors(session), [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});

describe('at a 320 px wide viewport (Lindegem theme)', () => {
  test('the municipality name is shown in full, not clamped', async () => {
    const session = await env.open({ viewport: { width: 320, height: 640 } });
    const { page } = session;
    try {
      await page.goto(env.url('/'));
      const header = await waitForHeader(page);
      const name = await header.locator('.name').evaluate((el) => ({
        width: el.getBoundingClientRect().width,
        clamped: el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth,
      }));
      assert.equal(name.clamped, false, `the name is clamped in a ${name.width} px wide box`);
    } finally {
      await session.close();
    }
  });
});

describe('language', () => {
  test('<html lang="fr"> gives "Se connecter"; lang = "de" at runtime gives "Anmelden"', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(env.url('/test-pages/lang-fr.html'));
      const header = await waitForHeader(page, { homeLinkName: 'Commune de Lindegem, vers la page d’accueil' });
      assert.equal(await header.getByRole('button', { name: 'Se connecter', exact: true }).count(), 1);
      assert.deepEqual(
        await header.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link').allTextContents(),
        ['Accueil', 'Déchets', 'Stationnement', 'Contact'],
      );

      await page.evaluate(() => {
        document.documentElement.lang = 'de';
      });
      const signIn = header.getByRole('button', { name: 'Anmelden', exact: true });
      await signIn.waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await header.getByRole('button', { name: 'Se connecter', exact: true }).count(), 0);
      assert.ok(await header.getByRole('link', { name: 'Gemeinde Lindegem, zur Startseite', exact: true }).isVisible());
      assert.deepEqual(
        await header.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allTextContents(),
        ['Startseite', 'Abfall', 'Parken', 'Kontakt'],
      );
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(consoleErrors(session), [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});
