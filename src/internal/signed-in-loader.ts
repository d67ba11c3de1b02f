import type * as SignedIn from '../signed-in.js';

export type SignedInModule = typeof SignedIn;

let loader: (() => Promise<SignedInModule>) | undefined;
let pending: Promise<SignedInModule> | undefined;

/** How to load the signed-in module: the drop-in imports a URL next to itself, the ESM build a relative module. */
export function setSignedInLoader(load: () => Promise<SignedInModule>): void {
  loader = load;
  pending = undefined;
}

/** Loads (once) the module signed-in citizens need and registers its elements. */
export function loadSignedIn(): Promise<SignedInModule> {
  if (!loader) return Promise.reject(new Error('the location of loket-signed-in.js is unknown (call setSignedInLoader)'));
  pending ??= loader().then((module) => {
    module.defineSignedInElements();
    return module;
  });
  pending.catch(() => {
    pending = undefined; // a later attempt may succeed
  });
  return pending;
}
