// Live in the header (issue 12): one `/api/me/events` stream per browser, read by the tab that holds the Web Lock;
// a change on the server reaches every tab's badge within 3 s without a reload; no summary polling while the
// stream is up, polling at refreshSeconds while it is down; the stream moves to another tab when its tab
// closes and ends, on the server too, with the session. Real backend, real Chromium; requests counted as in
// docs/performance.md (by URL as the browser sends them, preflights not counted), streams also on the server.

import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { signInAtProvider, signInFromNode, useBackendEnvironment } from './backend-env.mjs';
import { describeProblems, sleep, waitForHeader, waitUntil } from './helpers.mjs';

/** Short, so that a few periods fit in a test: polling (or its absence) shows within seconds. The minimum is 5. */
const REFRESH_SECONDS = 5;

/**
 * Every event stream the backend (in this process) answers, with when it opened and closed: the server's side
 * of "one stream per browser" and "the stream ends with the session". Wraps `ServerResponse#writeHead`, so it
 * sees any node:http server, whichever backend runs.
 */
function trackServerStreams() {
  const streams = [];
  const original = http.ServerResponse.prototype.writeHead;
  http.ServerResponse.prototype.writeHead = function writeHead(status, ...rest) {
    const headers = rest.find((arg) => arg && typeof arg === 'object') ?? {};
    const type = String(headers['content-type'] ?? this.getHeader('content-type') ?? '');
    if (
      status === 200 &&
      type.startsWith('text/event-stream') &&
      this.req?.method === 'GET' &&
      this.req.url.startsWith('/api/me/events')
    ) {
      const stream = { openedAt: Date.now(), closedAt: undefined, response: this };
      streams.push(stream);
      this.on('close', () => (stream.closedAt = Date.now()));
    }
    return original.call(this, status, ...rest);
  };
  return {
    streams,
    open: () => streams.filter((stream) => stream.closedAt === undefined),
    /** Breaks every open stream's connection (a drop, not a normal end). */
    drop: () =>
      streams.filter((stream) => stream.closedAt === undefined).forEach((stream) => stream.response.destroy()),
    restore: () => (http.ServerResponse.prototype.writeHead = original),
  };
}

const server = trackServerStreams();
after(() => server.restore());
const env = useBackendEnvironment();
// Access tokens of 35 s: the server ends a stream when the token it was opened with expires.
const shortEnv = useBackendEnvironment({ accessTokenTtl: 35 });

const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

/** The unread count in the trigger's accessible name (what the badge shows), or null before the summary. */
function unread(page) {
  return page.evaluate(() => {
    const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
    const match = /(\d+) ongelezen/.exec(root?.querySelector('[part="trigger"]')?.textContent ?? '');
    return match ? Number(match[1]) : null;
  });
}

function waitForUnread(page, expected, timeout = 10_000) {
  return page.waitForFunction(
    (value) => {
      const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
      const match = /(\d+) ongelezen/.exec(root?.querySelector('[part="trigger"]')?.textContent ?? '');
      return match && (value === undefined || Number(match[1]) === value);
    },
    expected,
    { timeout, polling: 50 },
  );
}

/**
 * A browser context with the demo config at `refreshSeconds` 5 and every request of every tab recorded
 * (`{ url, at, page }`), anna signed in on `/`.
 */
async function signedInBrowser(e = env) {
  const session = await e.open();
  const { context, page } = session;
  await context.route('**/loket.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    config.api.refreshSeconds = REFRESH_SECONDS;
    await route.fulfill({ response, json: config });
  });
  const requests = [];
  context.on('request', (request) =>
    requests.push({
      url: request.url(),
      method: request.method(),
      at: Date.now(),
      page: request.frame()?.page(),
      request,
    }),
  );
  await page.goto(e.url('/'));
  await waitForHeader(page);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL(
    (url) => url.origin === new URL(e.backend.url).origin && url.pathname.startsWith('/interaction'),
  );
  await signInAtProvider(page);
  await trigger(page).waitFor({ state: 'visible' });
  await waitForUnread(page);
  const api = (path) =>
    requests.filter(
      (r) =>
        r.method === 'GET' &&
        new URL(r.url).origin === new URL(e.backend.url).origin &&
        new URL(r.url).pathname === `/api/me/${path}`,
    );
  return { session, context, page, requests, streams: () => api('events'), summaries: () => api('summary') };
}

/** Opens another tab of the same browser on `path`, signed in (the tokens come over the BroadcastChannel). */
async function openTab(context, path) {
  const tab = await context.newPage();
  await tab.goto(env.url(path));
  await trigger(tab).waitFor({ state: 'visible' });
  await waitForUnread(tab);
  return tab;
}

/**
 * anna as another client of hers (signed in from Node with a DPoP key of its own: the header's tokens are bound
 * to its browser's key). Returns what readOneMessage needs: headers for a method and URL.
 */
async function anotherClient(e = env) {
  const client = await signInFromNode(e.backend.url, e.url('/'));
  return client.headers;
}

/**
 * Marks one of anna's unread messages read through the API: the backend tells her event streams. `headersFor`:
 * the credentials for a method and URL (another client's DPoP token and proofs, or the host-mode cookie).
 */
async function readOneMessage(headersFor, e = env) {
  const list = `${e.backend.url}/api/me/messages`;
  const { items } = await (await fetch(list, { headers: await headersFor('GET', list) })).json();
  const message = items.find((item) => !item.read);
  assert.ok(message, 'anna has an unread message left');
  const read = `${e.backend.url}/api/me/messages/${message.id}/read`;
  const response = await fetch(read, { method: 'POST', headers: await headersFor('POST', read) });
  assert.equal(response.status, 200);
}

describe('live in the header', () => {
  // Each test reads one of anna's messages, and counts the streams open on the server: the last test's are gone.
  beforeEach(async () => {
    await env.backend.resetDemoData();
    await waitUntil(() => server.open().length === 0, 'the streams of the test before are closed', { timeout: 5000 });
  });

  test('two tabs, one stream: a change reaches both badges within 3 s, with one summary read and no polling', async () => {
    const { session, context, page, streams, summaries } = await signedInBrowser();
    try {
      const second = await openTab(context, '/diensten/afval.html');
      await waitUntil(() => server.open().length === 1, 'the stream is open', { timeout: 5000 });
      const before = await unread(page);
      assert.equal(await unread(second), before);

      const readsBefore = summaries().length;
      const client = await anotherClient();
      const changedAt = Date.now();
      await readOneMessage(client);
      await Promise.all([waitForUnread(page, before - 1, 3000), waitForUnread(second, before - 1, 3000)]);
      const latency = Date.now() - changedAt;
      await sleep(1000); // a second read would come right after the first
      assert.equal(summaries().length - readsBefore, 1, 'one summary read for the event, for both tabs');

      // No polling while the stream is up: over 2.4 refresh periods (12 s at refreshSeconds 5) after that read,
      // the tabs read the summary not once. With the stream down they would have read it twice (see the
      // fallback test below, which shows that this window is long enough to see polling).
      const quietFrom = summaries().length;
      await sleep(REFRESH_SECONDS * 2400);
      assert.deepEqual(
        summaries()
          .slice(quietFrom)
          .map((r) => r.url),
        [],
        'no summary polling while the stream is up',
      );
      assert.equal(streams().length, 1, `one stream request for the browser: ${streams().map((r) => r.url)}`);
      assert.equal(server.open().length, 1, 'one stream open on the server');
      console.log(`# change to both badges: ${latency} ms`);
      assert.deepEqual(session.pageErrors, [], describeProblems(session));
    } finally {
      await session.close();
    }
    await waitUntil(() => server.open().length === 0, 'the stream ends with the browser', { timeout: 5000 });
  });

  test("closing the stream's tab: another tab takes the stream over within a few seconds and stays live", async () => {
    const { session, context, page, streams } = await signedInBrowser();
    try {
      const second = await openTab(context, '/contact.html');
      await waitUntil(() => server.open().length === 1 && streams().length === 1, 'the stream is open', {
        timeout: 5000,
      });
      await sleep(1000);
      assert.equal(streams().length, 1, 'the waiting tab opens no stream of its own');
      const holder = streams()[0].page;
      const other = holder === page ? second : page;
      const closedAt = Date.now();
      await holder.close();
      await waitUntil(() => streams().some((r) => r.page === other), 'the other tab opens the stream', {
        timeout: 5000,
      });
      await waitUntil(() => server.open().length === 1, 'one stream open on the server again', { timeout: 5000 });
      console.log(`# take-over: ${Date.now() - closedAt} ms`);
      assert.equal(streams().length, 2, 'the first stream, then the take-over');

      const before = await unread(other);
      await readOneMessage(await anotherClient());
      await waitForUnread(other, before - 1, 3000);
    } finally {
      await session.close();
    }
  });

  test('sign-out ends the stream, in the browser and on the server', async () => {
    const { session, context, page, streams } = await signedInBrowser();
    try {
      const second = await openTab(context, '/diensten/afval.html');
      // Both sides: the server may see the request before Playwright reports it.
      await waitUntil(() => server.open().length === 1 && streams().length === 1, 'the stream is open', {
        timeout: 5000,
      });
      const opened = server.streams.length;
      assert.equal(streams()[0].page, page, 'the first tab holds the stream: the sign-out in the other must reach it');
      await trigger(second).click();
      const signedOutAt = Date.now();
      await second.locator('loket-header loket-profile-menu').getByRole('button', { name: 'Afmelden' }).click();
      await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).waitFor();
      await waitUntil(() => server.open().length === 0, 'the server sees the stream end', { timeout: 3000 });
      console.log(`# sign-out to the stream closed on the server: ${server.streams.at(-1).closedAt - signedOutAt} ms`);
      // Nothing reconnects: no new stream in the next seconds.
      const requests = streams().length;
      await sleep(3000);
      assert.equal(streams().length, requests, 'no stream request after sign-out');
      assert.equal(server.streams.length, opened, 'no stream opened on the server after sign-out');
    } finally {
      await session.close();
    }
  });

  test('stream down: polling at refreshSeconds; stream back: polling stops', async () => {
    const { session, context, page, streams, summaries } = await signedInBrowser();
    try {
      await waitUntil(() => server.open().length === 1, 'the stream is open', { timeout: 5000 });
      // The connection breaks and every reconnection fails until the route goes.
      const refuse = (route) => route.abort('connectionfailed');
      await context.route('**/api/me/events', refuse);
      const droppedAt = Date.now();
      server.drop();
      const downFrom = summaries().length;
      await sleep(REFRESH_SECONDS * 2000 + 1500);
      const polls = summaries()
        .slice(downFrom)
        .map((r) => r.at - droppedAt);
      console.log(`# polls while down (ms after the drop): ${polls.join(', ')}`);
      assert.equal(polls.length, 2, `two refreshes in two periods: ${polls}`);
      assert.ok(
        polls[0] >= REFRESH_SECONDS * 1000 - 500 && polls[1] - polls[0] >= REFRESH_SECONDS * 1000 - 500,
        `a period apart: ${polls}`,
      );
      assert.ok(streams().length >= 2, `reconnection attempts (backed off): ${streams().length - 1}`);

      await context.unroute('**/api/me/events', refuse);
      // Back-off: the next attempt comes 2.5 to 40 s after the last, depending on the failures so far.
      await waitUntil(() => server.open().length === 1, 'the stream is back', { timeout: 45_000 });
      const backAt = Date.now();
      await sleep(500);
      const before = await unread(page);
      await readOneMessage(await anotherClient());
      await waitForUnread(page, before - 1, 3000);
      await sleep(500);
      const upFrom = summaries().length;
      // Up again: 2.4 periods after the event's read without another.
      await sleep(REFRESH_SECONDS * 2400);
      assert.deepEqual(
        summaries()
          .slice(upFrom)
          .map((r) => r.at - backAt),
        [],
        'no polling once the stream is back',
      );
    } finally {
      await session.close();
    }
  });

  test('the server ends the stream when its access token expires: the header reconnects with the renewed token, never down', async () => {
    const { session, page, streams, summaries, requests } = await signedInBrowser(shortEnv);
    try {
      await waitUntil(() => server.open().length === 1, 'the stream is open', { timeout: 5000 });
      const first = server.open()[0];
      const readsBefore = summaries().length;
      // The first token expires 35 s after sign-in; the server ends the stream then.
      await waitUntil(() => first.closedAt !== undefined, "the server ends the stream at the token's expiry", {
        timeout: 40_000,
      });
      await waitUntil(
        () => server.open().length === 1 && streams().length === 2,
        'a new stream at once (no back-off: not a failure)',
        { timeout: 3000 },
      );
      console.log(`# reconnected ${server.open()[0].openedAt - first.closedAt} ms after the server ended the stream`);
      const [before, after] = await Promise.all(
        streams()
          .slice(-2)
          .map((r) => r.request.headerValue('authorization')),
      );
      assert.notEqual(before, after, 'the new stream carries the renewed token');
      assert.ok(
        requests.some((r) => r.method === 'POST' && r.url === `${shortEnv.backend.url}/token`),
        'the session renewed the token',
      );
      // Not down for a moment: no poll (refreshSeconds 5) since sign-in, 35 s ago.
      assert.deepEqual(
        summaries()
          .slice(readsBefore)
          .map((r) => r.url),
        [],
        'no summary read: the stream was never down',
      );
      const count = await unread(page);
      await readOneMessage(await anotherClient(shortEnv), shortEnv);
      await waitForUnread(page, count - 1, 3000);
    } finally {
      await session.close();
    }
  });

  test("host mode: the stream goes with the site's cookie, no token; a change reaches the badge", async () => {
    const session = await env.open();
    const { page, context } = session;
    const streams = [];
    context.on('request', (request) => request.url() === `${env.backend.url}/api/me/events` && streams.push(request));
    try {
      await page.goto(env.url('/host-mode.html'));
      await waitForHeader(page);
      await page.locator('loket-header').getByRole('link', { name: 'Aanmelden', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/host/login');
      await page.getByLabel('Gebruikersnaam').fill('anna');
      await page.getByLabel('Wachtwoord').fill('demo');
      await page.getByRole('button', { name: 'Aanmelden' }).click();
      await page.waitForURL(env.url('/host-mode.html'));
      await waitForUnread(page);
      await waitUntil(() => server.open().length === 1 && streams.length > 0, 'the stream is open', { timeout: 5000 });
      assert.equal(streams.length, 1);
      const headers = await streams[0].allHeaders();
      assert.equal(headers.authorization, undefined, 'no bearer token in host mode');
      assert.match(headers.cookie ?? '', /loket_host_session=/, 'the site session cookie goes along');
      const cookie = (await context.cookies(env.backend.url)).map((c) => `${c.name}=${c.value}`).join('; ');
      const before = await unread(page);
      await readOneMessage(async () => ({ cookie }), env);
      await waitForUnread(page, before - 1, 3000);
    } finally {
      await session.close();
    }
  });
});
