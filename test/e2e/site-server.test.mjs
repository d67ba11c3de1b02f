// The demo site server (demo/site-server.mjs): mounts, content types, folders, 404, caching, and no way out
// of the served folders. Plain HTTP, no browser.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startSiteServer } from '../../demo/site-server.mjs';

let server;
before(async () => {
  server = await startSiteServer({ port: 0 });
});
after(() => server?.close());

/** A raw request: the path is sent exactly as given (no URL normalisation by the client). */
function get(path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('site server', () => {
  test('starts on a free port with port 0 and reports its URL', () => {
    assert.ok(server.port > 0);
    assert.equal(
      server.url,
      `http://localhost:${server.port}/`,
      "named localhost: the demo backend's cookies need one site",
    );
  });

  test('serves the demo site at / with index.html for folders', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(res.body, /<script src="\/loket\/loket-header\.js" data-config="\/loket\.json"><\/script>/);
    const direct = await get('/index.html');
    assert.equal(direct.body, res.body);
  });

  test('redirects a folder without its trailing slash', async () => {
    const res = await get('/diensten?x=1');
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, '/diensten/?x=1');
    const loket = await get('/loket');
    assert.equal(loket.status, 301);
    assert.equal(loket.headers.location, '/loket/');
  });

  test('serves dist/ at /loket/ and the e2e fixture pages at /test-pages/', async () => {
    const script = await get('/loket/loket-header.js');
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.body, await readFile(new URL('../../dist/loket-header.js', import.meta.url), 'utf8'));
    const theme = await get('/loket/themes/lindegem.css');
    assert.equal(theme.status, 200);
    assert.equal(theme.headers['content-type'], 'text/css; charset=utf-8');
    const fixture = await get('/test-pages/bad-href.html');
    assert.equal(fixture.status, 200);
    assert.match(fixture.body, /bad-href\.json/);
  });

  test('sends the right content type per extension', async () => {
    const cases = [
      ['/site.css', 'text/css; charset=utf-8'],
      ['/loket.json', 'application/json; charset=utf-8'],
      ['/img/lindegem-logo.svg', 'image/svg+xml'],
      ['/js/parkeren.js', 'text/javascript; charset=utf-8'],
      ['/loket/loket-header.js.map', 'application/json; charset=utf-8'],
      ['/loket/esm/index.js', 'text/javascript; charset=utf-8'],
    ];
    for (const [path, type] of cases) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-type'], type, path);
    }
  });

  test('every response says cache-control: no-cache and revalidates with an ETag', async () => {
    for (const path of ['/', '/loket/loket-header.js', '/missing.html']) {
      const res = await get(path);
      assert.equal(res.headers['cache-control'], 'no-cache', path);
    }
    const first = await get('/site.css');
    assert.ok(first.headers.etag);
    const again = await get('/site.css', { headers: { 'if-none-match': first.headers.etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
  });

  test('sends a strict Content-Security-Policy with HTML', async () => {
    const res = await get('/diensten/afval.html');
    const csp = res.headers['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /require-trusted-types-for 'script'/);
  });

  test('answers 404 for missing files and folders without index.html', async () => {
    assert.equal((await get('/nope.html')).status, 404);
    assert.equal((await get('/loket/nope.js')).status, 404);
    assert.equal((await get('/img/')).status, 404);
    assert.equal((await get('/loket.json/x')).status, 404);
  });

  test('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/site.css', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 0);
    const post = await get('/loket.json', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  test('never serves a file outside its folders (path traversal)', async () => {
    const attempts = [
      '/../package.json',
      '/../../etc/passwd',
      '/loket/../package.json',
      '/loket/../../package.json',
      '/test-pages/../../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/%2E%2E/etc/passwd',
      '/loket/%2e%2e/%2e%2e/package.json',
      '/loket/..%2f..%2fpackage.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/loket/..%5c..%5cpackage.json',
      '/..\\package.json',
      '/%252e%252e/package.json',
      '/img/%00../../package.json',
      '/site.css%00.html',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/%c0%ae%c0%ae/package.json',
      '/%',
    ];
    for (const path of attempts) {
      const res = await get(path);
      assert.ok([400, 403, 404].includes(res.status), `${path} answered ${res.status}`);
      assert.doesNotMatch(res.body, /"name": "loket-header"|root:x:0:0/, `${path} leaked a file`);
    }
  });
});
