// The example apps of examples/ (plain HTML, React 19, Vue 3), built with Vite and served under the demo's
// strict CSP: each renders its object config, hears the header's events, updates the header from its own state,
// takes over the cancelled sign-in, and keeps one working header when its routing removes and re-inserts it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSiteServer } from '../../demo/site-server.mjs';
import { EXAMPLES, buildExamples, exampleDist } from '../../scripts/build-examples.mjs';
import {
  consoleErrors,
  cspViolations,
  describeProblems,
  launchBrowser,
  loketErrors,
  openSession,
  waitForHeader,
} from './helpers.mjs';

const env = { browser: undefined, servers: {} };

before(async () => {
  const started = performance.now();
  await buildExamples();
  const built = Math.round(performance.now() - started);
  const servers = await Promise.all(
    EXAMPLES.map((name) => startSiteServer({ port: 0, mounts: [{ prefix: '/', dir: exampleDist(name) }] })),
  );
  EXAMPLES.forEach((name, index) => (env.servers[name] = servers[index]));
  env.browser = await launchBrowser();
  console.log(`# examples built in ${built} ms`);
});

after(async () => {
  await Promise.all([env.browser?.close(), ...Object.values(env.servers).map((server) => server.close())]);
});

/** Opens a page of one example; `check()` asserts the page had no error, console error or CSP violation. */
async function open(example, path = '/') {
  const session = await openSession(env);
  await session.page.goto(new URL(path, env.servers[example].url).href);
  session.check = async () => {
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
    assert.deepEqual(consoleErrors(session), [], describeProblems(session));
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violations');
    assert.deepEqual(await loketErrors(session.page), [], 'no loket-error');
  };
  return session;
}

/** What the page listed as heard from the header (its own list, filled by its event listeners). */
function heard(page) {
  return page.locator('ol.events li').allTextContents();
}

/** Waits until the page heard `line` at least `count` times. */
async function waitForHeard(page, line, count = 1) {
  await page
    .waitForFunction(
      ([text, n]) => [...document.querySelectorAll('ol.events li')].filter((li) => li.textContent === text).length >= n,
      [line, count],
      { timeout: 5000 },
    )
    .catch(async () =>
      assert.fail(`heard "${line}" fewer than ${count} times; heard: ${JSON.stringify(await heard(page))}`),
    );
}

/** Resolves once `condition()` is true; rejects after `timeout` ms. */
async function until(condition, { timeout = 5000, message = 'condition not met in time' } = {}) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const alertIn = (page) => page.locator('loket-header loket-alert');
const signInLink = (page, name = 'Aanmelden') => page.locator('loket-header').getByRole('link', { name, exact: true });
const profileTrigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

/** The two framework apps share their shape: a home page, /afval, and the site's own /aanmelden without header. */
const FRAMEWORKS = [
  {
    name: 'react',
    home: 'Stad Havenstad, naar de startpagina',
    homeFr: 'Ville de Havenstad, vers la page d’accueil',
    theme: /\/assets\/havenstad-[\w-]+\.css$/,
    alert: 'Tijdens de stadsfeesten (12–14 juli) is het stadhuis gesloten.',
    title: 'Welkom bij Stad Havenstad',
  },
  {
    name: 'vue',
    home: 'Gemeente Lindegem, naar de startpagina',
    homeFr: 'Commune de Lindegem, vers la page d’accueil',
    theme: /\/assets\/lindegem-[\w-]+\.css$/,
    alert: 'Het recyclagepark is zaterdag gesloten wegens een storing.',
    title: 'Welkom in Lindegem',
  },
];

for (const app of FRAMEWORKS) {
  describe(`${app.name} example`, () => {
    test('renders the municipality from the object config, with its theme, and hears loket-ready; no errors under a strict CSP', async () => {
      const session = await open(app.name);
      const { page } = session;
      try {
        await waitForHeader(page, { homeLinkName: app.home });
        assert.equal(await page.locator('loket-header').count(), 1);
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), app.title);
        assert.ok(
          await page.locator('loket-header').evaluate((el) => el.config !== undefined && !el.hasAttribute('config')),
          'the config is a property, not an attribute',
        );
        assert.deepEqual(
          await page.locator('loket-header').getByRole('navigation').getByRole('link').allTextContents(),
          ['Home', 'Afval'],
        );
        assert.equal(await signInLink(page).count(), 1, 'host mode: a sign-in link');
        assert.ok(
          session.requests.some((url) => app.theme.test(new URL(url).pathname)),
          'the theme CSS bundled as an asset was loaded',
        );
        assert.ok(
          await page.locator('loket-header').evaluate((el) => el.shadowRoot.adoptedStyleSheets.length >= 2),
          'the theme sheet is adopted in the shadow root',
        );
        await waitForHeard(page, 'loket-ready');
        assert.equal(
          session.requests.filter((url) => url.includes('signed-in')).length,
          0,
          'anonymous: no signed-in chunk',
        );
        await session.check();
      } finally {
        await session.close();
      }
    });

    test('state changes update the header: the alert toggle and the language switch', async () => {
      const session = await open(app.name);
      const { page } = session;
      try {
        await waitForHeader(page, { homeLinkName: app.home });
        assert.equal(await alertIn(page).count(), 0);

        await page.getByRole('checkbox').check();
        await alertIn(page).getByText(app.alert).waitFor();
        await waitForHeard(page, 'loket-ready', 2); // a new config object is rendered again

        await page.getByRole('combobox').selectOption('fr');
        await page.locator('loket-header').getByRole('link', { name: app.homeFr, exact: true }).waitFor();
        assert.equal(
          await page.locator('loket-header').getByRole('navigation').getAttribute('aria-label'),
          'Navigation principale',
        );
        assert.equal(await signInLink(page, 'Se connecter').count(), 1);
        assert.match(await alertIn(page).textContent(), /fermé/);

        await page.getByRole('checkbox').uncheck();
        await alertIn(page).waitFor({ state: 'detached' });
        assert.equal(await page.locator('loket-header').count(), 1);
        await session.check();
      } finally {
        await session.close();
      }
    });

    test('the header links navigate client-side and aria-current follows the route', async () => {
      const session = await open(app.name);
      const { page } = session;
      try {
        await waitForHeader(page, { homeLinkName: app.home });
        await page.evaluate(() => (window.__samePage = true));
        const nav = page.locator('loket-header').getByRole('navigation');
        assert.equal(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current'), 'page');

        await nav.getByRole('link', { name: 'Afval' }).click();
        await page.getByRole('heading', { level: 1, name: 'Afval' }).waitFor();
        assert.equal(new URL(page.url()).pathname, '/afval');
        assert.equal(await page.evaluate(() => window.__samePage), true, 'no full page load');
        await until(
          async () => (await nav.getByRole('link', { name: 'Afval' }).getAttribute('aria-current')) === 'page',
          {
            message: 'aria-current moved to "Afval" after the client-side navigation',
          },
        );
        assert.equal(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current'), null);
        assert.equal(await page.locator('loket-header').count(), 1);
        await session.check();
      } finally {
        await session.close();
      }
    });

    test('sign-in: the app takes over the cancelled request; its sign-in page removes the header and the returning header works', async () => {
      const session = await open(app.name);
      const { page } = session;
      try {
        await waitForHeader(page, { homeLinkName: app.home });
        await page.locator('loket-header').getByRole('navigation').getByRole('link', { name: 'Afval' }).click();
        await page.getByRole('heading', { level: 1, name: 'Afval' }).waitFor();
        await page.evaluate(() => {
          window.__firstHeader = document.querySelector('loket-header');
        });
        await signInLink(page).click();

        // The app's own sign-in page, without the global header; no full page load to auth.loginUrl.
        await page.getByRole('heading', { level: 1, name: /^Aanmelden bij/ }).waitFor();
        assert.equal(await page.locator('loket-header').count(), 0, 'the header left the DOM');
        const url = new URL(page.url());
        assert.equal(url.pathname, '/aanmelden');
        assert.equal(url.searchParams.get('terug'), '/afval');
        assert.ok(await page.evaluate(() => window.__firstHeader !== undefined), 'no full page load');
        assert.ok((await heard(page)).includes('loket-sign-in-request (taken over)'));

        await page.getByRole('button', { name: 'Aanmelden als Anna Peeters (demo)' }).click();

        // Back on /afval with a new header element that shows the citizen.
        await page.getByRole('heading', { level: 1, name: 'Afval' }).waitFor();
        await profileTrigger(page).getByText('Anna Peeters').waitFor();
        assert.equal(await page.locator('loket-header').count(), 1, 'one header');
        assert.equal(
          await page.evaluate(() => document.querySelector('loket-header') !== window.__firstHeader),
          true,
          'a new element',
        );
        await waitForHeard(page, 'loket-ready', 2);
        await waitForHeard(page, 'loket-session-change: signed-in (Anna)');

        // The returned header still follows the app's state ...
        await page.getByRole('checkbox').check();
        await alertIn(page).getByText(app.alert).waitFor();

        // ... and its sign-out request is the app's too.
        await profileTrigger(page).click();
        await page.locator('loket-header loket-profile-menu').getByRole('button', { name: 'Afmelden' }).click();
        await signInLink(page).waitFor();
        await waitForHeard(page, 'loket-sign-out-request (taken over)');
        await waitForHeard(page, 'loket-session-change: signed-out');
        assert.equal(new URL(page.url()).pathname, '/afval', 'no redirect to auth.logoutUrl');
        assert.equal(await page.locator('loket-header').count(), 1);
        await session.check();
      } finally {
        await session.close();
      }
    });
  });
}

describe('plain HTML example', () => {
  const HOME = 'Gemeente Kasteelberg, naar de startpagina';
  const ALERT = 'Wegenwerken in de Dorpsstraat: het gemeentehuis is bereikbaar via de Molenweg.';

  test('drop-in page: <loket-header config> renders the JSON config, window.loket hears loket-ready, setAlert shows the alert', async () => {
    const session = await open('plain-html', '/');
    const { page } = session;
    try {
      await waitForHeader(page, { homeLinkName: HOME });
      assert.ok(
        session.requests.some((url) => new URL(url).pathname === '/loket/loket-header.js'),
        'the drop-in script',
      );
      assert.ok(
        session.requests.some((url) => new URL(url).pathname === '/loket/themes/kasteelberg.css'),
        'the theme beside it',
      );
      await waitForHeard(page, 'loket-ready');

      await page.getByRole('checkbox').check();
      await alertIn(page).getByText(ALERT).waitFor();
      await page.getByRole('checkbox').uncheck();
      await alertIn(page).waitFor({ state: 'detached' });
      await session.check();
    } finally {
      await session.close();
    }
  });

  test('drop-in page: the site takes over the cancelled sign-in with its own dialog, then loket.setSession', async () => {
    const session = await open('plain-html', '/');
    const { page } = session;
    try {
      await waitForHeader(page, { homeLinkName: HOME });
      await signInLink(page).click();
      const dialog = page.getByRole('dialog', { name: 'Aanmelden bij Gemeente Kasteelberg' });
      await dialog.waitFor();
      assert.equal(new URL(page.url()).pathname, '/', 'no navigation to auth.loginUrl');
      await waitForHeard(page, 'loket-sign-in-request (taken over)');

      await dialog.getByRole('button', { name: 'Aanmelden als Anna Peeters (demo)' }).click();
      await profileTrigger(page).getByText('Anna Peeters').waitFor();
      await waitForHeard(page, 'loket-session-change: signed-in (Anna)');
      assert.equal(await page.evaluate(async () => (await window.loket.getSession()).user?.givenName), 'Anna');
      await session.check();
    } finally {
      await session.close();
    }
  });

  test('ESM page: the object config renders, a new config object shows the alert, and the header taken out and put back still works', async () => {
    const session = await open('plain-html', '/afval.html');
    const { page } = session;
    try {
      await waitForHeader(page, { homeLinkName: HOME });
      assert.ok(
        session.requests.some((url) => /^\/assets\/kasteelberg-[\w-]+\.css$/.test(new URL(url).pathname)),
        'the theme CSS bundled as an asset',
      );
      assert.equal(
        session.requests.filter((url) => new URL(url).pathname.startsWith('/loket/')).length,
        0,
        'no drop-in on this page',
      );
      await waitForHeard(page, 'loket-ready');
      assert.equal(
        await page
          .locator('loket-header')
          .getByRole('link', { name: 'Afval', exact: true })
          .getAttribute('aria-current'),
        'page',
      );

      await page.getByRole('checkbox').check();
      await alertIn(page).getByText(ALERT).waitFor();

      await page.getByRole('button', { name: 'Extra container aanvragen' }).click();
      assert.equal(await page.locator('loket-header').count(), 0, 'the header left the DOM');
      await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
      await waitForHeader(page, { homeLinkName: HOME });
      assert.equal(await page.locator('loket-header').count(), 1);

      // Still following config changes and still handing sign-in to the site.
      await page.getByRole('checkbox').uncheck();
      await alertIn(page).waitFor({ state: 'detached' });
      await signInLink(page).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Aanmelden als Anna Peeters (demo)' }).click();
      await profileTrigger(page).getByText('Anna Peeters').waitFor();
      await waitForHeard(page, 'loket-session-change: signed-in (Anna)');
      await session.check();
    } finally {
      await session.close();
    }
  });
});
