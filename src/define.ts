/** Registers every Loket element (guarded: a second load warns, never throws). */
import { setThemeBaseUrl } from './controllers/theme-controller.js';
import { defineElements } from './internal/define-elements.js';

// Unbundled ESM (e.g. served from node_modules or a CDN): the built themes sit at dist/themes/.
// A bundler that moves this file should set the base itself or give `theme` as a URL.
setThemeBaseUrl(new URL('../themes/', import.meta.url));
defineElements();
