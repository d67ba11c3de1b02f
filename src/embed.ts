/**
 * The drop-in entry (`dist/loket-header.js`): registers the elements, puts a header where the script
 * stands when it carries data-* attributes, and exposes `window.loket`.
 */
import type { LoketApi } from './api/loket-api.js';
import { createLoketStub, type LoketGlobal } from './api/stub.js';
import type { LoketHeader } from './components/header/loket-header.js';
import type { PartialLoketConfig } from './config/types.js';
import { assetUrl, setAssetBaseUrl } from './internal/assets.js';
import { defineElements } from './internal/define-elements.js';
import { setSignedInLoader, type SignedInModule } from './internal/signed-in-loader.js';

declare const __LOKET_VERSION__: string;

declare global {
  interface Window {
    loket?: LoketGlobal;
  }
}

/**
 * This script's own element. `document.currentScript` is null for `type="module"` and after the script
 * ran, so fall back to the script whose URL names this file.
 */
function findOwnScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const candidates = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].filter((s) =>
    /loket-header(\.min)?\.js(\?|#|$)/.test(s.src),
  );
  return candidates.find((s) => s.dataset.config || s.dataset.municipality) ?? candidates[0];
}

/** The config given by the simple data-* attributes, or undefined when there are none. */
function configFromAttributes(script: HTMLScriptElement): PartialLoketConfig | undefined {
  const { municipality, href, logo, theme } = script.dataset;
  if (!municipality && !href && !logo && !theme) return undefined;
  const id = (municipality ?? 'gemeente')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    municipality: {
      id: id || 'gemeente',
      name: municipality,
      href: href ?? '/',
      ...(logo && { logo: { src: logo, alt: municipality ?? '' } }),
    },
    ...(theme && { theme }),
  } as PartialLoketConfig;
}

/** Script at the spot: insert `<loket-header>` right before the script, configured from its data-*. */
function mountAtScript(script: HTMLScriptElement) {
  const configUrl = script.dataset.config;
  const attributeConfig = configFromAttributes(script);
  if (!configUrl && !attributeConfig) return;
  if (!script.parentNode || script.parentNode === document.head) {
    console.error('loket: a <script data-config> or <script data-municipality> must stand in <body>, where the header belongs');
    return;
  }
  const header = document.createElement('loket-header') as LoketHeader;
  if (configUrl) header.configUrl = configUrl;
  if (attributeConfig) header.config = attributeConfig;
  script.before(header);
}

function start() {
  const existing = window.loket;
  if (existing instanceof Object && 'version' in existing) {
    console.warn(`loket: the Loket script was loaded twice (first ${existing.version}); the second copy does nothing`);
    return;
  }
  const script = findOwnScript();
  if (script?.src) setAssetBaseUrl(new URL('./', script.src));
  // Loaded only when someone is signed in or signs in: anonymous visitors never download it.
  setSignedInLoader(() => {
    const url = assetUrl('loket-signed-in.js');
    if (!url) return Promise.reject(new Error('the URL of the Loket script is unknown'));
    return import(/* @vite-ignore */ url) as Promise<SignedInModule>;
  });
  defineElements();
  window.loket = createLoketStub(__LOKET_VERSION__, async () => {
    const url = assetUrl('loket-api.js');
    if (!url) throw new Error('loket: the URL of the Loket script is unknown, so loket-api.js cannot load');
    const module = (await import(/* @vite-ignore */ url)) as { LoketApi: typeof LoketApi };
    return new module.LoketApi(__LOKET_VERSION__);
  });
  if (script) mountAtScript(script);
}

start();
