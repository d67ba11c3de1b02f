/** Registers every Loket element (guarded: a second load warns, never throws). */
import { setAssetBaseUrl } from './internal/assets.js';
import { defineElements } from './internal/define-elements.js';

// Unbundled ESM (served from node_modules or a CDN): this file is dist/esm/define.js, the assets are in dist/.
// A bundler that moves this file should call setAssetBaseUrl() itself or give `theme` as a URL.
setAssetBaseUrl(new URL('../', import.meta.url));
defineElements();
