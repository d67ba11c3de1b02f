// Identities in Chromium against the real provider and profile API: jan signs in for himself, switches to his
// bakery in the profile menu, signs in again at the provider (login hint) and comes back to the same page,
// where the menu says he acts for the bakery and the summary shows the bakery's items.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendRequests, signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { describeProblems, sleep, waitForHeader } from './helpers.mjs';

const env = useBackendEnvironment();

const menu = (page) => page.locator('loket-header loket-profile-menu');
const trigger = (page) => menu(page).locator('[part="trigger"]');
const panel = (page) => menu(page).locator('[part="panel"]');

test('jan switches from himself to his bakery: signs in again, comes back, sees the bakery', async () => {
  const session = await env.open();
  const { page } = session;
  const deepPage = '/diensten/afval.html?jaar=2026#kalender';
  try {
    await page.goto(env.url(deepPage));
    await waitForHeader(page);
    await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/interaction'));
    await signInAtProvider(page, { username: 'jan' });
    await trigger(page).waitFor({ state: 'visible' });

    // for himself: nobody named in the trigger; the menu offers his daughter and his bakery
    assert.doesNotMatch(await trigger(page).textContent(), /namens/);
    await trigger(page).click();
    await panel(page).getByText('Je nieuwe identiteitskaart ligt klaar').waitFor();
    assert.equal(await panel(page).getByText('Wisselen van identiteit').count(), 1);
    const identities = panel(page).locator('[part="identities"] button');
    assert.deepEqual(
      (await identities.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()),
      ['Lotte Peeters, Persoon', 'Bakkerij Peeters BV, Onderneming · BE0765432146'],
    );

    // switch: the provider asks for the password again (login hint), then back to the same page
    await panel(page)
      .getByRole('button', { name: /Bakkerij Peeters BV/ })
      .click();
    await page.waitForURL(
      (url) => url.origin === new URL(env.backend.url).origin && url.pathname.startsWith('/interaction'),
    );
    await page.getByText('Meld je opnieuw aan om van identiteit te wisselen.').waitFor();
    session.requests.length = 0;
    // Which page made each API request. The page to return to is held back a while, as a loaded machine does:
    // the callback page then stays up long enough to fetch the summary itself (its feed's 150 ms wait for other
    // tabs is over), and when the navigation aborts that request, the page returned to makes it again (two reads).
    const apiFrom = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${env.backend.url.replace(/\/$/, '')}/api/`))
        apiFrom.push(`${new URL(request.url()).pathname} from ${new URL(request.frame().url()).pathname}`);
    });
    await page.route(
      (url) => url.pathname === '/diensten/afval.html',
      async (route) => {
        await sleep(1000); // the delay the test is about (a slow return), not a wait
        await route.continue();
      },
    );
    await signInAtProvider(page, { username: 'jan' });
    await page.waitForURL((url) => url.pathname === '/diensten/afval.html');
    const back = new URL(page.url());
    assert.equal(back.pathname + back.search + back.hash, deepPage);

    // the menu says for whom, the summary is the bakery's
    await page.waitForFunction(() => {
      const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
      return /namens Bakkerij Peeters BV, 4 ongelezen/.test(
        root?.querySelector('[part="trigger"]')?.textContent?.replace(/\s+/g, ' ') ?? '',
      );
    });
    // read by the page the citizen came back to: the callback page, about to be left, requests nothing
    assert.deepEqual(
      apiFrom.filter((request) => !request.endsWith(' from /diensten/afval.html')),
      [],
      `API requests: ${apiFrom}`,
    );
    await trigger(page).click();
    await panel(page).getByText('Aangetekende brief: je terrasvergunning voor de Markt').waitFor();
    const text = (await panel(page).textContent()).replace(/\s+/g, ' ');
    assert.match(text, /namens Bakkerij Peeters BV \(BE0765432146\)/);
    assert.match(text, /Bakkerij: nieuwe regels voor laden en lossen/);
    assert.doesNotMatch(text, /Je nieuwe identiteitskaart/, 'none of his own items');
    assert.deepEqual(
      (await identities.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()),
      ['Jan Peeters (mezelf)', 'Lotte Peeters, Persoon'],
    );

    // the view after the switch reads the summary once, and never /me
    const api = backendRequests(session, env.backend.url).api;
    // The event stream (at most one: live-updates.test.mjs) is not a read.
    const reads = api.map((u) => new URL(u).pathname).filter((p) => p !== '/api/me/events');
    assert.deepEqual(reads, ['/api/me/summary'], `API requests: ${api}`);
    assert.ok(api.length - reads.length <= 1, `at most one stream: ${api}`);
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});
