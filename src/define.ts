/** Registers every Loket element (guarded: a second load warns, never throws). */
import { setAssetBaseUrl } from './internal/assets.js';
import { defineElements } from './internal/define-elements.js';
import { setHelpLoader } from './internal/help-loader.js';
import { setSignedInLoader } from './internal/signed-in-loader.js';

// Unbundled ESM (served from node_modules or a CDN): this file is dist/esm/define.js, the themes are in dist/.
// A bundler that moves this file should call setAssetBaseUrl() itself or give `theme` as a URL.
// (@vite-ignore: a folder, not an asset for the app's bundler to copy; without it Vite warns in every app build.)
setAssetBaseUrl(new URL(/* @vite-ignore */ '../', import.meta.url));
// The profile menu, badge and oidc code load on demand (a separate chunk in a bundler's output).
setSignedInLoader(() => import('./signed-in.js'));
// The help menu loads when a config has help options.
setHelpLoader(() => import('./help.js'));
defineElements();
