// Runs the server tests (Node 20's --test does not find .ts files in a folder by itself), then says on the last
// line whether the PostgreSQL variants ran: a green run that skipped them must not pass for a full one.
//
//   node --import tsx server/test/run.ts [file filter] [--part store|sqlite|postgres]... [--concurrency N]
//
// Three parts, all by default, one after the other: `store` (the store's own tests, *.test.ts, each on both
// engines), `sqlite` and `postgres` (the service's tests, *.test.mjs, which start whole services, once per
// engine), one file at a time unless --concurrency says more. `npm test` runs every file of every part as a job of
// its own, side by side with the project's other suites (scripts/test-lanes.mjs). suites.mjs says how each file
// runs; the service's tests run on server/dist, and a build older than its sources stops the run.

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { postgresProblem, skipNote, where, POSTGRES_URL } from './databases.mjs';
import { ENGINES, staleBuild, staleBuildMessage, testCommand, testFiles } from './suites.mjs';

const PARTS = ['store', ...ENGINES] as const;
type Part = (typeof PARTS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { part: { type: 'string', multiple: true }, concurrency: { type: 'string', default: '1' } },
});
const parts = (values.part ?? [...PARTS]) as Part[];
const unknown = parts.filter((part) => !PARTS.includes(part));
if (unknown.length) {
  console.error(`--part must be one of ${PARTS.join(', ')}; got ${unknown.join(', ')}.`);
  process.exit(2);
}
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`--concurrency must be a whole number of files at a time, 1 or more; got ${values.concurrency}.`);
  process.exit(2);
}
const filter = positionals[0] ?? '';

/** Runs test files in one `node --test`, with the command and environment suites.mjs gives the first of them. */
const run = (files: string[], engine?: 'sqlite' | 'postgres') => {
  const { args, env } = testCommand(files[0]!, engine);
  const options = args.slice(0, -1); // the loader, if any, and --test; then every file
  return (
    spawnSync(process.execPath, [...options, `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit', env })
      .status ?? 1
  );
};

let status = 0;
const problem = await postgresProblem();

if (parts.includes('store')) {
  const files = testFiles('store', filter);
  if (files.length) status ||= run(files);
}

// The service's tests start whole services; LOKET_TEST_ENGINE chooses the engine (helpers.mjs gives each service a
// throwaway database of its own). PostgreSQL's run is skipped when no server answers, unless it is required.
const serviceFiles = testFiles('service', filter);
const stale = parts.some((part) => part !== 'store') && serviceFiles.length ? staleBuild() : undefined;
if (stale) {
  console.error(staleBuildMessage(stale));
  process.exit(1);
}
for (const engine of ENGINES) {
  if (!parts.includes(engine) || !serviceFiles.length) continue;
  if (engine === 'postgres' && problem !== undefined && !process.env.LOKET_REQUIRE_POSTGRES) continue;
  console.log(`\n# the service's tests on ${engine}`);
  status ||= run(serviceFiles, engine);
}

if (parts.includes('store') || parts.includes('postgres')) {
  if (problem !== undefined)
    console.log(
      `\n${skipNote(problem)}${process.env.LOKET_REQUIRE_POSTGRES ? ' (and LOKET_REQUIRE_POSTGRES made them fail)' : ''}.`,
    );
  else console.log(`\nPostgreSQL at ${where(POSTGRES_URL)}: the PostgreSQL variants ran.`);
}
process.exit(status);
