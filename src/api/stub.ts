import { loadOnce } from '../internal/load-once.js';
import type { LoketApi, LoketEventName, LoketEventOf } from './loket-api.js';

type AsyncMethods =
  | 'mount'
  | 'unmount'
  | 'configure'
  | 'getConfig'
  | 'signIn'
  | 'signOut'
  | 'getSession'
  | 'setSession'
  | 'refresh'
  | 'setAlert'
  | 'setNavigationEnabled'
  | 'setAccountVisible'
  | 'switchIdentity'
  | 'setHelpOpen'
  | 'isHelpOpen'
  | 'setTokens'
  | 'getTokens';

// One string, split at run time: the list costs the drop-in fewer bytes than an array literal.
const ASYNC_METHODS = (
  'mount unmount configure getConfig signIn signOut getSession setSession refresh setAlert setNavigationEnabled ' +
  'setAccountVisible switchIdentity setHelpOpen isHelpOpen setTokens getTokens'
).split(' ') as AsyncMethods[];

/**
 * `loket.on()`: listens to a header event (`'ready'` or `'loket-ready'`, ...) on the whole page, so it keeps
 * working across remounts, with its typed event; returns a function that stops listening.
 */
export type LoketOn = <K extends LoketEventName>(
  event: K | `loket-${K}`,
  handler: (event: LoketEventOf<K>) => void,
) => () => void;

/** Every method of LoketApi, with the same signatures: what `window.loket` forwards to `loket-api.js`. */
export type LoketMethods = Pick<LoketApi, AsyncMethods | 'version'>;

/** What `window.loket` offers: LoketApi's methods, and `on()`. */
export type LoketGlobal = LoketMethods & { on: LoketOn };

declare global {
  interface Window {
    /** Loket's host-page API: set by the drop-in script (before it loads, by the queue snippet of docs/api.md). */
    loket?: LoketGlobal;
  }
}

/**
 * One call the pre-load snippet (docs/api.md) queued before the script arrived: the method's name, its
 * arguments, and the settle functions of the promise the snippet returned.
 */
export type QueuedCall = [
  method: string,
  args: ArrayLike<unknown>,
  resolve: (value: unknown) => void,
  reject: (reason: unknown) => void,
];

/**
 * `window.loket` as the drop-in sets it: every method is there at once, and the implementation
 * (`loket-api.js`) loads on the first call, so pages that never call the API never download it.
 */
export function createLoketStub(version: string, load: () => Promise<LoketApi>): LoketGlobal {
  const loaded = loadOnce(load);
  const stub = { version } as LoketGlobal;
  for (const name of ASYNC_METHODS) {
    (stub as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      loaded().then((implementation) => (implementation[name] as (...a: unknown[]) => unknown)(...args));
  }
  // Synchronous, as the page expects: listening needs no implementation, so it lives here, not in LoketApi.
  stub.on = ((event: LoketEventName | `loket-${LoketEventName}`, handler: EventListener) => {
    if (typeof event !== 'string' || (event as string) === '')
      throw new TypeError('loket.on: "event" must be an event name such as "ready"');
    if (typeof handler !== 'function') throw new TypeError('loket.on: "handler" must be a function');
    const type = event.startsWith('loket-') ? event : `loket-${event}`;
    document.addEventListener(type, handler);
    return () => document.removeEventListener(type, handler);
  }) as LoketOn;
  return stub;
}

/** Runs, in order, the calls the pre-load snippet queued in `snippet.q`, settling the promises it handed out. */
export function replayQueue(snippet: unknown, loket: LoketGlobal) {
  const queue = (snippet as { q?: QueuedCall[] } | undefined)?.q;
  if (!Array.isArray(queue)) return;
  for (const [method, args, resolve, reject] of queue) {
    try {
      const call = (loket as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      if (typeof call !== 'function') throw new TypeError(`loket: the queue holds an unknown method "${method}"`);
      Promise.resolve(call(...Array.from(args))).then(resolve, reject);
    } catch (error) {
      reject(error);
    }
  }
}
