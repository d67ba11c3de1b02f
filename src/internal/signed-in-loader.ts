import type * as SignedIn from '../signed-in.js';
import { lazyModule } from './lazy-module.js';

export type SignedInModule = typeof SignedIn;

const signedIn = lazyModule<SignedInModule>('loket-signed-in.js', (module) => module.defineSignedInElements());

/** How to load the signed-in module: the drop-in imports a URL next to itself, the ESM build a relative module. */
export const setSignedInLoader = signedIn.set;

let prefetchOidcClient: (() => void) | undefined;

/**
 * How to start fetching oidc-client-ts (`loket-oidc.js`), which the signed-in module imports once it runs: the
 * drop-in imports it by URL beside the signed-in module, so a view that is sure to talk to the provider fetches
 * both at once, not one after the other. The ESM build leaves that to the site's bundler.
 */
export function setOidcClientPrefetch(prefetch: (() => void) | undefined): void {
  prefetchOidcClient = prefetch;
}

/**
 * Loads (once) the module signed-in citizens need and registers its elements. `toProvider`: this view will talk
 * to the provider (a sign-in, its callback, a silent sign-in), so oidc-client-ts is fetched alongside.
 */
export function loadSignedIn({ toProvider = false } = {}): Promise<SignedInModule> {
  if (toProvider) prefetchOidcClient?.();
  return signedIn.load();
}
