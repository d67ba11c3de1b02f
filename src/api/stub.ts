import type { LoketApi, LoketEventName } from './loket-api.js';

type AsyncMethods = 'mount' | 'unmount' | 'configure' | 'getConfig' | 'signIn' | 'signOut' | 'getSession' | 'setSession' | 'refresh' | 'setAlert' | 'setNavigationEnabled';

const ASYNC_METHODS: readonly AsyncMethods[] = [
  'mount', 'unmount', 'configure', 'getConfig', 'signIn', 'signOut', 'getSession', 'setSession', 'refresh', 'setAlert', 'setNavigationEnabled',
];

/** What `window.loket` offers: every method of LoketApi, with the same signatures. */
export type LoketGlobal = Pick<LoketApi, AsyncMethods | 'on' | 'version'>;

/**
 * `window.loket` as the drop-in sets it: every method is there at once, and the implementation
 * (`loket-api.js`) loads on the first call, so pages that never call the API never download it.
 */
export function createLoketStub(version: string, load: () => Promise<LoketApi>): LoketGlobal {
  let api: Promise<LoketApi> | undefined;
  const loaded = () => {
    api ??= load();
    api.catch(() => (api = undefined)); // a later call may load it
    return api;
  };
  const stub = { version } as LoketGlobal;
  for (const name of ASYNC_METHODS) {
    (stub as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      loaded().then((implementation) => (implementation[name] as (...a: unknown[]) => unknown)(...args));
  }
  // Synchronous, as the page expects: listening needs no implementation.
  stub.on = (event: LoketEventName | `loket-${LoketEventName}`, handler: (event: Event) => void) => {
    if (typeof event !== 'string' || (event as string) === '') throw new TypeError('loket.on: "event" must be an event name such as "ready"');
    if (typeof handler !== 'function') throw new TypeError('loket.on: "handler" must be a function');
    const type = event.startsWith('loket-') ? event : `loket-${event}`;
    document.addEventListener(type, handler);
    return () => document.removeEventListener(type, handler);
  };
  return stub;
}
