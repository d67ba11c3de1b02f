// Runs every server test file (Node 20's --test does not find .ts files in a folder by itself), then says on
// the last line whether the PostgreSQL variants ran: a green run that skipped them must not pass for a full one.
//
//   node --import tsx server/test/run.ts [file filter]

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresProblem, skipNote, where, POSTGRES_URL } from './engines.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && file.includes(filter))
  .sort()
  .map((file) => path.join(here, file));

const { status: storeStatus } = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], {
  stdio: 'inherit',
});
const problem = await postgresProblem();

// The service's tests (HTTP API, pages, provider: *.test.mjs) start whole services; they run once per engine,
// chosen by LOKET_TEST_ENGINE (helpers.mjs gives each service a throwaway database of its own).
const serviceFiles = readdirSync(here, { encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.mjs') && file.includes(filter))
  .sort()
  .map((file) => path.join(here, file));
const engines = problem === undefined || process.env.LOKET_REQUIRE_POSTGRES ? ['sqlite', 'postgres'] : ['sqlite'];
let serviceStatus = 0;
for (const engine of serviceFiles.length ? engines : []) {
  console.log(`\n# the service's tests on ${engine}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...serviceFiles], {
    stdio: 'inherit',
    env: { ...process.env, LOKET_TEST_ENGINE: engine },
  });
  serviceStatus ||= run.status ?? 1;
}
const status = storeStatus || serviceStatus;
if (problem !== undefined)
  console.log(
    `\n${skipNote(problem)}${process.env.LOKET_REQUIRE_POSTGRES ? ' (and LOKET_REQUIRE_POSTGRES made them fail)' : ''}.`,
  );
else console.log(`\nPostgreSQL at ${where(POSTGRES_URL)}: the PostgreSQL variants ran.`);
process.exit(status ?? 1);
