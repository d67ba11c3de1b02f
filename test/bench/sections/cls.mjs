// Section 3: layout shift in each embedding mode of the demo site, with the drop-in script held back 500 ms.

import { MOUNTS, startSiteServer } from '../../../demo/site-server.mjs';
import { startStaticServer } from '../lib/static-server.mjs';
import { layoutShifts, openPage, waitForPainted } from '../lib/browser.mjs';
import { sleep, summarize } from '../lib/stats.mjs';

export const DELAY_MS = 500;

export const CLS_MODES = [
  { id: 'spot', name: 'script at the spot (`/`)', path: '/' },
  { id: 'element', name: 'element (`/diensten/afval.html`)', path: '/diensten/afval.html' },
  { id: 'api', name: 'API (`/diensten/parkeren.html`)', path: '/diensten/parkeren.html' },
];

async function measureOnce(browser, url, delayScript) {
  const session = await openPage(browser, { delayScript });
  const assets = [];
  session.page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/loket/') || pathname.endsWith('/loket.json')) assets.push(pathname);
  });
  try {
    await session.page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    const { painted } = await waitForPainted(session.page);
    // Shifts that come after the header (a late theme, an alert) are counted too: wait a second more.
    await sleep(1000);
    const shifts = await layoutShifts(session.page);
    if (session.errors.length) throw new Error(`page errors on ${url}: ${session.errors.join('; ')}`);
    return { ...shifts, painted, assets: [...new Set(assets)].sort() };
  } finally {
    await session.close();
  }
}

/** The demo site server's mounts, with /loket/ served from the bench's snapshot of dist/. */
export const mountsWithDist = (distDir) =>
  MOUNTS.map((m) => (m.prefix === '/loket/' && distDir ? { ...m, dir: distDir } : m));

export async function measureCls({ browser, runs, distDir, log = () => {} }) {
  const site = await startSiteServer({ port: 0, mounts: mountsWithDist(distDir) });
  const bench = await startStaticServer({ distDir });
  try {
    const results = {};
    const samples = Object.fromEntries([...CLS_MODES.map((m) => [m.id, []]), ['static', []]]);
    for (let run = 0; run < runs; run += 1) {
      for (const mode of CLS_MODES)
        samples[mode.id].push(await measureOnce(browser, new URL(mode.path, site.url).href, DELAY_MS));
      samples.static.push(await measureOnce(browser, new URL('/bench/static-header.html', bench.url).href));
    }
    for (const [id, list] of Object.entries(samples)) {
      results[id] = {
        cls: summarize(list.map((s) => s.cls)),
        total: summarize(list.map((s) => s.total)),
        worstTotal: Math.max(...list.map((s) => s.total)),
        entries: Math.max(...list.map((s) => s.entries)),
        painted: summarize(list.map((s) => s.painted)),
        assets: list[0].assets,
      };
      log(
        `  ${id}: CLS ${results[id].cls.median}, worst sum ${results[id].worstTotal}, painted ${results[id].painted.median.toFixed(0)} ms, fetched ${results[id].assets.join(' ')}`,
      );
    }
    return { runs, delay: DELAY_MS, results };
  } finally {
    await Promise.all([site.close(), bench.close()]);
  }
}
