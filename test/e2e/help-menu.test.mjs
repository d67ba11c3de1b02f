// The help menu ("Hulp nodig?") on a real page: the demo config (demo/site/loket.json) has `help`, so the
// drop-in loads loket-help.js beside itself and shows the menu without moving anything; a page whose config
// has no `help` never downloads loket-help.js.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  consoleErrors,
  describeProblems,
  measureCls,
  settled,
  sleep,
  useEnvironment,
  waitForHeader,
} from './helpers.mjs';

const env = useEnvironment();
const HELP_MODULE = /\/loket-help\.js(\?|$)/;

test('a page with help in its config shows "Hulp nodig?"; the keyboard opens it, Escape closes it', async () => {
  const session = await env.open();
  const { page } = session;
  try {
    await page.goto(env.url('/'));
    const header = await waitForHeader(page);
    const button = header.getByRole('button', { name: 'Hulp nodig?', exact: true });
    await button.waitFor({ state: 'visible' });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(session.requests.filter((url) => HELP_MODULE.test(url)).length, 1, 'loket-help.js loaded once');

    // Keyboard only: Tab to the button, Enter opens, Tab reaches the first contact option.
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const phone = header.getByRole('link', { name: '+32 50 00 00 00', exact: true });
    assert.ok(await phone.isVisible(), 'the phone number shows');
    assert.equal(await phone.getAttribute('href'), 'tel:+3250000000');
    assert.equal(
      await header.getByRole('link', { name: 'info@lindegem.example' }).getAttribute('href'),
      'mailto:info@lindegem.example',
    );
    assert.equal(await header.getByRole('link', { name: 'Contactformulier' }).getAttribute('href'), '/contact.html');
    assert.ok(await header.getByText('Marktplein 1').isVisible(), 'the address shows');
    assert.ok(await header.getByText('Openingsuren loket').isVisible(), 'the opening hours show');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(
        () =>
          document.querySelector('loket-header').shadowRoot.querySelector('loket-help-menu').shadowRoot.activeElement
            ?.textContent,
      ),
      '+32 50 00 00 00',
      'Tab goes from the button into the panel',
    );
    await page.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.ok(!(await phone.isVisible()), 'the panel is closed');
    assert.equal(
      await page.evaluate(() =>
        document
          .querySelector('loket-header')
          .shadowRoot.querySelector('loket-help-menu')
          .shadowRoot.activeElement?.getAttribute('part'),
      ),
      'trigger',
      'Escape returns focus to the button',
    );

    // The host API: window.loket opens it and reads its state.
    assert.equal(await page.evaluate(() => window.loket.setHelpOpen(true)), true);
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => window.loket.isHelpOpen()), true);
    assert.equal(await page.evaluate(() => window.loket.setHelpOpen(false)), true);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');

    await settled(page); // a "nothing happens" check: no error during the page's idle time
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
    assert.deepEqual(consoleErrors(session), [], describeProblems(session));
  } finally {
    await session.close();
  }
});

test('CLS stays 0 with the drop-in 500 ms late and loket-help.js another 500 ms late', async (t) => {
  const session = await env.open({ delayDropIn: 500 });
  const { page } = session;
  try {
    await session.context.route(HELP_MODULE, async (route) => {
      await sleep(500); // a deliberate delay of the response (what the test is about), not a wait
      await route.continue();
    });
    await page.goto(env.url('/diensten/afval.html'));
    const header = await waitForHeader(page);
    await header.getByRole('button', { name: 'Hulp nodig?', exact: true }).waitFor({ state: 'visible' });
    const cls = await measureCls(page);
    t.diagnostic(`CLS ${cls.value}`);
    assert.ok(cls.supported);
    assert.equal(cls.value, 0, `layout shifts: ${JSON.stringify(cls.entries, null, 2)}`);
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});

test('loket-help.js that cannot load: loket-error help-unavailable, and the bar shows without the menu', async () => {
  const session = await env.open();
  const { page } = session;
  try {
    await session.context.route(HELP_MODULE, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(env.url('/'));
    const header = await waitForHeader(page);
    assert.ok(await header.getByRole('button', { name: 'Aanmelden', exact: true }).isVisible());
    const errors = await page.evaluate(() => window.__e2e.loketErrors);
    assert.deepEqual(
      errors.map((e) => e.code),
      ['help-unavailable'],
    );
    assert.equal(await header.getByRole('button', { name: 'Hulp nodig?' }).count(), 0);
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});

test('a page whose config has no help downloads no loket-help.js', async () => {
  const session = await env.open();
  const { page } = session;
  try {
    await session.context.route(env.url('/loket.json'), async (route) => {
      const response = await route.fetch();
      const config = await response.json();
      delete config.help;
      await route.fulfill({ response, json: config });
    });
    await page.goto(env.url('/'));
    const header = await waitForHeader(page);
    await settled(page); // a "nothing happens" check: no help menu, no help module request
    assert.equal(await header.getByRole('button', { name: 'Hulp nodig?' }).count(), 0);
    assert.deepEqual(
      session.requests.filter((url) => HELP_MODULE.test(url)),
      [],
    );
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    await session.close();
  }
});
