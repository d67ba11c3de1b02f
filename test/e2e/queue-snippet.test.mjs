// The pre-load queue snippet of docs/api.md, byte for byte, on a page under a strict CSP that allows it by the
// hash the docs give: calls made before the drop-in loads are replayed, in order, and their promises settle.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../demo/site-server.mjs';
import { cspViolations, describeProblems, sleep, useEnvironment } from './helpers.mjs';

const env = useEnvironment();

/** The snippet's script body from docs/api.md (the html block after the queue-snippet marker) and the hash the docs state. */
function documentedSnippet() {
  const docs = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const block = /<!-- queue-snippet[^>]*-->\s*```html\n([\s\S]*?)```/.exec(docs);
  assert.ok(block, 'docs/api.md has the queue snippet after its marker');
  const body = /^<script>([\s\S]*)<\/script>\n$/.exec(block[1]);
  assert.ok(body, 'the snippet is one <script> element');
  const stated = /'(sha256-[A-Za-z0-9+/=]+)'/.exec(docs.slice(block.index));
  return { body: body[1], statedHash: stated?.[1] };
}

test('the documented snippet queues calls until the drop-in loads, under a strict CSP allowing its hash', async () => {
  const { body, statedHash } = documentedSnippet();
  const hash = `sha256-${createHash('sha256').update(body).digest('base64')}`;
  assert.equal(statedHash, hash, 'the hash in docs/api.md matches the snippet');
  const session = await env.open();
  const { context, page } = session;
  try {
    const csp = CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' '${hash}'`);
    await context.route('**/queue-page.html', (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
        body: `<!DOCTYPE html>
<html lang="nl">
  <head>
    <meta charset="utf-8" />
    <title>Wachtrij</title>
    <script>${body}</script>
    <script src="/test-pages/queue-calls.js"></script>
    <script async src="/loket/loket-header.js"></script>
  </head>
  <body>
    <loket-header config="/loket.json"><a href="/">Gemeente Lindegem</a></loket-header>
    <main><h1>Parkeren</h1></main>
  </body>
</html>`,
      }),
    );
    // Hold the drop-in back so that every call is made before it arrives.
    await context.route('**/loket/loket-header.js', async (route) => {
      await sleep(400); // a deliberate delay of the drop-in (what the test is about), not a wait
      await route.continue();
    });
    await page.goto(env.url('/queue-page.html'));
    await page.waitForFunction(() => window.queueResults?.alertSet || window.queueResults?.alertError, undefined, {
      timeout: 15_000,
    });
    await page.waitForFunction(() => window.queueResults.municipality && window.queueResults.badCall);
    const results = await page.evaluate(() => window.queueResults);
    assert.equal(results.loadedBefore, false, 'the calls were made before the drop-in loaded');
    assert.equal(results.alertError, undefined);
    assert.equal(results.alertSet, true);
    assert.equal(results.municipality, 'lindegem');
    assert.equal(results.offType, 'function');
    assert.ok(results.readyEvents >= 1, 'the queued on() heard loket-ready');
    assert.match(results.badCall, /loket\.setNavigationEnabled: "enabled" must be true or false/);
    const alert = page.locator('loket-header').locator('loket-alert[part="alert"]');
    assert.match(await alert.innerText(), /De wachtrij werkt/);
    // Every method the snippet names is one of window.loket's, and window.loket has no other.
    const snippetMethods = /'([a-zA-Z ]+)'\s*\.split/.exec(body)[1].split(' ').sort();
    const methods = await page.evaluate(() =>
      Object.keys(window.loket)
        .filter((key) => key !== 'version')
        .sort(),
    );
    assert.deepEqual(snippetMethods, methods);
    assert.deepEqual(session.pageErrors, [], describeProblems(session));
    assert.deepEqual(await cspViolations(page), []);
  } finally {
    await session.close();
  }
});
