/**
 * A module loaded on demand (the signed-in module, the help menu): the drop-in imports a URL next to itself,
 * the ESM build a relative module. `load()` imports it once, runs `init` (registers its elements) and, after
 * a failure, tries again on the next call.
 */
export function lazyModule<M>(file: string, init: (module: M) => void) {
  let loader: (() => Promise<M>) | undefined;
  let pending: Promise<M> | undefined;
  return {
    /** How to load the module. */
    set(load: (() => Promise<M>) | undefined): void {
      loader = load;
      pending = undefined;
    },
    load(): Promise<M> {
      if (!loader) return Promise.reject(new Error(`the location of ${file} is unknown`));
      pending ??= loader().then((module) => {
        init(module);
        return module;
      });
      pending.catch(() => {
        pending = undefined; // a later attempt may succeed
      });
      return pending;
    },
  };
}
