// What the new service adds to the reference backend's behaviour: health endpoints, the sign-in rate limit,
// request ids in the audit log, the issuer from the public URL.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { auditRows, browse, CookieJar, form, lastAuditId, SITE, startTestBackend } from './helpers.mjs';

let backend;
before(async () => {
  backend = await startTestBackend({ signInRateLimit: 3 });
});
after(() => backend?.close());

describe('operations', () => {
  test('/healthz answers while the process runs, /readyz while the database answers', async () => {
    const health = await fetch(`${backend.issuer}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${backend.issuer}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(ready.headers.get('cache-control'), 'no-store');
  });

  test('each audit row carries the request id of its request', async () => {
    const last = await lastAuditId(backend);
    await fetch(`${backend.issuer}/api/me/summary`);
    const [row] = await auditRows(backend, last);
    assert.match(row.requestId, /^[0-9a-f-]{36}$/);
  });
});

describe('sign-in posts are rate limited per client address', () => {
  test('the fourth post within a minute is 429; a page view is not limited', async () => {
    const jar = new CookieJar();
    const page = await (await browse(jar, `${backend.issuer}/host/login`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)[1];
    const post = () =>
      browse(
        jar,
        `${backend.issuer}/host/login`,
        form({ username: 'anna', password: 'wrong', csrf, return: `${SITE}/` }),
      );
    for (let i = 0; i < 3; i += 1) assert.equal((await post()).status, 200);
    const limited = await post();
    assert.equal(limited.status, 429);
    assert.ok(limited.headers.get('retry-after'), 'says when to try again');
    assert.equal((await browse(jar, `${backend.issuer}/host/login`)).status, 200);
  });
});

describe('the public URL', () => {
  test('is the issuer and the origin of every absolute link, whatever the port', async () => {
    const other = await startTestBackend({ publicUrl: 'https://loket.lindegem.example' });
    try {
      const meta = await (await fetch(`http://localhost:${other.port}/.well-known/openid-configuration`)).json();
      assert.equal(meta.issuer, 'https://loket.lindegem.example');
      assert.equal(meta.authorization_endpoint, 'https://loket.lindegem.example/auth');
    } finally {
      await other.close();
    }
  });
});

describe('stopping', () => {
  test('a connection that has sent nothing does not hold the stop; a request in flight still gets its answer', async () => {
    const other = await startTestBackend();
    const connect = async () => {
      const socket = net.connect(other.port, 'localhost');
      await once(socket, 'connect');
      let received = '';
      socket.setEncoding('utf8').on('data', (chunk) => (received += chunk));
      return { socket, received: () => received, ended: once(socket, 'close') };
    };
    // a browser opens connections ahead of need: Node counted this one as busy, and the stop waited 72 s for it
    const unused = await connect();
    // a sign-in post whose headers have arrived and whose body has not: the server's "100 Continue" says the
    // request has reached it
    const slow = await connect();
    const body = 'username=anna&password=wrong&csrf=x';
    slow.socket.write(
      `POST /host/login HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/x-www-form-urlencoded\r\n` +
        `expect: 100-continue\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    const within = (ms, promise, what) =>
      Promise.race([
        promise,
        new Promise((resolve, reject) => setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms).unref()),
      ]);
    const deadline = Date.now() + 10_000;
    while (!slow.received().includes('100 Continue') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(slow.received().includes('100 Continue'), 'the post reached the service');
    const stopped = other.close();
    try {
      await within(3_000, unused.ended, 'the unused connection is still open');
      slow.socket.write(body.slice(10));
      await within(3_000, slow.ended, 'the connection of the request in flight is still open');
      await within(3_000, stopped, 'the service has not stopped');
    } finally {
      unused.socket.destroy();
      slow.socket.destroy();
    }
    const answer = slow.received().replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
    assert.match(answer, /^HTTP\/1\.1 [2-4]\d\d /, 'the request in flight was answered');
    assert.match(answer, /\r\nconnection: close\r\n/i, 'and told its client that the connection ends');
    assert.equal(unused.received(), '');
  });
});
