// What the three example apps share in their Vite configs.

import { fileURLToPath } from 'node:url';

/**
 * Resolves `loket-header` and `loket-header/...` the way Node does for a package importing itself: through
 * the `exports` map of the repo's package.json, so the examples load `dist/esm` (and `dist/themes`) exactly
 * as an app that installed the package from npm would. (Vite looks packages up in node_modules only.)
 * Build the package first: `npm run build`.
 */
export function loketHeaderFromThisRepo() {
  return {
    name: 'loket-examples:self-reference',
    enforce: 'pre',
    resolveId(source) {
      const [specifier, query] = source.split('?');
      if (specifier !== 'loket-header' && !specifier.startsWith('loket-header/')) return null;
      const path = fileURLToPath(import.meta.resolve(specifier));
      return query === undefined ? path : `${path}?${query}`;
    },
  };
}

/**
 * Dev server only: the header fetches a theme URL with `fetch()`, which accepts any type,
 * and Vite's dev server answers a CSS file asked for that way with a JavaScript module (as for `import "./x.css"`).
 * Asking for `text/css` gets the CSS itself. A build serves the theme as a plain file and needs none of this.
 */
export function serveThemesAsCss() {
  return {
    name: 'loket-examples:themes-as-css',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (/\/themes\/[\w-]+\.css$/.test(req.url ?? '')) req.headers.accept = 'text/css';
        next();
      });
    },
  };
}

/** The build settings all three share: output in `<example>/dist/`, modern browsers only (as Loket itself). */
export function exampleBuild(root) {
  return {
    outDir: fileURLToPath(new URL('dist/', root)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  };
}
