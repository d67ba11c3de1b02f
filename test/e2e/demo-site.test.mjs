// The demo website of Lindegem (demo/site/) as a visitor meets it: every page loads under the strict CSP
// without errors, its links lead somewhere, and the header's links navigate.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  LINDEGEM,
  consoleErrors,
  cspViolations,
  describeProblems,
  settled,
  useEnvironment,
  waitForHeader,
} from './helpers.mjs';

const env = useEnvironment();

const PAGES = ['/', '/diensten/afval.html', '/diensten/parkeren.html', '/contact.html', '/aanmelden.html'];

describe('demo site', () => {
  test('every page loads under the strict CSP with the header, no errors and no broken links', async () => {
    const session = await env.open();
    const { page } = session;
    const seen = new Set();
    try {
      for (const path of PAGES) {
        const response = await page.goto(env.url(path));
        assert.match(
          response.headers()['content-security-policy'] ?? '',
          /script-src 'self'/,
          `${path} is served with a CSP`,
        );
        await waitForHeader(page);
        await settled(page); // a "nothing happens" check: no CSP violation during the page's idle time
        assert.deepEqual(await cspViolations(page), [], `${path}: no CSP violations`);
        assert.equal(await page.locator('[style]').count(), 0, `${path}: no inline style attributes`);
        assert.equal(await page.locator('script:not([src])').count(), 0, `${path}: no inline scripts`);
        for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href))) {
          const url = new URL(href);
          if (url.origin === new URL(env.server.url).origin) seen.add(url.pathname);
        }
      }
      for (const pathname of seen) {
        const response = await page.request.get(env.url(pathname));
        assert.equal(response.status(), 200, `the link to ${pathname} works`);
      }
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(consoleErrors(session), [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('the header links navigate (the sign-in journey is in journey.test.mjs)', async () => {
    const session = await env.open();
    const { page } = session;
    try {
      await page.goto(env.url('/'));
      let header = await waitForHeader(page);
      await header.getByRole('navigation').getByRole('link', { name: 'Afval', exact: true }).click();
      await page.waitForURL(env.url('/diensten/afval.html'));
      header = await waitForHeader(page);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Afval en recyclage');
      assert.equal(await header.getByRole('link', { name: 'Afval', exact: true }).getAttribute('aria-current'), 'page');
      assert.equal(await header.getByRole('button', { name: LINDEGEM.signIn, exact: true }).count(), 1);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(consoleErrors(session), [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});
