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
