// Runs the server tests (Node 20's --test does not find .ts files in a folder by itself), then says on the last
// line whether the PostgreSQL variants ran: a green run that skipped them must not pass for a full one.
//
//   node --import tsx server/test/run.ts [file filter] [--part store|sqlite|postgres]...
//
// Three parts, all by default, one after the other: `store` (the store's own tests, *.test.ts, each on both
// engines), `sqlite` and `postgres` (the service's tests, *.test.mjs, which start whole services, once per
// engine). `npm test` runs the parts side by side (scripts/test-lanes.mjs).
//
// The service's tests run on the built service (server/dist, as `npm run server` and the end-to-end tests do),
// without a TypeScript loader: the loader cost two seconds of CPU in every test process and in every command a
// test starts. A build older than its sources stops the run with the command to run.

import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { postgresProblem, skipNote, where, POSTGRES_URL } from './engines.js';

const PARTS = ['store', 'sqlite', 'postgres'] as const;
type Part = (typeof PARTS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { part: { type: 'string', multiple: true } },
});
const parts = (values.part ?? [...PARTS]) as Part[];
const unknown = parts.filter((part) => !PARTS.includes(part));
if (unknown.length) {
  console.error(`--part must be one of ${PARTS.join(', ')}; got ${unknown.join(', ')}.`);
  process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = positionals[0] ?? '';
const testFiles = (suffix: string, recursive: boolean) =>
  readdirSync(here, { recursive, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix) && file.includes(filter))
    .sort()
    .map((file) => path.join(here, file));

const run = (args: string[], { env = process.env, loader = true } = {}) =>
  spawnSync(process.execPath, [...(loader ? ['--import', 'tsx'] : []), '--test', ...args], { stdio: 'inherit', env })
    .status ?? 1;

/** Why server/dist cannot stand for server/src (missing, or older than a source file), or undefined. */
function staleBuild(): string | undefined {
  const files = (folder: string, suffix: string) =>
    readdirSync(path.join(here, '..', folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith(suffix))
      .map((file) => ({
        file: `server/${folder}/${file}`,
        mtime: statSync(path.join(here, '..', folder, file)).mtimeMs,
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

let status = 0;
const problem = await postgresProblem();

if (parts.includes('store')) {
  const files = testFiles('.test.ts', true);
  if (files.length) status ||= run(files);
}

// The service's tests start whole services; LOKET_TEST_ENGINE chooses the engine (helpers.mjs gives each service a
// throwaway database of its own). PostgreSQL's run is skipped when no server answers, unless it is required.
const serviceFiles = testFiles('.test.mjs', false);
const stale = parts.some((part) => part !== 'store') && serviceFiles.length ? staleBuild() : undefined;
if (stale) {
  console.error(
    `The service's tests run on server/dist, which is out of date: ${stale}. Run \`npm run build:server\` first (npm test does).`,
  );
  process.exit(1);
}
for (const engine of ['sqlite', 'postgres'] as const) {
  if (!parts.includes(engine) || !serviceFiles.length) continue;
  if (engine === 'postgres' && problem !== undefined && !process.env.LOKET_REQUIRE_POSTGRES) continue;
  console.log(`\n# the service's tests on ${engine}`);
  status ||= run(['--test-concurrency=1', ...serviceFiles], {
    env: { ...process.env, LOKET_TEST_ENGINE: engine },
    loader: false,
  });
}

if (parts.includes('store') || parts.includes('postgres')) {
  if (problem !== undefined)
    console.log(
      `\n${skipNote(problem)}${process.env.LOKET_REQUIRE_POSTGRES ? ' (and LOKET_REQUIRE_POSTGRES made them fail)' : ''}.`,
    );
  else console.log(`\nPostgreSQL at ${where(POSTGRES_URL)}: the PostgreSQL variants ran.`);
}
process.exit(status);
