// axe-core in Chromium for the end-to-end tests of the citizen's pages and the municipal demo sites.
//
// The pages are served with a strict CSP (no inline script, Trusted Types), which would block the injected axe
// script: the contexts that run axe are opened with `bypassCSP: true` (openAxeSession). axe skips hidden text, so
// runAxe first asserts that what it is asked about is visible: the header's content (not laid out while its
// theme loads) and the page's main landmark; and that axe did check text inside the header's shadow root.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** A new context (bypassing the page's CSP, for the injected axe script) and page. */
export async function openAxeSession(
  browser,
  { viewport = { width: 1280, height: 800 }, locale = 'nl-BE', media } = {},
) {
  const context = await browser.newContext({ viewport, locale, bypassCSP: true, serviceWorkers: 'block' });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  if (media) await page.emulateMedia({ media });
  return { context, page, pageErrors, close: () => context.close() };
}

/** Visible text nodes (whose parent is rendered and not `visibility: hidden`) under `selector`, through shadow roots. */
export function visibleText(page, selector) {
  return page.evaluate((sel) => {
    const found = [];
    const hidden = [];
    const visit = (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = node.textContent.trim();
        const parent = node.parentElement ?? (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);
        if (!text || !parent || !parent.checkVisibility()) return;
        (parent.checkVisibility({ visibilityProperty: true }) ? found : hidden).push(text);
        return;
      }
      if (node instanceof Element && node.shadowRoot) node.shadowRoot.childNodes.forEach(visit);
      node.childNodes.forEach(visit);
    };
    document.querySelectorAll(sel).forEach(visit);
    return { visible: found, hidden };
  }, selector);
}

/**
 * Runs axe (WCAG 2.0/2.1 A and AA, and best practices) on the whole document. Fails when the header or the main
 * content is not visible to axe, or when axe checked no text inside the header's shadow root.
 * @returns {Promise<object[]>} the violations, for `assert.deepEqual(summary(violations), [])`
 */
export async function runAxe(page, { header = true } = {}) {
  const main = await visibleText(page, 'main');
  assert.ok(main.visible.length > 0, 'axe asked to check a page whose main content is not visible');
  if (header) {
    const inHeader = await visibleText(page, 'loket-header');
    assert.deepEqual(inHeader.hidden, [], 'axe asked to check hidden header text');
    assert.ok(inHeader.visible.length > 0, 'axe asked to check a header without visible text');
  }
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations', 'passes'],
    }),
  );
  if (header) {
    // A target with more than one selector is in a shadow root: axe looked inside the header.
    const shadowContrast = result.passes
      .filter((r) => r.id === 'color-contrast')
      .flatMap((r) => r.nodes)
      .filter((n) => Array.isArray(n.target[0]) || n.target.length > 1);
    assert.ok(shadowContrast.length > 0, 'axe checked the contrast of no text inside the header');
  }
  return result.violations;
}

/** A short, readable list of violations: rule, impact, the first targets and the first failure summary. */
export function summary(violations) {
  return violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    why: v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' '),
  }));
}
