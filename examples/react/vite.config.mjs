import { defineConfig } from 'vite';
import { exampleBuild, loketHeaderFromThisRepo, serveThemesAsCss } from '../vite-shared.mjs';

// React 19 without @vitejs/plugin-react: Vite 8 compiles JSX itself (Oxc), here with the automatic runtime.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [loketHeaderFromThisRepo(), serveThemesAsCss()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: exampleBuild(import.meta.url),
});
