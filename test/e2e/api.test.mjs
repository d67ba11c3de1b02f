// window.loket on a real page (DESIGN.md sections 4.3 and 6), and the drop-in loaded twice.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  LINDEGEM,
  barBackground,
  consoleCalls,
  consoleErrors,
  describeProblems,
  settled,
  useEnvironment,
  waitForHeader,
} from './helpers.mjs';

const env = useEnvironment();

const headerCount = (page) => page.locator('loket-header').count();

describe('the drop-in loaded twice', () => {
  for (const [name, path] of [
    ['two script tags at the spot', '/test-pages/twice-at-spot.html'],
    ['a classic and a module script tag in the head, with the element', '/test-pages/twice-head.html'],
  ]) {
    test(`${name}: one header, one console.warn, no error`, async () => {
      const session = await env.open();
      const { page } = session;
      try {
        await page.goto(env.url(path));
        await waitForHeader(page);
        await settled(page); // a "nothing happens" check: no second header, no more warnings
        assert.equal(await headerCount(page), 1);
        assert.equal(
          await page.locator('loket-header').getByRole('button', { name: LINDEGEM.signIn, exact: true }).count(),
          1,
        );
        const warnings = consoleCalls(session, 'warning');
        assert.equal(warnings.length, 1, `warnings: ${JSON.stringify(warnings)}`);
        assert.match(warnings[0].text, /loaded twice/);
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
        assert.deepEqual(consoleErrors(session), [], describeProblems(session));
        assert.equal(
          await page.evaluate(() => window.hostScriptRan),
          true,
          'the host page script after the header ran',
        );
      } finally {
        await session.close();
      }
    });
  }
});

describe('window.loket on the API page (demo parkeren page)', () => {
  async function openParkeren() {
    const session = await env.open();
    await session.page.goto(env.url('/diensten/parkeren.html'));
    await waitForHeader(session.page);
    return session;
  }

  test('mount() twice keeps one header and warns', async () => {
    const session = await openParkeren();
    const { page } = session;
    try {
      assert.equal(consoleCalls(session, 'warning').length, 0);
      // The page mounted once already; mount again with a config, then without arguments.
      await page.evaluate(async () => {
        const config = await (await fetch('/loket.json')).json();
        await window.loket.mount('#header-slot', config);
      });
      assert.equal(await headerCount(page), 1);
      assert.equal(consoleCalls(session, 'warning').length, 1);
      await page.evaluate(() => window.loket.mount());
      assert.equal(await headerCount(page), 1);
      const warnings = consoleCalls(session, 'warning');
      assert.equal(warnings.length, 2);
      for (const warning of warnings) assert.match(warning.text, /mount\(\) called while a header is mounted/);
      assert.equal(await page.locator('#header-slot > loket-header').count(), 1, 'still in the slot');
      await waitForHeader(page);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(consoleErrors(session), [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('unmount() removes the header; mount() brings it back', async () => {
    const session = await openParkeren();
    const { page } = session;
    try {
      assert.equal(await page.evaluate(() => window.loket.unmount()), true);
      assert.equal(await headerCount(page), 0);
      assert.equal(await page.locator('#header-slot').count(), 1, 'the host slot stays');
      assert.equal(await page.evaluate(() => window.loket.unmount()), false, 'a second unmount has nothing to remove');
      await page.evaluate(async () => {
        const config = await (await fetch('/loket.json')).json();
        await window.loket.mount('#header-slot', config);
      });
      await waitForHeader(page);
      assert.equal(await headerCount(page), 1);
      assert.equal(consoleCalls(session, 'warning').length, 0, 'mount after unmount does not warn');
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(consoleErrors(session), [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('configure({ theme: "havenstad" }) changes the header background without a reload', async () => {
    const session = await openParkeren();
    const { page } = session;
    try {
      await page.evaluate(() => {
        window.__sameDocument = true;
      });
      assert.equal(await barBackground(page), 'rgb(255, 255, 255)', 'Lindegem: a white bar');
      const result = await page.evaluate(async () => (await window.loket.configure({ theme: 'havenstad' })).theme);
      assert.equal(result, 'havenstad');
      await page.waitForFunction(
        () => {
          const bar = document.querySelector('loket-header')?.shadowRoot?.querySelector('[part~="bar"]');
          return bar && getComputedStyle(bar).backgroundColor === 'rgb(11, 31, 58)';
        },
        undefined,
        { timeout: 5000 },
      );
      assert.equal(await barBackground(page), 'rgb(11, 31, 58)', 'Havenstad: a navy bar');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
      assert.equal(await headerCount(page), 1);
      // The rest of the config stays.
      assert.deepEqual(
        await page.locator('loket-header').getByRole('navigation').getByRole('link').allTextContents(),
        LINDEGEM.mainLinks,
      );
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
      assert.deepEqual(consoleErrors(session), [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});
