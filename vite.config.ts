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
 * Two files: the drop-in (`loket-header.js`, one classic IIFE script that also works as type="module") and
 * the module only signed-in citizens load (`loket-signed-in.js`, ESM, imported by URL next to the drop-in).
 * `LOKET_BUILD=signed-in` selects the second.
 */
export default defineConfig(
  process.env.LOKET_BUILD === 'signed-in'
    ? {
        ...shared,
        build: {
          lib: { entry: 'src/signed-in.ts', formats: ['es'], fileName: () => 'loket-signed-in.js' },
          outDir: 'dist',
          emptyOutDir: false,
          target: 'es2022',
          sourcemap: true,
          reportCompressedSize: false,
        },
      }
    : {
        ...shared,
        build: {
          lib: { entry: 'src/embed.ts', formats: ['iife'], name: 'loketHeaderBundle', fileName: () => 'loket-header.js' },
          outDir: 'dist',
          emptyOutDir: false,
          target: 'es2022',
          sourcemap: true,
          reportCompressedSize: false,
        },
      },
);
