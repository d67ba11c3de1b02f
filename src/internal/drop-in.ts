/**
 * What the drop-in scripts do when they run: register the elements, put a header where the script stands when
 * it carries data-* attributes, and expose `window.loket` (replaying calls queued by the pre-load snippet).
 */
import type { LoketApi } from '../api/loket-api.js';
import { createLoketStub, replayQueue, type LoketGlobal } from '../api/stub.js';
import type { PartialLoketConfig } from '../config/types.js';
import { LoketHeader } from '../components/header/loket-header.js';
import { prefetchTheme } from '../controllers/theme-controller.js';
import { assetUrl, setAssetBaseUrl } from './assets.js';
import { setAlertLoader, type AlertModule } from './alert-loader.js';
import { defineAll } from './define-all.js';
import { PRERENDER_LANG } from './prerender.js';
import { setHelpLoader, type HelpModule } from './help-loader.js';
import { shareLit } from './shared-lit.js';
import { isSafeUrl } from './url.js';
import { setOidcClientPrefetch, setSignedInLoader, type SignedInModule } from './signed-in-loader.js';

declare const __LOKET_VERSION__: string;

type HydrateModule = typeof import('../hydrate.js');

/** What the drop-in set up, for the entry that started it. */
export interface DropIn {
  loket: LoketGlobal;
  /** A script in <head> with data-config or data-municipality (Flemish entry style): the config mount() uses. */
  configForLater?: string | PartialLoketConfig;
}

/**
 * This script's own element. `document.currentScript` is null for `type="module"` and after the script
 * ran, so fall back to the script whose URL names this file.
 */
function findOwnScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const candidates = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].filter((s) =>
    /loket-(global-)?header(\.min)?\.js(\?|#|$)/.test(s.src),
  );
  return candidates.find((s) => s.dataset.config || s.dataset.municipality) ?? candidates[0];
}

/**
 * The config given by the simple data-* attributes, or undefined when there are none. Beside a `data-config`,
 * only the attributes given override the JSON (a `data-logo` keeps the JSON's alt text, the JSON's id stays);
 * alone, they are the whole config, with the id made from the name and "/" as the home link.
 */
function configFromAttributes(script: HTMLScriptElement): PartialLoketConfig | undefined {
  const { config, municipality, href, logo, theme } = script.dataset;
  if (!municipality && !href && !logo && !theme) return undefined;
  const alone = !config;
  const id = (municipality ?? 'gemeente')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    municipality: {
      ...(alone && { id: id || 'gemeente', href: '/' }),
      ...(municipality && { name: municipality }),
      ...(href && { href }),
      ...(logo && { logo: { src: logo, ...((municipality || alone) && { alt: municipality ?? '' }) } }),
    },
    ...(theme && { theme }),
  } as PartialLoketConfig;
}

/**
 * Script at the spot: insert `<loket-header>` right before the script, configured from its data-*.
 * `headMeansLater`: a script in <head> keeps its config for a later mount() (the Flemish entry style).
 */
function mountAtScript(script: HTMLScriptElement, headMeansLater: boolean): string | PartialLoketConfig | undefined {
  const configUrl = script.dataset.config;
  const attributeConfig = configFromAttributes(script);
  if (!configUrl && !attributeConfig) return;
  if (!script.parentNode || script.parentNode === document.head) {
    if (headMeansLater) return configUrl ?? attributeConfig;
    console.error(
      'loket: a <script data-config> or <script data-municipality> must stand in <body>, where the header belongs',
    );
    return;
  }
  // A theme or logo named beside the JSON config loads at once, in parallel with it (the header then takes the
  // theme's sheet from its cache, the logo from the browser's), not once the config has come in.
  const { theme, logo } = script.dataset;
  if (isSafeUrl(theme)) prefetchTheme(theme);
  if (isSafeUrl(logo)) new Image().src = logo;
  const header = document.createElement('loket-header') as LoketHeader;
  if (configUrl) header.configUrl = configUrl;
  if (attributeConfig) header.config = attributeConfig;
  script.before(header);
}

/** Starts the drop-in once per page; undefined when another copy of Loket already did. */
export function startDropIn({ headMeansLater = false } = {}): DropIn | undefined {
  const existing = window.loket;
  if (existing instanceof Object && 'version' in existing) {
    console.warn(`loket: the Loket script was loaded twice (first ${existing.version}); the second copy does nothing`);
    return;
  }
  const script = findOwnScript();
  if (script?.src) setAssetBaseUrl(new URL('./', script.src));
  // Before any of them loads: the modules beside this script use this script's Lit.
  shareLit();
  // Loaded only when someone is signed in or signs in: anonymous visitors never download it.
  setSignedInLoader(() => {
    const url = assetUrl('loket-signed-in.js');
    if (!url) return Promise.reject(new Error('the URL of the Loket script is unknown'));
    return import(/* @vite-ignore */ url) as Promise<SignedInModule>;
  });
  // The signed-in module's own import of it then finds it on its way (a failure there is reported there).
  setOidcClientPrefetch(() => void import(/* @vite-ignore */ assetUrl('loket-oidc.js')!).catch(() => {}));
  // Loaded only when the config has help options (an unknown URL fails the import: the bar shows without it).
  setHelpLoader(() => import(/* @vite-ignore */ assetUrl('loket-help.js')!) as Promise<HelpModule>);
  // Loaded when a header has a message to show: most pages have none.
  setAlertLoader(() => import(/* @vite-ignore */ assetUrl('loket-alert.js')!) as Promise<AlertModule>);
  const define = () => defineAll({ 'loket-header': LoketHeader });
  // A pre-rendered header (declarative shadow DOM) hydrates instead of rendering again: Lit's hydration support
  // must patch LitElement before the element is defined, and only such pages download it.
  if (document.querySelector(`loket-header[${PRERENDER_LANG}]`)) {
    import(/* @vite-ignore */ assetUrl('loket-hydrate.js')!).then(
      (module: HydrateModule) => (module.installHydration(), define()),
      (error: Error) => (console.error(`loket: ${error.message}`), define()),
    );
  } else define();
  const loket = (window.loket = createLoketStub(__LOKET_VERSION__, async () => {
    const url = assetUrl('loket-api.js');
    if (!url) throw new Error('loket: the URL of the Loket script is unknown, so loket-api.js cannot load');
    const module = (await import(/* @vite-ignore */ url)) as { LoketApi: typeof LoketApi };
    return new module.LoketApi(__LOKET_VERSION__);
  }));
  replayQueue(existing, loket);
  return { loket, configForLater: script && mountAtScript(script, headMeansLater) };
}
