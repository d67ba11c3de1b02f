// Session timing (WCAG 2.2.1, issue 6) against the real provider: a session that ends 150 s after its last
// refresh warns in a dialog before the end, "Aangemeld blijven" extends it with one refresh and closes the
// dialog in every tab, and a session left to run out ends with a message. The browser's clock is Playwright's
// (installed before the first page, then fast-forwarded), so the test takes seconds, not minutes.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { describeProblems, waitForHeader } from './helpers.mjs';

// 150 s: the warning starts halfway (75 s before the end), the access token (300 s) needs no renewal meanwhile.
const env = useBackendEnvironment({ sessionIdleTtl: 150 });

const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');
const warning = (page) => page.getByRole('dialog', { name: 'Je sessie verloopt bijna' });

async function openWithClock() {
  const session = await env.open();
  await session.context.clock.install();
  return session;
}

async function signIn(page) {
  await page.goto(env.url('/'));
  await waitForHeader(page);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL(
    (url) => url.origin === new URL(env.backend.url).origin && url.pathname.startsWith('/interaction'),
  );
  await signInAtProvider(page);
  await trigger(page).waitFor({ state: 'visible' });
}

describe('session timing', () => {
  test('warns in a modal dialog before the end; "Aangemeld blijven" refreshes once and closes it in both tabs', async () => {
    const session = await openWithClock();
    const { page, context } = session;
    const refreshes = [];
    context.on('request', (request) => {
      if (
        request.method() === 'POST' &&
        request.url().endsWith('/token') &&
        (request.postData() ?? '').includes('grant_type=refresh_token')
      ) {
        refreshes.push(request.postData());
      }
    });
    try {
      await signIn(page);
      const second = await context.newPage();
      await second.goto(env.url('/contact.html'));
      await trigger(second).waitFor({ state: 'visible' });
      for (const p of [page, second]) {
        await p.evaluate(() =>
          document.addEventListener('loket-session-expiring', (e) => (window.expiringAt = e.expiresAt)),
        );
      }
      assert.equal(await warning(page).count(), 0, 'no warning early in the session');

      await context.clock.fastForward('01:20');
      for (const p of [page, second]) {
        await warning(p).waitFor({ state: 'visible' });
        const description = await warning(p).evaluate((dialog) =>
          dialog
            .getAttribute('aria-describedby')
            .split(' ')
            .map((id) => dialog.getRootNode().getElementById(id).textContent)
            .join(' '),
        );
        assert.match(description, /Je hebt nog 1 minuut\./, 'announced with the time left');
        assert.ok(
          await p.evaluate(() => typeof window.expiringAt === 'number'),
          'loket-session-expiring reached the page',
        );
      }
      assert.ok(await warning(page).evaluate((dialog) => dialog.matches(':modal')), 'opened with showModal');
      assert.equal(refreshes.length, 0);

      await warning(page).getByRole('button', { name: 'Aangemeld blijven' }).click();
      for (const p of [page, second]) await warning(p).waitFor({ state: 'hidden' });
      assert.equal(refreshes.length, 1, 'exactly one refresh');
      assert.match(
        decodeURIComponent(refreshes[0].replaceAll('+', ' ')),
        /scope=openid profile loket:profile/,
        'asks for a new ID token',
      );
      for (const p of [page, second]) {
        assert.equal(await p.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');
      }
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });

  test('a session left to run out ends at its end, with "Je bent afgemeld."', async () => {
    const session = await openWithClock();
    const { page } = session;
    try {
      await signIn(page);
      await context(session).clock.fastForward('01:20');
      await warning(page).waitFor({ state: 'visible' });
      await context(session).clock.fastForward('01:15');
      await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).waitFor();
      assert.equal(await warning(page).count(), 0, 'the warning went with the session');
      const status = page.locator('loket-header loket-alert[part="status"]');
      assert.equal((await status.textContent()).trim(), 'Je bent afgemeld.');
      assert.equal(await page.evaluate(async () => (await window.loket.getSession()).status), 'signed-out');
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
  });
});

const context = (session) => session.context;
