// An end-to-end environment with the real profile service (server/: provider + profile API + SQLite) beside
// the demo site: both on free ports of localhost, a fresh data folder per test file.

import { after, before } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBackend } from '../../server/dist/index.js';
import { startSiteServer } from '../../demo/site-server.mjs';
import { launchBrowser, openSession } from './helpers.mjs';
import { DpopKey, signIn } from '../../server/test/http-helpers.mjs';

/**
 * @param {{ accessTokenTtl?: number, sessionIdleTtl?: number }} [options]
 */
export function useBackendEnvironment({ accessTokenTtl = 300, sessionIdleTtl } = {}) {
  const env = {
    server: undefined,
    backend: undefined,
    browser: undefined,
    dataDir: undefined,
    url(p = '') {
      return new URL(p.replace(/^\//, ''), env.server.url).href;
    },
    open(options) {
      return openSession(env, options);
    },
  };
  before(async () => {
    env.dataDir = await mkdtemp(path.join(tmpdir(), 'loket-e2e-'));
    // The site's origin must be known to the provider (redirect URIs, CORS) and the backend's URL to the
    // site (its config): start the site first, then tell it where the backend is.
    let backendUrl;
    env.server = await startSiteServer({ port: 0, publicHost: 'localhost', backendUrl: () => backendUrl });
    const siteOrigin = new URL(env.server.url).origin;
    [env.backend, env.browser] = await Promise.all([
      startBackend({
        port: 0,
        siteOrigins: [siteOrigin],
        dataDir: env.dataDir,
        accessTokenTtl,
        sessionIdleTtl,
        quiet: true,
      }),
      launchBrowser(),
    ]);
    backendUrl = env.backend.url;
  });
  after(async () => {
    await Promise.all([env.browser?.close(), env.server?.close(), env.backend?.close()]);
    if (env.dataDir) await rm(env.dataDir, { recursive: true, force: true });
  });
  return env;
}

/** Requests of a session that went to the backend, split by what they are. */
export function backendRequests(session, backendUrl) {
  const origin = new URL(backendUrl).origin;
  const all = session.requests.filter((url) => url.startsWith(origin));
  return {
    all,
    api: all.filter((url) => new URL(url).pathname.startsWith('/api/')),
    provider: all.filter((url) => !new URL(url).pathname.startsWith('/api/')),
  };
}

/** Signs in on the provider's page (the browser must be there). */
export async function signInAtProvider(page, { username = 'anna', password = 'demo' } = {}) {
  await page.getByLabel(/gebruikersnaam|username|nom d.utilisateur|benutzername/i).fill(username);
  await page.getByLabel(/wachtwoord|password|mot de passe|passwort/i).fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/interaction')),
    page.getByRole('button', { name: /aanmelden|sign in|se connecter|anmelden/i }).click(),
  ]);
}

/**
 * A citizen signed in from Node, as another client of theirs would be (the header's tokens are bound to its
 * browser's key and useless here): the code flow through the provider's pages with a DPoP key of its own.
 * `headers(method, url)`: `Authorization: DPoP` and a fresh proof; `url` as the public URL names it.
 */
export async function signInFromNode(issuer, siteUrl, { username = 'anna', password = 'demo' } = {}) {
  const dpop = await DpopKey.generate();
  const { tokens } = await signIn({ issuer }, { username, password, redirectUri: new URL('/', siteUrl).href, dpop });
  return { tokens, dpop, headers: (method, url) => dpop.headers(method, url, tokens.access_token) };
}
