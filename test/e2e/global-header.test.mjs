// window.globalHeaderClient: a page that uses the Flemish "Mijn Burgerprofiel" client API as its README shows,
// in the entry style (script in <head>, then mount()) and the embed style (script at the spot), with
// loket-global-header.js instead of the Flemish script. The page's code is the Flemish code, unchanged.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consoleCalls, cspViolations, describeProblems, useEnvironment } from './helpers.mjs';

const env = useEnvironment();

/** Opens a page and waits for its Flemish calls (pages/vl/flemish-calls.js) to finish. */
async function openFlemishPage(path) {
  const session = await env.open();
  await session.page.goto(env.url(path));
  await session.page.waitForFunction(() => window.flemishResults || window.flemishError, undefined, {
    timeout: 15_000,
  });
  const error = await session.page.evaluate(() => window.flemishError);
  assert.equal(error, undefined, `the Flemish calls failed: ${error}`);
  return { session, results: await session.page.evaluate(() => window.flemishResults) };
}

/** Page errors and console errors, except the one the too-light colour must cause. */
function unexpectedErrors(session) {
  return session.console.filter((m) => m.type === 'error' && !/functional #f5e663 is not used/.test(m.text));
}

for (const [style, path] of [
  ['entry style', '/test-pages/vl/entry.html'],
  ['embed style', '/test-pages/vl/embed.html'],
]) {
  describe(`the Flemish client API, ${style}`, () => {
    test('every call resolves as the Flemish interface says, and the header shows what they set', async () => {
      const { session, results } = await openFlemishPage(path);
      const { page } = session;
      try {
        const header = page.locator('loket-header');
        assert.equal(await header.count(), 1);
        if (style === 'entry style') {
          assert.equal(await page.evaluate(() => window.mounted), true);
          assert.equal(
            await page.evaluate(() => document.body.firstElementChild?.localName),
            'loket-header',
            'mount() without an element: top of <body>',
          );
        } else {
          assert.equal(
            await page.evaluate(() => document.getElementById('before').nextElementSibling?.localName),
            'loket-header',
            'mounted where the script stands',
          );
        }

        // accessMenu
        assert.equal(results.setMainLinks, true);
        const nav = header.getByRole('navigation', { name: 'Hoofdnavigatie' });
        assert.equal(await nav.getByRole('link', { name: 'Contact', exact: true }).count(), 1);
        const feedback = nav.getByRole('link', { name: /^Feedback/ });
        assert.equal(await feedback.getAttribute('target'), '_blank');
        assert.deepEqual(results.applicationLinks, [
          { label: 'Mijn aanvragen', href: '/aanvragen' },
          { nl: { label: 'Mijn afspraken', href: '/afspraken' }, fr: { label: 'Mes rendez-vous', href: '/afspraken' } },
        ]);
        assert.equal(results.setProfile, true);
        const trigger = header.locator('loket-profile-menu').locator('[part="trigger"]');
        await trigger.waitFor({ state: 'visible' });
        assert.match(await trigger.innerText(), /An Claes/);
        await trigger.click();
        assert.equal(await trigger.getAttribute('aria-expanded'), 'true');
        const panel = header.locator('loket-profile-menu').locator('[part="panel"]');
        assert.equal(await panel.getByRole('link', { name: 'Mijn aanvragen', exact: true }).count(), 1);
        assert.equal(await panel.getByRole('link', { name: 'Mijn afspraken', exact: true }).count(), 1);
        // Identities: switching to the company goes to switchCapacityUrl with its login hint.
        const company = panel.getByRole('button', { name: /Bakkerij Claes BV/ });
        assert.equal(await company.count(), 1, await panel.innerText());
        await Promise.all([page.waitForURL(/\/switch\.html\?hint=an-bakkerij/), company.click()]);
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
      } finally {
        await session.close();
      }
    });

    test('branding, contact and getConfig', async () => {
      const { session, results } = await openFlemishPage(path);
      const { page } = session;
      try {
        const header = page.locator('loket-header');
        assert.equal(results.setLevel4, true);
        assert.equal(results.setLevel1, false);
        assert.equal(results.setHost, true);
        assert.equal(
          await header.getByRole('link', { name: 'Stad Lindegem, naar de startpagina', exact: true }).count(),
          1,
        );
        assert.equal(results.setColors, true);
        assert.equal(results.setColorsTooLight, false, 'a colour below 4.5:1 on the bar is refused');
        assert.equal(results.variables['--loket-header-link-text-color'], '#7a1f5c');
        const linkColour = await header
          .getByRole('link', { name: 'Contact', exact: true })
          .evaluate((a) => getComputedStyle(a).color);
        assert.equal(linkColour, 'rgb(122, 31, 92)');

        // contact: the service points are the help menu's options; open() opened it, close() closed it.
        assert.equal(results.opened, true);
        assert.equal(results.isOpen, true);
        assert.equal(results.closed, true);
        const help = header.locator('loket-help-menu');
        const helpButton = help.getByRole('button', { name: /Hulp nodig/ });
        assert.equal(await helpButton.getAttribute('aria-expanded'), 'false');
        await helpButton.click();
        assert.equal(await helpButton.getAttribute('aria-expanded'), 'true');
        assert.equal(await help.locator('a[href="tel:+3293334455"]').count(), 1);
        assert.equal(await help.locator('a[href="mailto:onthaal@lindegem.be"]').count(), 1);
        assert.equal(await help.getByRole('link', { name: /Contactformulier/ }).count(), 1);
        await page.keyboard.press('Escape');
        assert.equal(await helpButton.getAttribute('aria-expanded'), 'false');

        // getConfig: the Flemish Config shape.
        const config = results.config;
        assert.equal(config.branding.level, 4);
        assert.deepEqual(config.branding.host, {
          label: 'Stad Lindegem',
          href: '/',
          logo: { src: '/img/lindegem-logo.svg', alt: 'Wapen van Lindegem' },
        });
        assert.deepEqual(config.branding.umbrella, { label: 'Vlaanderen', href: 'https://www.vlaanderen.be' });
        assert.equal(config.alert.enabled, false);
        assert.deepEqual(
          config.extensions.map((e) => e.pluginTypeId),
          ['citizen_profile', 'contact'],
        );
        assert.equal(results.applicationName, false);

        // Each unsupported part said once why; nothing else went wrong.
        const notes = consoleCalls(session, 'warning').map((m) => m.text);
        for (const expected of [
          /level 1 belongs to the Flemish government/,
          /contactGroupId "OVO002919"/,
          /no application name/,
        ]) {
          assert.equal(
            notes.filter((note) => expected.test(note)).length,
            1,
            `one note matching ${expected}: ${JSON.stringify(notes)}`,
          );
        }
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
        assert.deepEqual(unexpectedErrors(session), [], describeProblems(session));
        assert.deepEqual(await cspViolations(page), []);
        // One script for the page, the API's implementation loaded once; the plain drop-in is not needed.
        const scripts = session.requests
          .filter((url) => /\/loket\/loket-[a-z-]+\.js$/.test(url))
          .map((url) => url.replace(/.*\/loket\//, ''));
        assert.deepEqual(
          scripts.filter((s) => s === 'loket-api.js'),
          ['loket-api.js'],
        );
        assert.equal(scripts.includes('loket-header.js'), false);
      } finally {
        await session.close();
      }
    });
  });
}

describe('the Flemish client API: mount and unmount', () => {
  test('unmount() removes the header; mount(element) puts it in the element', async () => {
    const { session } = await openFlemishPage('/test-pages/vl/entry.html');
    const { page } = session;
    try {
      const result = await page.evaluate(async () => {
        const client = window.globalHeaderClient;
        const unmounted = await client.unmount();
        const none = document.querySelectorAll('loket-header').length;
        const target = document.createElement('div');
        target.id = 'target';
        document.body.append(target);
        const mounted = await client.mount(target);
        return { unmounted, none, mounted, inTarget: target.querySelector('loket-header') !== null };
      });
      assert.deepEqual(result, { unmounted: true, none: 0, mounted: true, inTarget: true });
      const bad = await page.evaluate(() =>
        window.globalHeaderClient.mount('#target').then(
          () => 'resolved',
          (e) => e.message,
        ),
      );
      assert.match(bad, /globalHeaderClient\.mount: "element" must be an HTMLElement/);
    } finally {
      await session.close();
    }
  });
});

describe('the demo site page that moved from the Flemish widget', () => {
  test('its unchanged globalHeaderClient code sets the links and the help menu; nothing goes wrong', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(env.url('/vlaamse-widget.html'));
      const header = page.locator('loket-header');
      const nav = header.getByRole('navigation', { name: 'Hoofdnavigatie' });
      await nav.getByRole('link', { name: /^Vlaanderen\.be/ }).waitFor({ timeout: 10_000 });
      const help = header.locator('loket-help-menu');
      await help.locator('a[href="tel:+3293334466"]').waitFor({ state: 'attached' });
      assert.equal(await help.locator('a[href="/contact.html"]').innerText(), 'Contactformulier');
      const notes = consoleCalls(session, 'warning').map((m) => m.text);
      assert.equal(notes.filter((n) => /contactGroupId "OVO002949"/.test(n)).length, 1, JSON.stringify(notes));
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(
        session.console.filter((m) => m.type === 'error'),
        [],
        describeProblems(session),
      );
      assert.deepEqual(await cspViolations(page), []);
    } finally {
      await session.close();
    }
  });
});
