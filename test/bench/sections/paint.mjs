// Section 2: time from navigation to the header painted, against a static HTML header with the same look and
// no script (the limit), with and without 4x CPU throttling; and the main-thread time of each page.

import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../../demo/site-server.mjs';
import { ROOT, startStaticServer } from '../lib/static-server.mjs';
import { openPage, waitForPainted } from '../lib/browser.mjs';
import { sleep, summarize } from '../lib/stats.mjs';

export const PAINT_PAGES = [
  {
    id: 'static',
    name: 'static HTML header, no script (the limit)',
    path: '/bench/static-header.html',
    baseline: true,
  },
  { id: 'drop-in', name: 'drop-in, script at the spot + data-config', path: '/bench/drop-in.html' },
  {
    id: 'drop-in-at-once',
    name: 'drop-in, script at the spot + data-config, data-theme, data-logo; config and theme preloaded',
    path: '/bench/drop-in-at-once.html',
    budgetRatio: 1.5,
  },
  {
    id: 'drop-in-in-page',
    name: 'drop-in, script at the spot + data-config="#id" (its config a JSON script in the page); theme linked by the page',
    path: '/bench/drop-in-in-page.html',
    budgetRatio: 1.5,
  },
  { id: 'element-inline', name: 'element, deferred script, inline JSON config', path: '/bench/element-inline.html' },
  {
    id: 'prerendered',
    name: 'pre-rendered (renderHeader, inline styles) + hydrated, deferred script',
    path: '/bench/prerendered.html',
    budgetRatio: 1.1,
  },
];

/**
 * The pre-rendered page: element-inline.html with its header replaced by what renderHeader (of the build under
 * test) prints for the same config, served with the strict policy plus the hashes of its inline styles.
 */
async function prerenderedPage(distDir) {
  // The snapshot of dist/ lives outside the repository: let its render module find Lit and @lit-labs/ssr.
  const modules = path.join(distDir, '..', 'node_modules');
  if (!existsSync(modules)) symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
  const { renderHeader } = await import(pathToFileURL(path.join(distDir, 'render', 'render.js')).href);
  const config = JSON.parse(readFileSync(path.join(ROOT, 'test', 'bench', 'pages', 'loket.json'), 'utf8'));
  const header = renderHeader(config, { lang: 'nl', assetBase: '/loket/', publicDir: path.join(ROOT, 'demo', 'site') });
  const template = readFileSync(path.join(ROOT, 'test', 'bench', 'pages', 'element-inline.html'), 'utf8');
  const html = template
    .replace(/<!-- HEADER -->[\s\S]*<!-- \/HEADER -->/, () => header.html)
    .replace(
      /<title>[^<]*<\/title>/,
      '<title>Bench: pre-rendered header (renderHeader), hydrated by the deferred drop-in</title>',
    );
  const csp = CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' ${header.styleHashes.join(' ')}`);
  return { html, csp };
}

/** `text` with `pattern` replaced; throws when nothing matched (the page it comes from changed). */
function replaceOnce(text, pattern, replacement) {
  const replaced = text.replace(pattern, replacement);
  if (replaced === text) throw new Error(`bench: ${pattern} is no longer in the page it rewrites`);
  return replaced;
}

/**
 * The script at the spot with everything in the page (README, "Script at the spot"): drop-in-at-once.html with the
 * config as a JSON script named by data-config="#loket-config" (the bench's loket.json, one source) and the theme
 * as one of the page's stylesheets instead of preloads, so nothing waits for a response the script asks for.
 */
function inPagePage() {
  const read = (name) => readFileSync(path.join(ROOT, 'test', 'bench', 'pages', name), 'utf8');
  let html = read('drop-in-at-once.html');
  html = replaceOnce(
    html,
    /<title>[^<]*<\/title>/,
    () => '<title>Bench: drop-in at the spot, its config in the page</title>',
  );
  html = replaceOnce(html, /\s*<!-- The config and the theme fetched at once[^>]*>/, '');
  html = replaceOnce(html, /<link rel="preload" href="\/bench\/loket.json"[^>]*>/, '');
  html = replaceOnce(
    html,
    /<link rel="preload" href="\/loket\/themes\/lindegem.css"[^>]*>/,
    '<link rel="stylesheet" href="/loket/themes/lindegem.css" />',
  );
  html = replaceOnce(
    html,
    /<!-- data-theme and data-logo[^>]*>\s*<script\s+src="\/loket\/loket-header.js"[^>]*><\/script>/,
    () =>
      `<script type="application/json" id="loket-config">${read('loket.json')}</script>\n` +
      '    <script src="/loket/loket-header.js" data-config="#loket-config"></script>',
  );
  return { html, csp: CONTENT_SECURITY_POLICY };
}

export const THROTTLE_RATES = [1, 4];

/** One page view in a fresh context: paint times and CDP Performance metrics (ms). */
async function measureOnce(browser, url, rate, { screenshot = false } = {}) {
  const session = await openPage(browser);
  try {
    const cdp = await session.page.context().newCDPSession(session.page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    if (rate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await session.page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    const figures = await waitForPainted(session.page);
    // Let the header finish whatever it does after painting (lazy work, idle callbacks), bounded.
    await session.page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    await sleep(300);
    const { metrics } = await cdp.send('Performance.getMetrics');
    // First contentful paint is a presentation time: read it now, not when the header painted.
    const fcp = await session.page.evaluate(() => window.__bench.fcp);
    // The top of the page (header and the line below it), to check the pages look the same.
    const image = screenshot
      ? await session.page.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 80 } })
      : undefined;
    const metric = (name) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
    if (session.errors.length) throw new Error(`page errors on ${url}: ${session.errors.join('; ')}`);
    return {
      painted: figures.painted,
      fcp,
      script: metric('ScriptDuration'),
      task: metric('TaskDuration'),
      layout: metric('LayoutDuration') + metric('RecalcStyleDuration'),
      image,
    };
  } finally {
    await session.close();
  }
}

/**
 * @returns {{ runs: number, results: { [rate]: { [pageId]: { painted, fcp, script, task, layout } } } }}
 *   each figure summarized (median, min, max, p25, p75) over `runs` page views; pages interleaved per run.
 */
export async function measurePaint({ browser, runs, distDir, log = () => {} }) {
  const server = await startStaticServer({
    distDir,
    pages: { '/bench/prerendered.html': await prerenderedPage(distDir), '/bench/drop-in-in-page.html': inPagePage() },
  });
  try {
    // One untimed view of each page first (the browser's own first-use costs), with a screenshot of its top:
    // the header must look the same, pixel for pixel, as the static one.
    const images = {};
    for (const page of PAINT_PAGES)
      images[page.id] = (
        await measureOnce(browser, new URL(page.path, server.url).href, 1, { screenshot: true })
      ).image;
    const samePixels = Object.fromEntries(PAINT_PAGES.map((page) => [page.id, images[page.id].equals(images.static)]));
    log(`  same pixels as the static header (top 1280×80): ${JSON.stringify(samePixels)}`);
    const results = {};
    for (const rate of THROTTLE_RATES) {
      const samples = Object.fromEntries(PAINT_PAGES.map((p) => [p.id, []]));
      for (let run = 0; run < runs; run += 1) {
        for (const page of PAINT_PAGES)
          samples[page.id].push(await measureOnce(browser, new URL(page.path, server.url).href, rate));
      }
      results[rate] = {};
      for (const page of PAINT_PAGES) {
        const list = samples[page.id];
        results[rate][page.id] = Object.fromEntries(
          ['painted', 'fcp', 'script', 'task', 'layout'].map((k) => [k, summarize(list.map((s) => s[k]))]),
        );
        log(
          `  ${rate}x ${page.id}: painted ${results[rate][page.id].painted.median.toFixed(1)} ms, script ${results[rate][page.id].script.median.toFixed(1)} ms`,
        );
      }
    }
    return { runs, results, samePixels };
  } finally {
    await server.close();
  }
}
