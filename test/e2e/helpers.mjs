// Shared helpers of the end-to-end tests (node:test + playwright-core, the system Chromium).
//
// Each test file: `const env = useEnvironment();` at the top level starts one site server (port 0) and one
// browser in before(), and closes both in after(); each test opens its own context with `env.open(...)`.

import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { startSiteServer } from '../../demo/site-server.mjs';

import { launchChromium } from '../../scripts/chromium.mjs';

export { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

/** The URL pattern of the drop-in script, for `page.route`. */
export const DROP_IN = '**/loket-header.js';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `condition()` (checked in this process, every 20 ms) is true: for something the test itself records,
 * such as a count of requests. Fails with `what` after `timeout` ms.
 */
export async function waitUntil(condition, what, { timeout = 15_000 } = {}) {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(20); // polls the condition
  }
}

/** The requests of a page still in flight (tracked from the first call for that page; openSession calls it). */
const inFlight = new WeakMap();
export function trackRequests(page) {
  let tracker = inFlight.get(page);
  if (!tracker) {
    // `lastOf`: when each request last started or ended (for settled()'s `ignore`).
    tracker = { pending: new Set(), last: Date.now(), lastOf: new Map() };
    const { pending, lastOf } = tracker;
    page.on('request', (request) => {
      pending.add(request);
      tracker.last = Date.now();
      lastOf.set(request, tracker.last);
    });
    const done = (request) => {
      pending.delete(request);
      tracker.last = Date.now();
      lastOf.set(request, tracker.last);
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    // A long-lived event stream (the header's /api/me/events, one per browser) stays open for as long as the
    // page does: it is in flight until its response headers arrive (the stream being opened is activity like any
    // request), then no longer counts, or the network would never be quiet. Its end still counts as activity
    // (requestfinished / requestfailed above). Only a response that says `text/event-stream` is let go: any other
    // request, however slow, stays pending until it finishes.
    page.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (type.startsWith('text/event-stream')) done(response.request());
    });
    inFlight.set(page, tracker);
  }
  return tracker;
}

/**
 * Waits until the page has finished what it started: no request in flight (an open event stream is not, once
 * its response headers arrived: see trackRequests) and none started or ended for
 * `quietMs` (Playwright's own `networkidle` fires once per navigation, so it cannot be waited for again), then
 * an idle callback and two animation frames. For "nothing happens" checks (what did not happen by then did not
 * happen while the page was busy) and for a page that must be done loading.
 * `ignore(request)`: requests a test holds unanswered on purpose (its injected fault), which would otherwise
 * keep the network busy for as long as the header retries them; every other request still counts.
 */
export async function settled(page, { quietMs = 500, timeout = 30_000, ignore } = {}) {
  const tracker = trackRequests(page);
  const quiet = () => {
    if (!ignore) return tracker.pending.size === 0 && Date.now() - tracker.last >= quietMs;
    if ([...tracker.pending].some((request) => !ignore(request))) return false;
    let last = 0;
    for (const [request, at] of tracker.lastOf) if (!ignore(request)) last = Math.max(last, at);
    return Date.now() - last >= quietMs;
  };
  await waitUntil(quiet, `the network of ${page.url()} to be quiet`, { timeout });
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 })));
  await nextFrames(page);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every file under `dir` (or the file `dir`), relative to the project, with its mtime in ms; `skip` leaves names out. */
function filesUnder(dir, skip = () => false) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!skip(entry.name)) found.push({ file: path.relative(ROOT, full), mtime: statSync(full).mtimeMs });
    }
  };
  const start = path.join(ROOT, dir);
  if (!existsSync(start)) return found;
  if (statSync(start).isDirectory()) walk(start);
  else found.push({ file: dir, mtime: statSync(start).mtimeMs });
  return found;
}

/**
 * Why `dist/` cannot be trusted for these tests, or undefined: missing, or older than the sources it is built from
 * (a source file changed after the output it feeds was written). The e2e tests serve `dist/` as it is, so a stale
 * build would test yesterday's code. Tests (*.test.ts) are not sources of `dist/`.
 */
export function staleDist() {
  const isTest = (name) => /\.test\.ts$/.test(name);
  const checks = [
    {
      sources: [...filesUnder('src', isTest), ...filesUnder('vite.config.ts')],
      outputs: filesUnder('dist').filter((f) => /^dist\/loket-[^/]+\.js$/.test(f.file)),
    },
    { sources: filesUnder('themes'), outputs: filesUnder('dist/themes') },
  ];
  for (const { sources, outputs } of checks) {
    if (outputs.length === 0) return 'dist/ has no build in it';
    const oldest = outputs.reduce((a, b) => (a.mtime <= b.mtime ? a : b));
    const newest = sources.reduce((a, b) => (a.mtime >= b.mtime ? a : b));
    if (newest.mtime > oldest.mtime) return `${newest.file} changed after ${oldest.file} was built`;
  }
  return undefined;
}

const stale = staleDist();
if (stale) {
  throw new Error(
    `The end-to-end tests serve dist/, which is out of date: ${stale}. Run \`npm run build\` first (npm test does).`,
  );
}

export { launchChromium as launchBrowser };

/** Runs before every document's own scripts: records layout shifts and `loket-error` events. */
function pageInstrumentation() {
  window.__e2e = { layoutShifts: [], loketErrors: [], cspViolations: [] };
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__e2e.cspViolations.push(
      `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
    );
  });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__e2e.layoutShifts.push({
          value: entry.value,
          hadRecentInput: entry.hadRecentInput,
          startTime: entry.startTime,
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {
    // layout-shift is a Chromium API; the CLS helpers report it missing.
  }
  document.addEventListener('loket-error', (event) => {
    window.__e2e.loketErrors.push({
      code: event.code,
      message: event.message,
      issues: (event.issues ?? []).map((issue) => issue.path),
      target: event.target?.localName,
    });
  });
}

/**
 * Starts the site server and the browser for one test file; closes both after it.
 * @returns {{ server: object, browser: import('playwright-core').Browser, url(path: string): string,
 *   open(options?: OpenOptions): Promise<Session> }}
 */
export function useEnvironment() {
  const env = {
    server: undefined,
    browser: undefined,
    url(path = '') {
      return new URL(path.replace(/^\//, ''), env.server.url).href;
    },
    open(options) {
      return openSession(env, options);
    },
  };
  before(async () => {
    [env.server, env.browser] = await Promise.all([startSiteServer({ port: 0 }), launchChromium()]);
  });
  after(async () => {
    await Promise.all([env.browser?.close(), env.server?.close()]);
  });
  return env;
}

/**
 * @typedef {object} OpenOptions
 * @property {{ width: number, height: number }} [viewport]
 * @property {number} [delayDropIn] hold the drop-in script back this many ms
 * @property {boolean} [blockDropIn] abort the drop-in script's request
 * @property {string} [locale]
 *
 * @typedef {object} Session
 * @property {import('playwright-core').BrowserContext} context
 * @property {import('playwright-core').Page} page
 * @property {Error[]} pageErrors uncaught exceptions and unhandled rejections
 * @property {{ type: string, text: string, fromConsoleApi: boolean, url: string }[]} console every console message;
 *   `fromConsoleApi` is false for the browser's own log entries (e.g. "Failed to load resource")
 * @property {string[]} dialogs alert/confirm/prompt messages (each one dismissed)
 * @property {string[]} requests every URL requested
 * @property {() => Promise<void>} close
 */

/** A new browser context and page, with error, console, dialog and request collectors. */
export async function openSession(
  env,
  { viewport = { width: 1280, height: 800 }, delayDropIn, blockDropIn, locale = 'nl-BE' } = {},
) {
  const context = await env.browser.newContext({ viewport, locale, serviceWorkers: 'block' });
  await context.addInitScript(pageInstrumentation);
  if (blockDropIn) {
    await context.route(DROP_IN, (route) => route.abort());
  } else if (delayDropIn) {
    await context.route(DROP_IN, async (route) => {
      await sleep(delayDropIn); // the delay a test asks for (what it is about), not a wait
      await route.continue();
    });
  }
  const page = await context.newPage();
  trackRequests(page);
  const session = { context, page, pageErrors: [], console: [], dialogs: [], requests: [] };
  page.on('pageerror', (error) => session.pageErrors.push(error));
  page.on('console', (message) => {
    session.console.push({
      type: message.type(),
      text: message.text(),
      fromConsoleApi: message.args().length > 0,
      url: message.location()?.url ?? '',
    });
  });
  page.on('dialog', (dialog) => {
    session.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('request', (request) => session.requests.push(request.url()));
  session.close = () => context.close();
  return session;
}

/** console.error / console.warn calls made by page scripts (not the browser's own network log lines). */
export function consoleCalls(session, type) {
  return session.console.filter((m) => m.type === type && m.fromConsoleApi);
}

/** Every console message of type error, whoever logged it (scripts or the browser). */
export function consoleErrors(session) {
  return session.console.filter((m) => m.type === 'error');
}

/** A readable list of what went wrong on a page, for assertion messages. */
export function describeProblems(session) {
  return JSON.stringify(
    {
      pageErrors: session.pageErrors.map((e) => e.message),
      consoleErrors: consoleErrors(session).map((m) => m.text),
    },
    null,
    2,
  );
}

/** The header's texts in Dutch, as the demo config (demo/site/loket.json) renders them. */
export const LINDEGEM = {
  name: 'Gemeente Lindegem',
  homeLinkName: 'Gemeente Lindegem, naar de startpagina',
  mainLinks: ['Home', 'Afval', 'Parkeren', 'Contact'],
  signIn: 'Aanmelden',
};

/**
 * Waits until the header has rendered its config and its theme: the home link is visible (the header keeps
 * its content out of the layout, `display: none`, while the first theme and the logo load), the logo has loaded, and two frames passed.
 */
export async function waitForHeader(page, { homeLinkName = LINDEGEM.homeLinkName, timeout = 10_000 } = {}) {
  const header = page.locator('loket-header');
  await header.getByRole('link', { name: homeLinkName, exact: true }).waitFor({ state: 'visible', timeout });
  await page.waitForFunction(
    () => {
      const root = document.querySelector('loket-header')?.shadowRoot;
      const logo = root?.querySelector('img');
      return !logo || logo.complete;
    },
    undefined,
    { timeout },
  );
  await nextFrames(page);
  return header;
}

/** Resolves after `count` animation frames of the page. */
export function nextFrames(page, count = 2) {
  return page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
        step(n);
      }),
    count,
  );
}

/**
 * The page's cumulative layout shift so far: the sum of every `layout-shift` entry without recent input
 * (stricter than CLS, which takes the worst session window), read by a PerformanceObserver with
 * `buffered: true`. `entries` describes each shift and the elements that moved.
 */
export async function measureCls(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        if (!PerformanceObserver.supportedEntryTypes?.includes('layout-shift')) {
          resolve({ supported: false, value: Number.NaN, entries: [] });
          return;
        }
        const entries = [];
        const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
        observer.observe({ type: 'layout-shift', buffered: true });
        const describeNode = (node) => {
          if (!node) return '(gone)';
          if (node.nodeType !== 1)
            return `#text "${(node.textContent ?? '').trim().slice(0, 30)}" in <${node.parentNode?.localName ?? node.parentNode?.host?.localName}>`;
          const root = node.getRootNode();
          const inShadow = root instanceof ShadowRoot ? ` (in <${root.host.localName}> shadow)` : '';
          return `<${node.localName}${node.id ? `#${node.id}` : ''}${node.className && typeof node.className === 'string' ? `.${node.className.trim().split(/\s+/).join('.')}` : ''}>${inShadow}`;
        };
        const rect = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
        setTimeout(() => {
          entries.push(...observer.takeRecords());
          observer.disconnect();
          const counted = entries.filter((e) => !e.hadRecentInput);
          resolve({
            supported: true,
            value: counted.reduce((sum, e) => sum + e.value, 0),
            entries: counted.map((e) => ({
              value: e.value,
              startTime: Math.round(e.startTime),
              sources: (e.sources ?? []).map(
                (s) => `${describeNode(s.node)} ${rect(s.previousRect)} -> ${rect(s.currentRect)}`,
              ),
            })),
          });
        }, 100);
      }),
  );
}

/**
 * A serialization of the host page's DOM: `document.documentElement` with every `<loket-header>` subtree
 * (and every element matching `remove`) taken out. Shadow roots are not serialized.
 */
export function snapshotHostDom(page, { remove = [] } = {}) {
  return page.evaluate((selectors) => {
    const clone = document.documentElement.cloneNode(true);
    for (const selector of ['loket-header', ...selectors]) {
      for (const element of clone.querySelectorAll(selector)) element.remove();
    }
    return {
      html: clone.outerHTML,
      head: clone.querySelector('head')?.outerHTML ?? '',
      headChildren: document.head.childElementCount,
      documentStyleSheets: document.adoptedStyleSheets.length,
    };
  }, remove);
}

/** The `loket-error` events that reached the document. */
export function loketErrors(page) {
  return page.evaluate(() => window.__e2e.loketErrors);
}

/** Content-Security-Policy violations seen by the page (the site server sends a strict policy). */
export function cspViolations(page) {
  return page.evaluate(() => window.__e2e.cspViolations);
}

/** The computed background colour of the header bar (part="bar" in the shadow root). */
export function barBackground(page) {
  return page
    .locator('loket-header')
    .locator('[part~="bar"]')
    .evaluate((bar) => getComputedStyle(bar).backgroundColor);
}
