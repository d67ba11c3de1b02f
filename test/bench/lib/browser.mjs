// Browser helpers of the bench: the system Chromium (scripts/chromium.mjs, never a downloaded browser), a page
// instrumentation that records when the header is painted, first contentful paint and layout shifts, and CDP.

import { launchChromium } from '../../../scripts/chromium.mjs';
import { withTimeout } from './stats.mjs';

export { launchChromium };

/**
 * Runs in every document before its own scripts (context.addInitScript).
 *
 * "Painted" = the timestamp of the first animation frame at whose start the header is complete: its home link
 * (`a.brand`, in the shadow root of <loket-header>, or in the static page's <header>) has a box and is visible
 * (`checkVisibility` with `visibilityProperty`: the header keeps its content out of the layout, `display: none`,
 * while its theme and logo load) and the logo image has decoded (`complete`, `naturalWidth > 0`). That frame is rendered right
 * after its rAF callbacks, so the header is on screen in it. Times are ms since navigation start
 * (`performance.timeOrigin`), as every Performance API time is.
 */
export function benchInstrumentation() {
  let resolvePainted;
  const bench = {
    painted: undefined,
    frames: 0,
    fcp: undefined,
    shifts: [],
    whenPainted: new Promise((resolve) => (resolvePainted = resolve)),
  };
  Object.defineProperty(window, '__bench', { value: bench });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') bench.fcp = entry.startTime;
    }).observe({ type: 'paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.shifts.push({ value: entry.value, startTime: entry.startTime, hadRecentInput: entry.hadRecentInput });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {
    // Chromium has both entry types.
  }
  const complete = () => {
    const host = document.querySelector('loket-header');
    const root = host ? host.shadowRoot : document.querySelector('header.static-header');
    const link = root?.querySelector('a.brand');
    const logo = root?.querySelector('img.logo');
    if (!link || !logo || !logo.complete || logo.naturalWidth === 0) return false;
    const box = link.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && link.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  };
  const tick = (timestamp) => {
    if (complete()) {
      bench.painted = timestamp;
      resolvePainted();
      return;
    }
    bench.frames += 1;
    if (performance.now() < 30_000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** A fresh context (cold cache, own storage) and page with the instrumentation; `close()` ends both. */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, delayScript } = {}) {
  const context = await browser.newContext({ viewport, locale: 'nl-BE', serviceWorkers: 'block' });
  await context.addInitScript(benchInstrumentation);
  if (delayScript) {
    await context.route('**/loket-header.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayScript));
      await route.continue().catch(() => {});
    });
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors, close: () => context.close() };
}

/**
 * Waits (bounded) until the instrumentation saw the header painted; resolves with the page's figures. One
 * evaluate that awaits the page's own promise: no polling adds work to the page's main thread.
 */
export async function waitForPainted(page, timeout = 20_000) {
  return withTimeout(
    page.evaluate(async () => {
      await window.__bench.whenPainted;
      return { painted: window.__bench.painted, fcp: window.__bench.fcp, frames: window.__bench.frames };
    }),
    timeout,
    'header painted',
  );
}

/**
 * Layout shifts recorded on the page: `total` (sum of all entries without recent input: what the e2e test
 * asserts is 0) and `cls` (the largest session window: gaps < 1 s, windows <= 5 s, as web-vitals computes CLS).
 */
export async function layoutShifts(page) {
  const shifts = await page.evaluate(() => window.__bench.shifts.filter((s) => !s.hadRecentInput));
  let cls = 0;
  let windowValue = 0;
  let windowStart = -Infinity;
  let last = -Infinity;
  for (const shift of shifts) {
    if (shift.startTime - last > 1000 || shift.startTime - windowStart > 5000) {
      windowValue = 0;
      windowStart = shift.startTime;
    }
    windowValue += shift.value;
    last = shift.startTime;
    cls = Math.max(cls, windowValue);
  }
  return { total: shifts.reduce((sum, s) => sum + s.value, 0), cls, entries: shifts.length };
}
