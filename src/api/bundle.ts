/**
 * `loket-api.js`, loaded on the first call to `window.loket` or `window.globalHeaderClient`: the API's
 * implementation and the Flemish compatibility layer built on it.
 */
export { LoketApi } from './loket-api.js';
export { GlobalHeaderCompat } from '../compat/global-header-client.js';
