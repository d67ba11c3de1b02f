import { readFileSync } from 'node:fs';
import { minifyHTMLLiterals } from 'minify-literals';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { SHARED_LIT_NAMES } from './src/internal/shared-lit-names.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Lit's html`` and css`` literals keep their whitespace through a JS minifier; minify them too. */
function minifyLiterals(): Plugin {
  return {
    name: 'loket:minify-literals',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(html|css|svg)`/.test(code)) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id });
      return result && { code: result.code, map: result.map };
    },
  };
}

/**
 * The lazy modules (signed-in, help, alert) take Lit from the drop-in that loads them (`internal/shared-lit.ts`)
 * instead of bundling a copy: every import that resolves to one of Lit's core files becomes a module reading the
 * drop-in's copy. The decorators and directives stay bundled (small, and built on these names).
 */
function sharedLit(): Plugin {
  const VIRTUAL = '\0loket:shared-lit';
  const CORE =
    /\/node_modules\/(lit\/index|lit-element\/lit-element|lit-html\/lit-html|@lit\/reactive-element\/(reactive-element|css-tag))\.js$/;
  return {
    name: 'loket:shared-lit',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source === VIRTUAL) return VIRTUAL;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && CORE.test(resolved.id) ? VIRTUAL : null;
    },
    load(id) {
      if (id !== VIRTUAL) return null;
      const key = JSON.stringify(`loket.lit@${version}`);
      return [
        `const lit = globalThis[Symbol.for(${key})];`,
        `if (!lit) throw new Error('loket: this module loads from loket-header.js (the drop-in) of version ${version}');`,
        `export const { ${SHARED_LIT_NAMES.join(', ')} } = lit;`,
      ].join('\n');
    },
  };
}

/**
 * oidc-client-ts, loaded by the signed-in module only to talk with the provider: its dynamic import of
 * `session/oidc-client.ts` becomes an import of the built `loket-oidc.js` beside it (a relative URL, so it loads
 * from wherever the signed-in module did).
 */
function lazyOidcClient(): Plugin {
  let rewritten = false;
  return {
    name: 'loket:lazy-oidc-client',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('/oidc-client.js')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved?.id.endsWith('/src/session/oidc-client.ts')) return null;
      rewritten = true;
      return { id: './loket-oidc.js', external: true };
    },
    // An import spelled otherwise would bundle oidc-client-ts into every signed-in view without a word.
    buildEnd(error) {
      if (!error && !rewritten)
        this.error('the signed-in module no longer imports ./oidc-client.js: oidc-client-ts would be bundled into it');
    },
  };
}

const shared: UserConfig = {
  plugins: [minifyLiterals()],
  define: { __LOKET_VERSION__: JSON.stringify(version) },
};

/**
 * The drop-in (`loket-header.js`, one classic IIFE script that also works as type="module"; and its variant for
 * sites leaving the Flemish widget, `loket-global-header.js`), the module only signed-in citizens load
 * (`loket-signed-in.js`), the implementation of `window.loket` (`loket-api.js`, loaded on the first call), the
 * help menu (`loket-help.js`, loaded when a config has help options) and the alert bar (`loket-alert.js`); the
 * last four ESM, imported by URL next to the drop-in. `LOKET_BUILD` picks one (default: the drop-in).
 */
const entries: Record<
  string,
  { entry: string; fileName: string; format: 'iife' | 'es'; sharesLit?: true; node?: true; lazyOidc?: true }
> = {
  'drop-in': { entry: 'src/embed.ts', fileName: 'loket-header.js', format: 'iife' },
  'drop-in-global-header': { entry: 'src/embed-global-header.ts', fileName: 'loket-global-header.js', format: 'iife' },
  'signed-in': {
    entry: 'src/signed-in.ts',
    fileName: 'loket-signed-in.js',
    format: 'es',
    sharesLit: true,
    lazyOidc: true,
  },
  oidc: { entry: 'src/session/oidc-client.ts', fileName: 'loket-oidc.js', format: 'es' },
  api: { entry: 'src/api/bundle.ts', fileName: 'loket-api.js', format: 'es' },
  help: { entry: 'src/help.ts', fileName: 'loket-help.js', format: 'es', sharesLit: true },
  alert: { entry: 'src/alert.ts', fileName: 'loket-alert.js', format: 'es', sharesLit: true },
  hydrate: { entry: 'src/hydrate.ts', fileName: 'loket-hydrate.js', format: 'es', sharesLit: true },
  // renderHeader for Node (`loket-header/render`): the same html`` literals as the drop-in, minified alike, so
  // that the templates the server renders are the very ones the browser hydrates (Lit compares their digests).
  render: { entry: 'src/render/render-header.ts', fileName: 'render/render.js', format: 'es', node: true },
};
const target = entries[process.env.LOKET_BUILD ?? 'drop-in'];
if (!target) throw new Error(`LOKET_BUILD must be one of ${Object.keys(entries).join(', ')}`);

/** Node's own modules and the packages a Node user installs with loket-header (Lit in its Node build). */
const nodeExternal = [/^node:/, /^lit($|\/)/, /^lit-html($|\/)/, /^lit-element($|\/)/, /^@lit\//, /^@lit-labs\//];

export default defineConfig({
  ...shared,
  plugins: [
    ...(shared.plugins ?? []),
    ...(target.sharesLit ? [sharedLit()] : []),
    ...(target.lazyOidc ? [lazyOidcClient()] : []),
  ],
  ...(target.node && { ssr: { noExternal: [] } }),
  build: {
    lib: { entry: target.entry, formats: [target.format], name: 'loketHeaderBundle', fileName: () => target.fileName },
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    // Terser with several passes packs the drop-in about 1.5 % smaller than the default minifier: every byte
    // counts against the 20 KB budget of an anonymous page view.
    minify: target.node ? false : 'terser',
    terserOptions: { compress: { passes: 3 } },
    ...(target.node && { ssr: true }),
    // Terser takes most of the build time; rolldown's note saying so on every build is not news.
    rolldownOptions: {
      checks: { bundlerTimings: false },
      ...(target.node && { external: nodeExternal, output: { entryFileNames: target.fileName } }),
    },
  },
});
