// A supplier publishes, the citizen sees it live (issue 12): anna signed in with the header open in two tabs of
// one browser; the supplier example (examples/supplier/publish.mjs, a child process pointed at this test's
// service) publishes a dossier, a message, a document and a registered letter; both badges go up within 3 s of
// the publish answer without a reload; anna opens the letter's page and acknowledges receipt; the example, still
// waiting, reads the receipt and verifies it against the service's JWKS. Requests counted as in
// docs/performance.md: one event stream for the browser, no summary polling while it is up, a few summary reads
// for the burst of changes. The events carry no personal data: read on the server, as they are written.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signInAtProvider, useBackendEnvironment } from './backend-env.mjs';
import { describeProblems, sleep, waitForHeader, waitUntil } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFRESH_SECONDS = 5;
/** What the example publishes (its titles, nl): none of it may be in an event. */
const PUBLISHED_TITLES = [
  'Premie groendak',
  'Uw aanvraag is goedgekeurd',
  'De premie wordt',
  'Attest premie groendak',
  'Beslissing premie groendak',
  'green-roof',
];

/**
 * The event streams the backend (in this process) answers, and everything written on them: wraps
 * `ServerResponse#writeHead` and `#write` (any node:http server).
 */
function trackServerStreams() {
  const streams = [];
  const { writeHead, write } = http.ServerResponse.prototype;
  http.ServerResponse.prototype.writeHead = function trackedWriteHead(status, ...rest) {
    const headers = rest.find((arg) => arg && typeof arg === 'object') ?? {};
    const type = String(headers['content-type'] ?? this.getHeader('content-type') ?? '');
    if (
      status === 200 &&
      type.startsWith('text/event-stream') &&
      this.req?.method === 'GET' &&
      this.req.url.startsWith('/api/me/events')
    ) {
      const stream = { openedAt: Date.now(), closedAt: undefined, text: '' };
      this.loketStream = stream;
      streams.push(stream);
      this.on('close', () => (stream.closedAt = Date.now()));
    }
    return writeHead.call(this, status, ...rest);
  };
  http.ServerResponse.prototype.write = function trackedWrite(chunk, ...rest) {
    if (this.loketStream) this.loketStream.text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    return write.call(this, chunk, ...rest);
  };
  return {
    streams,
    open: () => streams.filter((stream) => stream.closedAt === undefined),
    dataLines: () => streams.flatMap((stream) => stream.text.split('\n').filter((line) => line.startsWith('data:'))),
    restore: () => Object.assign(http.ServerResponse.prototype, { writeHead, write }),
  };
}

const server = trackServerStreams();
after(() => server.restore());
const env = useBackendEnvironment();

const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

function unread(page) {
  return page.evaluate(() => {
    const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
    const match = /(\d+) ongelezen/.exec(root?.querySelector('[part="trigger"]')?.textContent ?? '');
    return match ? Number(match[1]) : null;
  });
}

/** Waits until the badge shows a count (`any`), one above `value` (`above`) or `value` (`equal`). */
function waitForBadge(page, mode, value, timeout) {
  return page.waitForFunction(
    ([how, expected]) => {
      const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
      const match = /(\d+) ongelezen/.exec(root?.querySelector('[part="trigger"]')?.textContent ?? '');
      if (!match) return false;
      const n = Number(match[1]);
      return how === 'any' || (how === 'above' ? n > expected : n === expected);
    },
    [mode, value],
    { timeout, polling: 20 },
  );
}

/** Runs the supplier example against this test's service; `lines` get their arrival time. */
function runExample() {
  const child = spawn(process.execPath, [path.join(ROOT, 'examples', 'supplier', 'publish.mjs')], {
    env: { ...process.env, LOKET_URL: env.backend.url, LOKET_WAIT_SECONDS: '60', LOKET_POLL_MS: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run = { out: '', err: '', lines: [], waiting: [] };
  let partial = '';
  child.stdout.on('data', (chunk) => {
    const at = Date.now();
    run.out += chunk;
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop();
    for (const text of parts) run.lines.push({ text, at });
    for (const wake of run.waiting.splice(0)) wake();
  });
  child.stderr.on('data', (chunk) => (run.err += chunk));
  run.exited = new Promise((resolve) =>
    child.on('exit', (code) => {
      for (const wake of run.waiting.splice(0)) wake();
      resolve(code);
    }),
  );
  child.on('exit', () => (run.done = true));
  /** The first output line matching `pattern`, with its time. */
  run.line = async (pattern, timeout = 20_000) => {
    const end = Date.now() + timeout;
    for (;;) {
      const found = run.lines.find((line) => pattern.test(line.text));
      if (found) return found;
      if (run.done) throw new Error(`the example ended without ${pattern}:\n${run.out}\n${run.err}`);
      if (Date.now() > end) throw new Error(`no ${pattern} within ${timeout} ms:\n${run.out}\n${run.err}`);
      await Promise.race([new Promise((resolve) => run.waiting.push(resolve)), sleep(200)]);
    }
  };
  run.kill = () => run.done || child.kill();
  return run;
}

test("a supplier publishes: both tabs' badges go up within 3 s, one stream, no polling; anna acknowledges the letter, the supplier verifies the receipt", async () => {
  await env.backend.resetDemoData();
  const session = await env.open();
  const { context, page } = session;
  let example;
  try {
    await context.route('**/loket.json', async (route) => {
      const response = await route.fetch();
      const config = await response.json();
      config.api.refreshSeconds = REFRESH_SECONDS;
      await route.fulfill({ response, json: config });
    });
    const requests = [];
    context.on('request', (request) => requests.push({ url: request.url(), method: request.method(), at: Date.now() }));
    const api = (name) =>
      requests.filter(
        (r) =>
          r.method === 'GET' &&
          new URL(r.url).origin === new URL(env.backend.url).origin &&
          new URL(r.url).pathname === `/api/me/${name}`,
      );
    const streams = () => api('events');
    const summaries = () => api('summary');

    // anna signs in in the first tab; the second tab of the same browser gets her session over the channel
    await page.goto(env.url('/'));
    await waitForHeader(page);
    await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await page.waitForURL(
      (url) => url.origin === new URL(env.backend.url).origin && url.pathname.startsWith('/interaction'),
    );
    await signInAtProvider(page);
    await trigger(page).waitFor({ state: 'visible' });
    await waitForBadge(page, 'any', null, 10_000);
    const second = await context.newPage();
    await second.goto(env.url('/diensten/afval.html'));
    await trigger(second).waitFor({ state: 'visible' });
    await waitForBadge(second, 'any', null, 10_000);
    await waitUntil(() => server.open().length === 1 && streams().length === 1, "the browser's stream is open", {
      timeout: 5000,
    });
    const before = await unread(page);
    assert.equal(await unread(second), before);
    const navigations = { first: page.url(), second: second.url() };
    await sleep(500);
    const readsBefore = summaries().length;
    const eventsBefore = server.dataLines().length;

    // the supplier publishes
    example = runExample();
    const firstAnswer = await example.line(/^dossier GR-\d+: received/);
    await Promise.all([page, second].map((tab) => waitForBadge(tab, 'above', before, 3000)));
    const firstLatency = Date.now() - firstAnswer.at;
    const letterAnswer = await example.line(/^LETTER_PAGE /);
    const letterPage = letterAnswer.text.split(' ')[1];
    // the whole burst: a dossier (seen as one unread dossier), a message, a document, a registered letter
    const expected = before + 4;
    await Promise.all([page, second].map((tab) => waitForBadge(tab, 'equal', expected, 3000)));
    const letterLatency = Date.now() - letterAnswer.at;
    console.log(`# publish answer to both badges: first item ${firstLatency} ms, the letter ${letterLatency} ms`);
    assert.ok(firstLatency <= 3000 && letterLatency <= 3000, `within 3 s: ${firstLatency}, ${letterLatency} ms`);
    assert.equal(page.url(), navigations.first, 'no reload or navigation');
    assert.equal(second.url(), navigations.second, 'no reload or navigation');

    // requests: one stream for the browser, a few summary reads for the burst (not one per tab and change). The
    // four publications may reach the stream apart (a loaded machine spaces them out), each with a read: at most
    // one read per publication for both tabs, where one per tab would be eight.
    await sleep(1000);
    const burstReads = summaries().length - readsBefore;
    const changes = server.dataLines().length - eventsBefore;
    console.log(`# ${changes} events on the stream, ${burstReads} summary reads for both tabs`);
    assert.ok(changes >= 1, 'the stream told the browser');
    assert.ok(burstReads >= 1 && burstReads <= 4, `a few summary reads for the burst, for both tabs: ${burstReads}`);
    // no polling while the stream is up: 2.4 refresh periods without a summary read
    const quietFrom = summaries().length;
    await sleep(REFRESH_SECONDS * 2400);
    assert.deepEqual(
      summaries()
        .slice(quietFrom)
        .map((r) => r.url),
      [],
      'no summary polling while the stream is up',
    );
    assert.equal(streams().length, 1, 'one stream request for the browser');
    assert.equal(server.open().length, 1, 'one stream open on the server');

    // anna opens the registered letter (the provider session signs her in on the service's pages) and acknowledges it
    const letterTab = await context.newPage();
    await letterTab.goto(letterPage);
    const acknowledge = letterTab.getByRole('button', { name: 'Ontvangst bevestigen' });
    await acknowledge.waitFor();
    assert.equal(example.done, undefined, 'the example still waits for the receipt');
    await Promise.all([
      letterTab.waitForURL((url) => url.href.startsWith(letterPage) && url.search.includes('lang=')),
      acknowledge.click(),
    ]);
    assert.equal(await example.exited, 0, `${example.out}\n${example.err}`);
    assert.match(example.out, /RECEIPT_VERIFIED letter \S+ acknowledged at \S+ by \S+/);
    assert.match(example.out, /dossier GR-\d+: approved/);
    assert.equal(example.err, '');
    // the letter read: the badges follow, still live
    await Promise.all([page, second].map((tab) => waitForBadge(tab, 'equal', expected - 1, 3000)));

    // the events: a version and a time, nothing of what was published, no counts
    const data = server.dataLines();
    assert.ok(data.length > eventsBefore, 'events were sent');
    for (const line of data) {
      for (const title of PUBLISHED_TITLES) assert.ok(!line.includes(title), `no published title in an event: ${line}`);
      assert.deepEqual(
        Object.keys(JSON.parse(line.slice(5))).sort(),
        ['at', 'version'],
        `only a version and a time: ${line}`,
      );
      assert.doesNotMatch(line, /anna|unread/i);
    }
    assert.equal(streams().length, 1, 'still one stream request for the browser');
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
  } finally {
    example?.kill();
    await session.close();
  }
});
