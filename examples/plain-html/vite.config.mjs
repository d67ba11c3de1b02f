import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { exampleBuild, loketHeaderFromThisRepo, serveThemesAsCss } from '../vite-shared.mjs';

/**
 * The drop-in files, as a site hosts them at /loket/: the script, the modules it loads beside itself and the
 * bundled themes. Served by the dev server, copied into dist/loket/ by the build.
 */
function hostTheDropIn() {
  const dist = fileURLToPath(new URL('./', import.meta.resolve('loket-header/loket-header.js')));
  const scripts = readdirSync(dist).filter((name) => name.endsWith('.js'));
  const themes = readdirSync(`${dist}themes`).filter((name) => name.endsWith('.css'));
  const files = [...scripts, ...themes.map((name) => `themes/${name}`)];
  return {
    name: 'loket-examples:drop-in',
    configureServer(server) {
      server.middlewares.use('/loket/', (req, res, next) => {
        const file = files.find((name) => req.url.split('?')[0] === `/${name}`);
        if (!file) return next();
        res.setHeader('content-type', file.endsWith('.css') ? 'text/css' : 'text/javascript');
        res.end(readFileSync(dist + file));
      });
    },
    generateBundle() {
      for (const file of files)
        this.emitFile({ type: 'asset', fileName: `loket/${file}`, source: readFileSync(dist + file) });
    },
  };
}

// Two pages: index.html with the drop-in script, afval.html with the ESM build bundled by Vite.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [loketHeaderFromThisRepo(), serveThemesAsCss(), hostTheDropIn()],
  build: {
    ...exampleBuild(import.meta.url),
    rollupOptions: { input: ['index.html', 'afval.html'].map((page) => fileURLToPath(new URL(page, import.meta.url))) },
  },
});
