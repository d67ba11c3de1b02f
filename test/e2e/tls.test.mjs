// The service and the demo site over https (issue 13, "In transit"): each behind a TLS proxy with a certificate
// this test makes (tls.mjs), the service told its public URL is https and that 127.0.0.2 (the proxy) may set
// X-Forwarded-For. Chromium trusts only the test chain (its SPKI hashes), and the citizen signs in with the real
// header: the provider's cookies are Secure (and still work: the sign-in needs them), every answer of the service
// carries Strict-Transport-Security, the pages are a secure context, and the audit log records the browser's
// address (127.0.0.1), not the proxy's (127.0.0.2).

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startBackend } from '../../server/dist/index.js';
import { startSiteServer } from '../../demo/site-server.mjs';
import { signInAtProvider } from './backend-env.mjs';
import { CHROMIUM, CHROMIUM_ARGS, waitForHeader } from './helpers.mjs';
import { makeCertificates, PROXY_ADDRESS, startTlsProxy, trustFlag } from './tls.mjs';

const env = {};
before(async () => {
  const tls = makeCertificates();
  env.dataDir = await mkdtemp(path.join(tmpdir(), 'loket-e2e-tls-'));
  [env.siteProxy, env.serviceProxy] = await Promise.all([startTlsProxy(tls), startTlsProxy(tls)]);
  env.site = await startSiteServer({ port: 0, publicHost: 'localhost', backendUrl: () => env.serviceProxy.url });
  env.backend = await startBackend({
    port: 0,
    publicUrl: env.serviceProxy.url,
    siteOrigins: [env.siteProxy.url],
    trustProxy: [PROXY_ADDRESS],
    dataDir: env.dataDir,
    quiet: true,
  });
  env.siteProxy.upstream = new URL(env.site.url).port;
  env.serviceProxy.upstream = env.backend.port;
  env.browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, trustFlag(tls)],
    headless: true,
  });
});
after(async () => {
  await env.browser?.close();
  await Promise.all([env.siteProxy?.close(), env.serviceProxy?.close(), env.site?.close(), env.backend?.close()]);
  if (env.dataDir) await rm(env.dataDir, { recursive: true, force: true });
});

test('signing in over https: Secure cookies that work, HSTS, the citizen’s address in the audit log', async () => {
  const context = await env.browser.newContext({ locale: 'nl-BE', serviceWorkers: 'block' });
  const page = await context.newPage();
  const serviceAnswers = [];
  page.on('response', (response) => {
    if (response.url().startsWith(env.serviceProxy.url)) serviceAnswers.push(response);
  });
  const [firstRow] = await env.backend.store.auditRows({ newestFirst: true, limit: 1 });

  const start = await page.goto(`${env.siteProxy.url}/`);
  assert.ok(start.ok());
  assert.equal((await start.securityDetails())?.protocol?.startsWith('TLS'), true, 'the site is served over TLS');
  assert.equal(await page.evaluate(() => window.isSecureContext), true);
  await waitForHeader(page);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL((url) => url.origin === env.serviceProxy.url && url.pathname.startsWith('/interaction'));
  await signInAtProvider(page);
  await page.waitForURL((url) => url.origin === env.siteProxy.url);
  await page.locator('loket-header loket-profile-menu [part="trigger"]').waitFor({ state: 'visible' });

  // every cookie of the service is Secure (and HttpOnly): the sign-in above needed them to come back
  const cookies = await context.cookies(env.serviceProxy.url);
  assert.ok(cookies.length > 0, 'the provider set its session cookie');
  for (const cookie of cookies) {
    assert.equal(cookie.secure, true, `${cookie.name} is Secure`);
    assert.equal(cookie.httpOnly, true, `${cookie.name} is HttpOnly`);
  }
  // every answer of the service (the provider's pages and redirects, the profile API) says HSTS
  assert.ok(serviceAnswers.length >= 3, `${serviceAnswers.length} answers from the service`);
  for (const response of serviceAnswers) {
    const headers = await response.allHeaders();
    assert.equal(headers['strict-transport-security'], 'max-age=31536000', response.url());
  }

  // the service's own page, in the same browser: the Secure session cookie goes along over https
  const messages = await page.goto(`${env.serviceProxy.url}/berichten`);
  assert.equal(messages.status(), 200);
  assert.match(await page.locator('h1').textContent(), /Mijn berichten|Berichten/i);

  // the audit log: the browser's address as the proxy forwarded it, never the proxy's own
  const rows = await env.backend.store.auditRows({ afterId: firstRow?.id ?? 0, limit: 1000 });
  const signIn = rows.find((row) => row.operation === 'sign-in');
  assert.equal(signIn?.outcome, 'ok');
  for (const row of rows) assert.equal(row.clientIp, '127.0.0.1', `${row.operation} ${row.resource}`);
  assert.ok(rows.some((row) => row.operation === 'code-exchange'));
  assert.ok(rows.some((row) => row.resource === '/berichten'));
  await context.close();
});
