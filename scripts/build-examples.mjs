// Builds the example apps (examples/plain-html, examples/react, examples/vue) into examples/<name>/dist/,
// each with its own vite.config.mjs. They import the package as an installed app would, so build it first.
//
//   npm run build && npm run build:examples        (or: node scripts/build-examples.mjs react vue)

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const EXAMPLES = Object.freeze(['plain-html', 'react', 'vue']);

/** The folder of one example's build output. */
export function exampleDist(name) {
  return fileURLToPath(new URL(`../examples/${name}/dist/`, import.meta.url));
}

/** Builds the named examples (all by default), one after the other; rejects on the first failure. */
export async function buildExamples(names = EXAMPLES, { logLevel = 'warn' } = {}) {
  const unknown = names.filter((name) => !EXAMPLES.includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown example(s) ${unknown.join(', ')}; expected some of ${EXAMPLES.join(', ')}`);
  if (
    !existsSync(new URL('../dist/esm/define.js', import.meta.url)) ||
    !existsSync(new URL('../dist/loket-header.js', import.meta.url))
  ) {
    throw new Error('the examples use the built package (dist/esm, dist/loket-header.js): run `npm run build` first');
  }
  for (const name of names) {
    await build({
      configFile: fileURLToPath(new URL(`../examples/${name}/vite.config.mjs`, import.meta.url)),
      logLevel,
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const started = performance.now();
  try {
    await buildExamples(names.length > 0 ? names : EXAMPLES, { logLevel: 'info' });
    console.log(`examples built in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    console.error(`build-examples: ${error.message}`);
    process.exitCode = 1;
  }
}
