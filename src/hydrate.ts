/**
 * Lit's hydration support (`loket-hydrate.js`), which the drop-in loads only on a page with a pre-rendered
 * header (`renderHeader`, declarative shadow DOM), before it defines the elements: with it, a header adopts the
 * server's DOM instead of rendering again.
 */
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { LitElement } from 'lit';

type HydrateSupport = (lit: { LitElement: typeof LitElement }) => void;

let installed = false;

/**
 * Patches the drop-in's LitElement (shared with this module). Lit calls the hook itself only when it is set
 * before lit-element.js runs, which the drop-in has done long before.
 */
export function installHydration(): void {
  if (installed) return;
  installed = true;
  (globalThis as { litElementHydrateSupport?: HydrateSupport }).litElementHydrateSupport?.({ LitElement });
}
