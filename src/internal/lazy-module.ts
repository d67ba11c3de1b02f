import { loadOnce } from './load-once.js';

/**
 * A module loaded on demand (the signed-in module, the help menu): the drop-in imports a URL next to itself,
 * the ESM build a relative module. `load()` imports it once, runs `init` (registers its elements) and, after
 * a failure, tries again on the next call.
 */
export function lazyModule<M>(file: string, init: (module: M) => void) {
  let loaded: (() => Promise<M>) | undefined;
  return {
    /** How to load the module. */
    set(load: (() => Promise<M>) | undefined): void {
      loaded = load && loadOnce(() => load().then((module) => (init(module), module)));
    },
    load(): Promise<M> {
      return loaded ? loaded() : Promise.reject(new Error(`the location of ${file} is unknown`));
    },
  };
}
