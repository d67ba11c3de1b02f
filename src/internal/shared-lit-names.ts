/**
 * What the lazy modules (signed-in, help, alert) import from Lit's core files, and so what the drop-in hands
 * them (`shared-lit.ts`). `vite.config.ts` builds the modules against exactly these names: an import of any
 * other fails their build.
 */
export const SHARED_LIT_NAMES = [
  'LitElement',
  'css',
  'html',
  'nothing',
  'svg',
  'defaultConverter',
  'notEqual',
  'render',
  'noChange',
  '_$LH',
] as const;

export type SharedLitName = (typeof SHARED_LIT_NAMES)[number];

/** Where the drop-in puts them: one key per version, so only modules of the same build read them. */
export const sharedLitKey = (version: string): symbol => Symbol.for(`loket.lit@${version}`);
