import { readFileSync } from 'node:fs';
import { minifyHTMLLiterals } from 'minify-literals';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

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

const shared: UserConfig = {
  plugins: [minifyLiterals()],
  define: { __LOKET_VERSION__: JSON.stringify(version) },
};

/**
 * The drop-in (`loket-header.js`, one classic IIFE script that also works as type="module"), the module only
 * signed-in citizens load (`loket-signed-in.js`), the implementation of `window.loket` (`loket-api.js`, loaded
 * on the first call) and the help menu (`loket-help.js`, loaded when a config has help options); the last three
 * ESM, imported by URL next to the drop-in.
 */
/** The build of each file: `LOKET_BUILD` picks one (default: the drop-in). */
const entries: Record<string, { entry: string; fileName: string; format: 'iife' | 'es' }> = {
  'drop-in': { entry: 'src/embed.ts', fileName: 'loket-header.js', format: 'iife' },
  'drop-in-global-header': { entry: 'src/embed-global-header.ts', fileName: 'loket-global-header.js', format: 'iife' },
  'signed-in': { entry: 'src/signed-in.ts', fileName: 'loket-signed-in.js', format: 'es' },
  api: { entry: 'src/api/bundle.ts', fileName: 'loket-api.js', format: 'es' },
  help: { entry: 'src/help.ts', fileName: 'loket-help.js', format: 'es' },
  alert: { entry: 'src/alert.ts', fileName: 'loket-alert.js', format: 'es' },
};
const target = entries[process.env.LOKET_BUILD ?? 'drop-in'];
if (!target) throw new Error(`LOKET_BUILD must be one of ${Object.keys(entries).join(', ')}`);

export default defineConfig({
  ...shared,
  build: {
    lib: { entry: target.entry, formats: [target.format], name: 'loketHeaderBundle', fileName: () => target.fileName },
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    // Terser with several passes packs the drop-in about 1.5 % smaller than the default minifier: every byte
    // counts against the 20 KB budget of an anonymous page view.
    minify: 'terser',
    terserOptions: { compress: { passes: 3 } },
    // Terser takes most of the build time; rolldown's note saying so on every build is not news.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
