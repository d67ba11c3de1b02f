// A bad config never breaks the host page (DESIGN.md sections 4 and 5): the page keeps working, one
// console.error names the problem, a `loket-error` event reaches the document, and nothing unsafe runs.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consoleCalls, describeProblems, loketErrors, settled, useEnvironment } from './helpers.mjs';

const env = useEnvironment();

const CASES = [
  {
    name: 'data-config points at a 404',
    path: '/test-pages/bad-404.html',
    code: 'config-unreachable',
    mentions: ['/test-pages/missing-config.json', 'HTTP 404'],
  },
  {
    name: 'data-config points at invalid JSON',
    path: '/test-pages/bad-json.html',
    code: 'config-not-json',
    mentions: ['/test-pages/not-json.json', 'not valid JSON'],
  },
  {
    name: 'municipality.href is javascript:alert(1)',
    path: '/test-pages/bad-href.html',
    code: 'config-invalid',
    mentions: ['municipality.href', 'http(s) or relative URL', 'javascript:alert(1)'],
    issues: ['municipality.href'],
  },
  {
    name: 'element whose config URL answers 404',
    path: '/test-pages/bad-404-element.html',
    code: 'config-unreachable',
    mentions: ['/test-pages/missing-config.json', 'HTTP 404'],
  },
];

/** Waits for the first loket-error, then a little longer so that any second one would arrive too. */
async function settle(page) {
  await page.waitForFunction(() => window.__e2e.loketErrors.length > 0, undefined, { timeout: 5000 });
  await settled(page); // no second loket-error arrives during the page's idle time (a "nothing happens" check)
}

async function assertPageWorks(page) {
  assert.equal(await page.evaluate(() => window.hostScriptRan), true, 'the host script after the header ran');
  await page.getByRole('button', { name: 'Host button' }).click();
  assert.equal(await page.locator('#host-output').textContent(), 'clicked 1', 'the host page still responds');
  assert.ok(await page.getByRole('heading', { level: 1 }).isVisible(), 'the host content is shown');
}

describe('bad config', () => {
  for (const c of CASES) {
    test(`${c.name}: the page keeps working, one console.error, one loket-error, no dialog`, async () => {
      const session = await env.open();
      const { page } = session;
      try {
        await page.goto(env.url(c.path));
        await settle(page);
        await assertPageWorks(page);

        const errors = consoleCalls(session, 'error');
        assert.equal(errors.length, 1, `exactly one console.error; got ${JSON.stringify(errors.map((e) => e.text))}`);
        for (const text of c.mentions)
          assert.ok(errors[0].text.includes(text), `the console.error mentions ${text}: ${errors[0].text}`);

        const events = await loketErrors(page);
        assert.equal(events.length, 1, `one loket-error event; got ${JSON.stringify(events)}`);
        assert.equal(events[0].code, c.code);
        assert.equal(events[0].target, 'loket-header', 'dispatched by the header, heard on the document');
        if (c.issues) assert.deepEqual(events[0].issues, c.issues);

        assert.deepEqual(session.pageErrors, [], describeProblems(session));
        assert.deepEqual(session.dialogs, [], 'no dialog opened');
        assert.equal(await page.locator('loket-header').count(), 1);
      } finally {
        await session.close();
      }
    });
  }

  test('javascript: href: the header renders the name without the bad link, and clicking it runs nothing', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(env.url('/test-pages/bad-href.html'));
      await settle(page);
      const header = page.locator('loket-header');
      const name = header.getByText('Gemeente Lindegem', { exact: true });
      await name.waitFor({ state: 'visible' });
      // What is valid still renders: the links and the sign-in link.
      assert.deepEqual(await header.getByRole('navigation').getByRole('link').allTextContents(), ['Afval']);
      assert.equal(await header.getByRole('link', { name: 'Aanmelden', exact: true }).count(), 1);
      const hrefs = await header.evaluate((el) =>
        [...el.shadowRoot.querySelectorAll('[href], [src], [action], [formaction]')].map(
          (node) =>
            node.getAttribute('href') ??
            node.getAttribute('src') ??
            node.getAttribute('action') ??
            node.getAttribute('formaction'),
        ),
      );
      for (const href of hrefs)
        assert.doesNotMatch(href, /^\s*javascript:/i, `no javascript: URL in the header (${href})`);
      await name.click();
      await settled(page); // a "nothing happens" check: no dialog, no navigation during the page's idle time
      assert.deepEqual(session.dialogs, [], 'no dialog opened');
      assert.equal(page.url(), env.url('/test-pages/bad-href.html'), 'clicking the name went nowhere');
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('an element whose config fails keeps its fallback links visible', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(env.url('/test-pages/bad-404-element.html'));
      await settle(page);
      const header = page.locator('loket-header');
      const home = header.getByRole('link', { name: 'Gemeente Lindegem', exact: true });
      const signIn = header.getByRole('link', { name: 'Aanmelden', exact: true });
      assert.ok(await home.isVisible(), 'the fallback home link is visible');
      assert.ok(await signIn.isVisible(), 'the fallback sign-in link is visible');
      assert.equal(await signIn.getAttribute('href'), '/aanmelden.html');
      assert.equal(await header.evaluate((el) => el.getBoundingClientRect().height), 64, 'the header keeps its height');
    } finally {
      await session.close();
    }
  });
});
