/**
 * The first thing the drop-in does, before the rest of its code is even evaluated: with a script at the spot
 * (`<script src=".../loket-header.js" data-config="...">`), it starts loading the config, and the moment the config
 * arrives, the theme and the logo it names (not one after the other as the header would: config, render, theme,
 * logo). A `data-theme` or `data-logo` on the script starts those at once, in parallel with the config. The header
 * then takes these loads (config/load.ts, the theme's sheet cache, the browser's image cache) instead of fetching
 * again. Only values the header's own check would accept are fetched (a theme id or an http(s) or relative URL).
 */
import { preloadConfig } from '../config/load.js';
import { prefetchTheme } from '../controllers/theme-controller.js';
import { setAssetBaseUrl } from './assets.js';
import { isSafeUrl } from './url.js';

/** Starts the theme and the logo fetches for what a (not yet checked) config or script attribute names. */
function prefetch(theme: unknown, logo: unknown) {
  if (isSafeUrl(theme)) prefetchTheme(theme);
  if (isSafeUrl(logo)) new Image().src = logo;
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement && script.dataset.config && script.src && document.body?.contains(script)) {
  setAssetBaseUrl(new URL('./', script.src));
  const { config, theme, logo } = script.dataset;
  prefetch(theme, logo);
  preloadConfig(config).then(
    (value) => {
      const loaded = value as { theme?: unknown; municipality?: { logo?: { src?: unknown } } } | null;
      prefetch(theme ? undefined : loaded?.theme, logo ? undefined : loaded?.municipality?.logo?.src);
    },
    () => {},
  );
}
