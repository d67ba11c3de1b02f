/**
 * `load`, shared: every call until it settles gets the same promise, a success is kept, and after a failure
 * the next call tries again (a network hiccup should not disable a feature for the rest of the page view).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load();
    pending.catch(() => (pending = undefined));
    return pending;
  };
}
