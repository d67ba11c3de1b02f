/**
 * The drop-in's copy of Lit, handed to the modules it loads beside itself (signed-in, help, alert): built with
 * `vite.config.ts`'s `sharedLit()`, they read Lit from here instead of carrying a copy each (about 6 KB gzip
 * apiece).
 */
import { LitElement, css, html, nothing, noChange, render, svg } from 'lit';
import { _$LH } from 'lit-html';
import { defaultConverter, notEqual } from '@lit/reactive-element';
import { sharedLitKey, type SharedLitName } from './shared-lit-names.js';

declare const __LOKET_VERSION__: string;

/** Puts this bundle's Lit where the lazy modules of the same version find it. */
export function shareLit(): void {
  // render, noChange and _$LH: for Lit's hydration support (loket-hydrate.js).
  const lit: Record<SharedLitName, unknown> = {
    LitElement,
    css,
    html,
    nothing,
    svg,
    defaultConverter,
    notEqual,
    render,
    noChange,
    _$LH,
  };
  (globalThis as Record<symbol, unknown>)[sharedLitKey(__LOKET_VERSION__)] = lit;
}
