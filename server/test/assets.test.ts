// /loket/*: the header's files as the service's pages load them. A designer's rebuilt theme (or a changed logo)
// is served without a restart; the drop-in stays as the service started with it.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Fastify from 'fastify';
import { assetRoutes, loadAssets } from '../src/http/routes/assets.js';

describe('the header files under /loket/', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'loket-assets-'));
  after(() => rmSync(dist, { recursive: true, force: true }));
  mkdirSync(path.join(dist, 'themes'));
  const write = (name: string, content: string, secondsAgo: number) => {
    const file = path.join(dist, name);
    writeFileSync(file, content);
    // an explicit time: two writes within the file system's time resolution would look unchanged
    const at = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(file, at, at);
  };
  write('loket-header.js', 'export const version = 1;', 60);
  write('themes/lindegem.css', ':root { --loket-brand: #005a9c; }', 60);

  const app = Fastify();
  app.register(assetRoutes(loadAssets([], dist)));
  after(() => app.close());
  const get = async (name: string) => {
    const response = await app.inject({ method: 'GET', url: `/loket/${name}` });
    return { status: response.statusCode, body: response.body, type: response.headers['content-type'] };
  };

  test('a rebuilt theme is served as it is now, without a restart', async () => {
    assert.deepEqual(await get('themes/lindegem.css'), {
      status: 200,
      body: ':root { --loket-brand: #005a9c; }',
      type: 'text/css; charset=utf-8',
    });
    write('themes/lindegem.css', ':root { --loket-brand: #7a1f5c; }', 0);
    assert.equal((await get('themes/lindegem.css')).body, ':root { --loket-brand: #7a1f5c; }');
  });

  test('a theme caught half written (empty) or removed keeps its last content', async () => {
    write('themes/lindegem.css', '', 30);
    assert.equal((await get('themes/lindegem.css')).body, ':root { --loket-brand: #7a1f5c; }');
    rmSync(path.join(dist, 'themes/lindegem.css'));
    assert.equal((await get('themes/lindegem.css')).body, ':root { --loket-brand: #7a1f5c; }');
  });

  test('the drop-in stays the one the service started with (its pre-rendered headers match it)', async () => {
    write('loket-header.js', 'export const version = 2;', 0);
    assert.equal((await get('loket-header.js')).body, 'export const version = 1;');
  });

  test('a file that is not one of them is a 404, also a theme added after the start', async () => {
    write('themes/nieuw.css', ':root {}', 0);
    assert.equal((await get('themes/nieuw.css')).status, 404);
    assert.equal((await get('../package.json')).status, 404);
  });
});
