import type * as SignedIn from '../signed-in.js';
import { lazyModule } from './lazy-module.js';

export type SignedInModule = typeof SignedIn;

const signedIn = lazyModule<SignedInModule>('loket-signed-in.js', (module) => module.defineSignedInElements());

/** How to load the signed-in module: the drop-in imports a URL next to itself, the ESM build a relative module. */
export const setSignedInLoader = signedIn.set;

/** Loads (once) the module signed-in citizens need and registers its elements. */
export const loadSignedIn = signedIn.load;
