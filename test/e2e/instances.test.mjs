// Two instances of the profile service on one PostgreSQL database behind one public URL (a round-robin proxy
// that sends each request to the other instance), with the real header in Chromium: the sign-in, the page
// views and a renewal land on alternating instances; an event published on A reaches a stream open on B;
// sign-out on one ends the session on both. Skipped (with a note) when PostgreSQL is not reachable.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startService } from '../../server/dist/index.js';
import { startSiteServer } from '../../demo/site-server.mjs';
import { signInAtProvider, signInFromNode } from './backend-env.mjs';
import { describeProblems, launchBrowser, openSession, sleep, waitForHeader } from './helpers.mjs';

const POSTGRES_URL = process.env.LOKET_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresProblem() {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error.message;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A database of this file's own on the PostgreSQL server (the test's infrastructure, not its data). */
async function throwawayDatabase() {
  const name = `loket_e2e_${randomBytes(6).toString('hex')}`;
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A round-robin proxy: each request goes to the next instance; `log` says which one served what. */
async function startProxy(targets) {
  const log = [];
  let next = 0;
  const server = createServer((req, res) => {
    const index = next++ % targets.length;
    const target = targets[index]();
    const entry = { instance: 'AB'[index], method: req.method, path: (req.url ?? '/').split('?')[0] };
    log.push(entry);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        entry.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${server.address().port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

const problem = await postgresProblem();

describe(
  'two instances on one PostgreSQL database',
  { skip: problem && `PostgreSQL not reachable at ${POSTGRES_URL} (${problem})` },
  () => {
    const env = {
      server: undefined,
      browser: undefined,
      url(p = '') {
        return new URL(p.replace(/^\//, ''), env.server.url).href;
      },
    };
    let database;
    let proxy;
    let a;
    let b;
    const dirs = [];

    before(async () => {
      database = await throwawayDatabase();
      proxy = await startProxy([() => a, () => b]);
      env.server = await startSiteServer({ port: 0, publicHost: 'localhost', backendUrl: () => proxy.url });
      const siteOrigin = new URL(env.server.url).origin;
      const start = async () => {
        const dataDir = await mkdtemp(path.join(tmpdir(), 'loket-instance-'));
        dirs.push(dataDir);
        // access tokens live 32 s: the header renews 30 s before expiry, so a renewal is due 2 s after sign-in
        return startService({
          port: 0,
          databaseUrl: database.url,
          publicUrl: proxy.url,
          siteOrigins: [siteOrigin],
          dataDir,
          accessTokenTtl: 32,
          quiet: true,
        });
      };
      [a, b] = await Promise.all([start(), start()]);
      env.browser = await launchBrowser();
    });
    after(async () => {
      await Promise.all([env.browser?.close(), env.server?.close(), proxy?.close()]);
      await Promise.all([a?.close(), b?.close()]);
      await database?.drop();
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    });

    test('one citizen, two instances: sign-in, page views, renewal, an event across instances, sign-out on both', async () => {
      assert.equal(a.issuer, proxy.url);
      assert.equal(b.issuer, proxy.url);
      const session = await openSession(env);
      const { page, context } = session;
      const tokenRequests = [];
      context.on('request', (request) => {
        if (request.method() === 'POST' && request.url() === `${proxy.url}/token`)
          tokenRequests.push(request.postData() ?? '');
      });
      const trigger = page.locator('loket-header loket-profile-menu [part="trigger"]');
      try {
        // sign-in: /auth, the sign-in page, its post, the redirect back and the code exchange, through both
        await page.goto(env.url('/'));
        await waitForHeader(page);
        await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
        await page.waitForURL((url) => url.origin === proxy.url && url.pathname.startsWith('/interaction'));
        await signInAtProvider(page);
        await trigger.waitFor({ state: 'visible' });

        // page views
        for (const p of ['/diensten/afval.html', '/contact.html', '/']) {
          await page.goto(env.url(p));
          await trigger.waitFor({ state: 'visible' });
        }
        // a renewal (the access token is within the renewal margin now)
        await sleep(2500);
        await page.evaluate(() => window.loket.refresh());
        await sleep(1000);
        assert.equal(
          tokenRequests.filter((body) => body.includes('grant_type=refresh_token')).length,
          1,
          'one renewal',
        );
        assert.equal(await page.evaluate(async () => (await window.loket.getSession()).status), 'signed-in');

        const served = (predicate) => new Set(proxy.log.filter(predicate).map((entry) => entry.instance));
        assert.deepEqual(
          served(
            (e) =>
              e.path.startsWith('/interaction') ||
              e.path === '/auth' ||
              e.path.startsWith('/auth/') ||
              e.path === '/token',
          ),
          new Set(['A', 'B']),
          JSON.stringify(proxy.log),
        );
        assert.deepEqual(
          served((e) => e.path.startsWith('/api/')),
          new Set(['A', 'B']),
          JSON.stringify(proxy.log),
        );
        const tokenServers = proxy.log.filter((e) => e.path === '/token' && e.method === 'POST').map((e) => e.instance);
        assert.equal(tokenServers.length, 2, 'the code exchange and the renewal');

        // an event published on A reaches a stream held open on B
        const tokens = await page.evaluate(() => {
          const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user'));
          return JSON.parse(sessionStorage.getItem(key));
        });
        // The header's tokens are bound to its browser's DPoP key: the API is used here as another client of
        // anna's would use it, with tokens bound to a key of its own. Each proof names the public URL (the
        // proxy's), whichever instance the request reaches.
        const other = await signInFromNode(proxy.url, env.url('/'));
        const stream = await fetch(`http://localhost:${b.port}/api/me/events`, {
          headers: await other.headers('GET', `${proxy.url}/api/me/events`),
        });
        assert.equal(stream.status, 200);
        const reader = stream.body.getReader();
        const decoder = new TextDecoder();
        let text = '';
        const received = (async () => {
          while (!text.includes('event: summary-changed')) {
            const { value, done } = await reader.read();
            if (done) break;
            text += decoder.decode(value, { stream: true });
          }
          return text;
        })();
        await sleep(200);
        const { items } = await (
          await fetch(`http://localhost:${a.port}/api/me/messages`, {
            headers: await other.headers('GET', `${proxy.url}/api/me/messages`),
          })
        ).json();
        const unread = items.find((m) => !m.read);
        assert.ok(unread, 'an unread message');
        const read = await fetch(`http://localhost:${a.port}/api/me/messages/${unread.id}/read`, {
          method: 'POST',
          headers: await other.headers('POST', `${proxy.url}/api/me/messages/${unread.id}/read`),
        });
        assert.equal(read.status, 200);
        const started = Date.now();
        const result = await Promise.race([received, sleep(3000).then(() => 'timeout')]);
        assert.match(result, /event: summary-changed/, 'the stream on B heard the change made on A');
        assert.ok(Date.now() - started < 3000);
        await reader.cancel();

        // sign-out through the proxy: the refresh token and the provider session end on both instances
        await trigger.click();
        await Promise.all([
          page.waitForURL((url) => url.origin === proxy.url && url.pathname.startsWith('/session/end')),
          page.locator('loket-header loket-profile-menu').getByRole('button', { name: 'Afmelden' }).click(),
        ]);
        // the sign-out page posts itself (/session/end/confirm), then the provider sends the browser back
        await page.waitForURL((url) => url.origin === new URL(env.url('/')).origin);
        assert.ok(
          proxy.log.some((e) => e.method === 'POST' && e.path === '/session/end/confirm'),
          'the provider session was ended',
        );
        await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).waitFor();
        const current = tokenRequests.length;
        for (const instance of [a, b]) {
          const res = await fetch(`http://localhost:${instance.port}/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(env.url('/')).origin },
            body: new URLSearchParams({
              grant_type: 'refresh_token',
              refresh_token: tokens.refresh_token,
              client_id: 'loket-demo',
            }),
          });
          assert.equal(res.status, 400, `the refresh token is over on ${instance === a ? 'A' : 'B'}`);
          assert.equal((await res.json()).error, 'invalid_grant');
        }
        assert.equal(tokenRequests.length, current);
        for (const instance of [a, b]) {
          const cookies = (await context.cookies(proxy.url)).map((c) => `${c.name}=${c.value}`).join('; ');
          const res = await fetch(`http://localhost:${instance.port}/berichten`, { headers: { cookie: cookies } });
          assert.equal(res.status, 401, `the provider session is over on ${instance === a ? 'A' : 'B'}`);
        }
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
      } finally {
        await session.close();
      }
    });
  },
);
