import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM, CHROMIUM_ARGS, assertChromium } from './scripts/chromium.mjs';

assertChromium();

/** Component and unit tests, in Debian's Chromium (never a downloaded browser). */
export default {
  files: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
  nodeResolve: true,
  // Pages run one at a time: a background page of headless Chromium gets no animation frames, which stalls fixtures.
  concurrency: 1,
  testsFinishTimeout: 180_000,
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS.filter((arg) => arg !== '--headless'),
      },
    }),
  ],
  testFramework: { config: { timeout: 10_000 } },
};
