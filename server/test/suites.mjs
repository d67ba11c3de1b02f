// What the server's test suites are and how each file is run: the one place that says it, for server/test/run.ts
// (a developer's run of the server's tests) and scripts/test-lanes.mjs (`npm test`, every suite of the project).
//
// - The store's tests (*.test.ts, in folders too) run each on both engines, through the TypeScript loader: they
//   test server/src directly.
// - The service's tests (*.test.mjs, this folder) start whole services, once per engine (LOKET_TEST_ENGINE), from
//   the built service, server/dist, as `npm run server` and the end-to-end tests do: without the loader, which
//   cost two seconds of CPU in every test process and in every command a test starts.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverRoot = path.join(here, '..');

/** The engines the service's tests run on. */
export const ENGINES = Object.freeze(['sqlite', 'postgres']);

/**
 * The test files of one kind whose path contains `filter`, absolute, sorted.
 * @param {'store' | 'service'} kind
 * @param {string} [filter]
 */
export function testFiles(kind, filter = '') {
  const [suffix, recursive] = kind === 'store' ? ['.test.ts', true] : ['.test.mjs', false];
  return readdirSync(here, { recursive, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix) && file.includes(filter))
    .sort()
    .map((file) => path.join(here, file));
}

/**
 * The command (node's arguments) and environment that run one test file: a store file through the loader, a
 * service file on `engine`.
 * @param {string} file
 * @param {'sqlite' | 'postgres'} [engine]
 * @returns {{ args: string[], env: NodeJS.ProcessEnv }}
 */
export function testCommand(file, engine) {
  if (file.endsWith('.ts')) return { args: ['--import', 'tsx', '--test', file], env: { ...process.env } };
  return { args: ['--test', file], env: { ...process.env, LOKET_TEST_ENGINE: engine ?? 'sqlite' } };
}

/**
 * Why server/dist cannot stand for server/src (missing, or older than a source file), or undefined.
 * @returns {string | undefined}
 */
export function staleBuild() {
  const files = (folder, suffix) =>
    readdirSync(path.join(serverRoot, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith(suffix))
      .map((file) => ({
        file: `server/${folder}/${file}`,
        mtime: statSync(path.join(serverRoot, folder, file)).mtimeMs,
      }));
  let built;
  try {
    built = files('dist', '.js');
  } catch {
    return 'server/dist does not exist';
  }
  if (built.length === 0) return 'server/dist has no build in it';
  const oldest = built.reduce((a, b) => (a.mtime <= b.mtime ? a : b));
  const newest = files('src', '.ts').reduce((a, b) => (a.mtime >= b.mtime ? a : b));
  return newest.mtime > oldest.mtime ? `${newest.file} changed after ${oldest.file} was built` : undefined;
}

/** The message for a stale build, with the command that fixes it. */
export const staleBuildMessage = (stale) =>
  `The service's tests run on server/dist, which is out of date: ${stale}. Run \`npm run build:server\` first (npm test does).`;
