import { expect } from '@open-wc/testing';
import type { PartialLoketConfig } from '../../src/config/types.js';

/** Every bundled theme; component tests run axe against each. */
export const THEME_IDS = ['loket', 'lindegem', 'havenstad', 'kasteelberg'] as const;

/** Applies a built theme to the document (its `:root` rule), as a site linking the theme CSS would. */
export async function applyTheme(id: string): Promise<() => void> {
  const module = (await import(/* @vite-ignore */ `/dist/themes/${id}.js`)) as { default: string };
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(module.default);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}

/** Replaces console[method] for the duration of a test and records the calls. */
export function captureConsole(method: 'error' | 'warn') {
  const original = console[method];
  const calls: string[] = [];
  console[method] = (...args: unknown[]) => {
    calls.push(args.map(String).join(' '));
  };
  return {
    calls,
    restore: () => {
      console[method] = original;
    },
  };
}

export const fullConfig = (): PartialLoketConfig => ({
  municipality: {
    id: 'lindegem',
    name: { nl: 'Gemeente Lindegem', fr: 'Commune de Lindegem' },
    href: '/',
    logo: { src: '/test/fixtures/logo.svg', alt: 'Logo Lindegem' },
  },
  umbrella: { label: 'Vlaanderen', href: 'https://www.vlaanderen.be' },
  auth: { mode: 'host', loginUrl: '/aanmelden', logoutUrl: '/afmelden' },
  links: {
    main: [
      { label: 'Afval', href: '/afval' },
      { label: { nl: 'Parkeren', fr: 'Stationnement' }, href: '/parkeren' },
      { label: 'Vlaanderen.be', href: 'https://www.vlaanderen.be', external: true, target: '_blank' },
    ],
  },
});

/**
 * The text of `root`'s subtree (its shadow roots and slotted nodes included) that is laid out, split into what a
 * reader sees and what `visibility: hidden` hides. Text that is not rendered at all (display: none, an unassigned
 * slot, <style>) is in neither list. Axe skips hidden text, so an axe run is only worth something on `visible` text.
 */
export function textVisibility(root: Element): { visible: string[]; hidden: string[] } {
  const result = { visible: [] as string[], hidden: [] as string[] };
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent!.trim();
      const parent = node.parentElement ?? (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);
      if (!text || !parent || !parent.checkVisibility()) return;
      result[parent.checkVisibility({ visibilityProperty: true }) ? 'visible' : 'hidden'].push(text);
      return;
    }
    if (node instanceof Element && node.shadowRoot) node.shadowRoot.childNodes.forEach(visit);
    node.childNodes.forEach(visit);
  };
  visit(root);
  return result;
}

/** Waits until `root` shows all its laid-out text (e.g. the header's bar once its theme, logo and help module loaded). */
export async function waitForShown(root: Element, timeout = 5000): Promise<void> {
  const start = performance.now();
  for (;;) {
    const { visible, hidden } = textVisibility(root);
    if (hidden.length === 0 && visible.length > 0) return;
    if (performance.now() - start > timeout) {
      throw new Error(
        `<${root.localName}> still hides ${JSON.stringify(hidden)} after ${timeout} ms (${visible.length} visible)`,
      );
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/**
 * Axe (colour contrast on) on `root`, but only on content a reader sees: fails when any of its laid-out text is
 * hidden by `visibility` (axe would skip it and pass on nothing) or when it has no visible text at all.
 */
export async function expectAccessible(root: Element): Promise<void> {
  const { visible, hidden } = textVisibility(root);
  expect(hidden, `axe asked to check hidden text in <${root.localName}>`).to.deep.equal([]);
  expect(visible.length, `axe asked to check <${root.localName}> without visible text`).to.be.above(0);
  await expect(root).to.be.accessible();
}
