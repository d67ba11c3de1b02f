import { defineConfig } from 'vite';
import { exampleBuild, loketHeaderFromThisRepo, serveThemesAsCss } from '../vite-shared.mjs';

// Vue 3 with render functions (h): the runtime-only build, no template compiler (which needs `new Function`,
// refused by a strict CSP) and no @vitejs/plugin-vue.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [loketHeaderFromThisRepo(), serveThemesAsCss()],
  // Vue's compile-time flags, which @vitejs/plugin-vue would otherwise set.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: exampleBuild(import.meta.url),
});
