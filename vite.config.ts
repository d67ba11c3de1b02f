import { readFileSync } from 'node:fs';
import { minifyHTMLLiterals } from 'minify-literals';
import { defineConfig, type Plugin } from 'vite';

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

/** The drop-in script: one classic (IIFE) file that also works as type="module". */
export default defineConfig({
  plugins: [minifyLiterals()],
  define: { __LOKET_VERSION__: JSON.stringify(version) },
  build: {
    lib: {
      entry: 'src/embed.ts',
      formats: ['iife'],
      name: 'loketHeaderBundle',
      fileName: () => 'loket-header.js',
    },
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
  },
});
