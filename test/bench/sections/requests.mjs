// Section 4: requests to the profile API and the provider per page view, for one tab and for three tabs of one
// browser over a minute, signed in as anna on the real reference backend (as test/e2e/backend-env.mjs runs it).
// The two browsers (contexts) run side by side so the section takes about 70 s; they share nothing (own
// storage, own provider session). Requests are counted by URL as the browser makes them (CORS preflights are not
// page requests and are not counted), and checked against the backend's audit log (one row per /api/me* request).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBackend } from '../../../server/dist/index.js';
import { startSiteServer } from '../../../demo/site-server.mjs';
import { signInAtProvider } from '../../e2e/backend-env.mjs';
import { benchInstrumentation, waitForPainted } from '../lib/browser.mjs';
import { mountsWithDist } from './cls.mjs';
import { sleep, withTimeout } from '../lib/stats.mjs';

/** refreshSeconds of the demo config (demo/site/loket.json). */
export const REFRESH_SECONDS = 60;
/** How long after the first summary request the idle tabs are watched. */
export const WATCH_MS = 65_000;

const trigger = (page) => page.locator('loket-header loket-profile-menu [part="trigger"]');

function waitForUnread(page) {
  return page.waitForFunction(
    () => {
      const root = document.querySelector('loket-header')?.shadowRoot?.querySelector('loket-profile-menu')?.shadowRoot;
      return /\d+ ongelezen/.test(root?.querySelector('[part="trigger"]')?.textContent ?? '');
    },
    undefined,
    { timeout: 15_000 },
  );
}

/** A browser context whose every request is logged with the phase it happened in. */
async function recordedContext(browser) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'nl-BE',
    serviceWorkers: 'block',
  });
  await context.addInitScript(benchInstrumentation);
  const log = [];
  const pages = [];
  const state = { phase: 'setup' };
  context.on('request', (request) => {
    let tab = -1;
    try {
      tab = pages.indexOf(request.frame().page());
    } catch {
      // not a page's request
    }
    log.push({
      at: Date.now(),
      url: request.url(),
      method: request.method(),
      type: request.resourceType(),
      phase: state.phase,
      tab,
      navigation: request.isNavigationRequest(),
    });
  });
  const newPage = async () => {
    const page = await context.newPage();
    pages.push(page);
    return page;
  };
  return { context, log, newPage, setPhase: (phase) => (state.phase = phase), close: () => context.close() };
}

async function signIn(page, siteUrl, backendUrl) {
  await page.goto(new URL('/', siteUrl).href, { timeout: 20_000 });
  await waitForPainted(page);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click({ timeout: 10_000 });
  await page.waitForURL((url) => url.origin === new URL(backendUrl).origin && url.pathname.startsWith('/interaction'), {
    timeout: 15_000,
  });
  await signInAtProvider(page);
  await trigger(page).waitFor({ state: 'visible', timeout: 15_000 });
  await waitForUnread(page);
}

/** One tab: an anonymous view, the sign-in, two more page views, then the tab left open. */
async function oneTab(browser, siteUrl, backendUrl) {
  const rec = await recordedContext(browser);
  const page = await rec.newPage();
  rec.setPhase('anonymous view');
  await page.goto(new URL('/', siteUrl).href, { timeout: 20_000 });
  await waitForPainted(page);
  await sleep(500);
  rec.setPhase('sign-in (back on the site, signed in)');
  await signIn(page, siteUrl, backendUrl);
  await sleep(500);
  for (const [phase, pagePath] of [
    ['next page view', '/diensten/afval.html'],
    ['next page view', '/diensten/parkeren.html'],
  ]) {
    rec.setPhase(phase);
    await page.goto(new URL(pagePath, siteUrl).href, { timeout: 20_000 });
    await trigger(page).waitFor({ state: 'visible', timeout: 15_000 });
    await sleep(1000);
  }
  rec.setPhase('left open');
  return rec;
}

/** Three tabs of one browser: sign in in the first, open two more, leave all three open. */
async function threeTabs(browser, siteUrl, backendUrl) {
  const rec = await recordedContext(browser);
  const first = await rec.newPage();
  rec.setPhase('sign-in (back on the site, signed in)');
  await signIn(first, siteUrl, backendUrl);
  await sleep(500);
  for (const pagePath of ['/diensten/afval.html', '/contact.html']) {
    rec.setPhase('another tab opened');
    const page = await rec.newPage();
    await page.goto(new URL(pagePath, siteUrl).href, { timeout: 20_000 });
    await trigger(page).waitFor({ state: 'visible', timeout: 15_000 });
    await sleep(1000);
  }
  rec.setPhase('left open');
  return rec;
}

/**
 * api: the requests the budget counts; stream: the live summary's event stream (`GET /api/me/events`, one
 * long-lived fetch per signed-in page view), counted apart as test/e2e/journey.test.mjs does; provider.
 */
function classify(url, backendOrigin) {
  const parsed = new URL(url);
  if (parsed.origin !== backendOrigin) return undefined;
  if (parsed.pathname === '/api/me/events') return 'stream';
  return parsed.pathname.startsWith('/api/') ? 'api' : 'provider';
}

/** Counts per phase and per URL path of the requests that reached the backend. */
function summarizeLog(rec, backendOrigin) {
  const backend = rec.log.filter((r) => classify(r.url, backendOrigin));
  const firstSummary = backend.find((r) => new URL(r.url).pathname === '/api/me/summary');
  const t0 = firstSummary?.at;
  const phases = [];
  for (const r of rec.log) {
    let phase = phases.find((p) => p.name === r.phase);
    if (!phase)
      phases.push((phase = { name: r.phase, views: new Set(), api: [], stream: [], provider: [], assets: new Set() }));
    if (new URL(r.url).pathname.startsWith('/loket/')) phase.assets.add(new URL(r.url).pathname);
    if (r.navigation && classify(r.url, backendOrigin) === undefined && r.tab >= 0)
      phase.views.add(`${r.tab}:${r.url}`);
    const kind = classify(r.url, backendOrigin);
    if (kind) phase[kind].push({ request: `${r.method} ${new URL(r.url).pathname}`, type: r.type, tab: r.tab });
  }
  const inWindow = t0 === undefined ? [] : backend.filter((r) => r.at >= t0 && r.at <= t0 + WATCH_MS);
  const apiInWindow = inWindow.filter((r) => classify(r.url, backendOrigin) === 'api');
  return {
    phases: phases.map((p) => ({
      name: p.name,
      views: p.views.size,
      api: p.api,
      stream: p.stream,
      provider: p.provider,
      assets: [...p.assets].sort(),
    })),
    window: {
      ms: WATCH_MS,
      api: apiInWindow.map((r) => ({ path: new URL(r.url).pathname, at: r.at - t0, tab: r.tab })),
      stream: inWindow
        .filter((r) => classify(r.url, backendOrigin) === 'stream')
        .map((r) => ({ path: new URL(r.url).pathname, at: r.at - t0, tab: r.tab })),
      provider: inWindow
        .filter((r) => classify(r.url, backendOrigin) === 'provider')
        .map((r) => ({ path: new URL(r.url).pathname, at: r.at - t0, tab: r.tab })),
    },
    t0,
  };
}

export async function measureRequests({ browser, distDir, log = () => {} }) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'loket-bench-'));
  let backendUrl;
  const site = await startSiteServer({
    port: 0,
    publicHost: 'localhost',
    backendUrl: () => backendUrl,
    mounts: mountsWithDist(distDir),
  });
  const backend = await startBackend({ port: 0, siteOrigins: [new URL(site.url).origin], dataDir, quiet: true });
  backendUrl = backend.url;
  const origin = new URL(backend.url).origin;
  const recs = [];
  try {
    const started = Date.now();
    recs.push(
      ...(await withTimeout(
        Promise.all([oneTab(browser, site.url, backend.url), threeTabs(browser, site.url, backend.url)]),
        45_000,
        'sign-in and page views',
      )),
    );
    const [one, three] = recs.map((rec) => summarizeLog(rec, origin));
    // Leave the tabs open until both have been watched WATCH_MS since their first summary request.
    const until = Math.max(one.t0 ?? started, three.t0 ?? started) + WATCH_MS + 500;
    log(
      `  page views done in ${Math.round((Date.now() - started) / 1000)} s; tabs left open for ${Math.round((until - Date.now()) / 1000)} s more`,
    );
    await sleep(Math.max(0, until - Date.now()));
    const [oneTabResult, threeTabResult] = recs.map((rec) => summarizeLog(rec, origin));
    // The backend is fresh: every /api/me* row of its audit log is a request of this section.
    await sleep(200);
    const auditRows = (await backend.store.auditRows({ limit: 1000 }))
      .filter((row) => row.resource.startsWith('/api/me'))
      .map(({ at, resource, outcome }) => ({ at, resource, outcome }));
    // the audit log has a row for each stream opened too
    const seen = [oneTabResult, threeTabResult].reduce(
      (n, r) => n + r.phases.reduce((m, p) => m + p.api.length + p.stream.length, 0),
      0,
    );
    const result = {
      oneTab: oneTabResult,
      threeTabs: threeTabResult,
      audited: auditRows.length,
      seen,
      auditRows,
      refreshSeconds: REFRESH_SECONDS,
    };
    for (const [name, r] of [
      ['one tab', oneTabResult],
      ['three tabs', threeTabResult],
    ]) {
      log(
        `  ${name}: ${r.phases.map((p) => `${p.name}: ${p.views} view(s), ${p.api.length} API, ${p.provider.length} provider`).join('; ')}`,
      );
      log(
        `  ${name}: ${r.window.api.length} API request(s) in ${WATCH_MS / 1000} s: ${r.window.api.map((a) => `${a.path}@${(a.at / 1000).toFixed(1)}s tab ${a.tab}`).join(', ')}`,
      );
    }
    log(`  backend audit log: ${auditRows.length} /api/me* rows; the browsers made ${seen} API requests`);
    return result;
  } finally {
    await Promise.all(recs.map((rec) => rec.close().catch(() => {})));
    await Promise.all([site.close(), backend.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}
