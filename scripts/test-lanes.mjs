// Every test suite of `npm test`, after the build, typecheck and lint, as jobs on a few slots that run side by
// side: each end-to-end file, each store test file, each service test file on each engine, the node tests and
// the component tests. Most of the suites' time is spent waiting (on Chromium, on timers, on the database), so
// a two-core machine runs several jobs at once; the longest jobs start first (scripts/test-durations.json, the
// times of a run on such a machine), so that no long job starts last. The few jobs that measure reaction times
// (RUN_ALONE) run after the others, one at a time.
//
//   node scripts/test-lanes.mjs                 every job
//   node scripts/test-lanes.mjs e2e service     only the jobs whose name starts with one of these
//   LOKET_TEST_SLOTS=2 node scripts/test-lanes.mjs
//   node scripts/test-lanes.mjs --record        and write the jobs' times to scripts/test-durations.json
//
// While it runs, one line per finished job. Each job's whole output is kept in test-results/jobs/<job>.log. At
// the end: the slowest jobs, every failed job's failures and last lines, and, on the very last line, whether the
// PostgreSQL variants ran (a green run that skipped them must not pass for a full one).

import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { postgresProblem, skipNote, where, POSTGRES_URL } from '../server/test/databases.mjs';
import { ENGINES, staleBuild, staleBuildMessage, testCommand, testFiles } from '../server/test/suites.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATIONS_FILE = path.join(ROOT, 'scripts', 'test-durations.json');
const node = process.execPath;
const relative = (file) => path.relative(ROOT, file);
const stem = (file) => path.basename(file).replace(/\.test\.(mjs|ts)$/, '');

/**
 * One slot more than there are cores. On two cores (2026-12-06), three jobs at a time ran every suite in 1,340 s (3,823
 * job-seconds, none failing), four in 1,498 s (5,680 job-seconds, two failing among the others and run again): the
 * jobs are mostly Chromium and the service, so a fourth adds more contention than it fills idle time.
 */
const SLOTS = Number(process.env.LOKET_TEST_SLOTS || availableParallelism() + 1);

/**
 * A job still running this long is stopped and counts as failed: the longest take about four minutes on a loaded
 * two-core machine. Once a file's tests have all reported, node's runner exits even if a handle is left open
 * (--test-force-exit): an e2e file that passed once sat for minutes after its last test under load.
 */
const JOB_LIMIT_S = Number(process.env.LOKET_TEST_JOB_LIMIT || 600);
/**
 * Jobs that measure how fast the header reacts (a message within 15 s of a fault, a host page that answers a click
 * within 3 s while the fault lasts) and so run after the others, alone: among three other jobs on a two-core
 * machine (a load average of 15 to 27) e2e/reliability failed in every run and passed alone in every run.
 */
const RUN_ALONE = ['e2e/reliability'];
/** LOKET_TEST_RETRY=0: a job that fails is not run again alone. */
const RETRY_ALONE = process.env.LOKET_TEST_RETRY !== '0';
const withForceExit = (args) => args.map((arg) => (arg === '--test' ? ['--test', '--test-force-exit'] : [arg])).flat();

/** Every job: a name (its group first), node's arguments and the environment. */
function allJobs({ postgres }) {
  const e2e = readdirSync(path.join(ROOT, 'test', 'e2e'))
    .filter((file) => file.endsWith('.test.mjs'))
    .sort()
    .map((file) => ({ name: `e2e/${stem(file)}`, args: ['--test', path.join('test', 'e2e', file)], env: process.env }));
  const store = testFiles('store').map((file) => ({ name: `store/${stem(file)}`, ...testCommand(file) }));
  const service = ENGINES.filter((engine) => engine !== 'postgres' || postgres).flatMap((engine) =>
    testFiles('service').map((file) => ({ name: `service-${engine}/${stem(file)}`, ...testCommand(file, engine) })),
  );
  const nodeTests = { name: 'node', args: ['--test', 'test/node/'], env: process.env };
  const unit = {
    name: 'unit',
    args: ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'],
    env: process.env,
  };
  return [...e2e, ...store, ...service, nodeTests, unit];
}

function readDurations() {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8'));
  } catch {
    return {};
  }
}

const running = new Set();
const stopGroup = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
};
// Ctrl-C or a stopped CI run: the jobs' process groups do not get the terminal's signal, so stop them here.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    running.forEach(stopGroup);
    process.exit(130);
  });

/** Runs one job; its output goes to its log, and is kept for the report when the job fails. */
function runJob(job, logDir) {
  const started = Date.now();
  const logFile = path.join(logDir, `${job.name.replace('/', '--')}.log`);
  const log = createWriteStream(logFile);
  const output = [];
  // in a process group of its own, so that stopping it stops the test files node's runner started too
  const child = spawn(node, withForceExit(job.args), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: job.env,
    detached: true,
  });
  running.add(child);
  let timedOut = false;
  const watchdog = setTimeout(() => {
    timedOut = true;
    stopGroup(child);
  }, JOB_LIMIT_S * 1000);
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (chunk) => {
      log.write(chunk);
      output.push(chunk);
    });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      running.delete(child);
      if (timedOut) {
        const note = `\n[test-lanes] stopped after ${JOB_LIMIT_S} s (LOKET_TEST_JOB_LIMIT): hung or far too slow\n`;
        output.push(Buffer.from(note));
        log.write(note);
      }
      log.end(() =>
        resolve({
          job,
          status: timedOut ? 1 : (code ?? (signal ? 1 : 0)),
          seconds: (Date.now() - started) / 1000,
          output: Buffer.concat(output).toString('utf8'),
          logFile: relative(logFile),
        }),
      );
    });
  });
}

/** The lines of a failed job worth reading first: node's "not ok" lines with their error, and the last lines. */
function failureReport({ job, status, output, logFile }) {
  const lines = output.split('\n');
  const failures = [];
  lines.forEach((line, i) => {
    if (/^\s*not ok \d+/.test(line) || /❌/.test(line)) failures.push(...lines.slice(i, i + 14), '');
  });
  return [
    `---- ${job.name} FAILED (exit ${status}); its whole output is in ${logFile}`,
    ...(failures.length ? failures.slice(0, 200) : []),
    '  last lines:',
    ...lines.slice(-40).map((line) => `  ${line}`),
  ].join('\n');
}

async function main() {
  const { values, positionals: wanted } = parseArgs({
    allowPositionals: true,
    options: { record: { type: 'boolean', default: false } },
  });
  if (!Number.isInteger(SLOTS) || SLOTS < 1) {
    console.error(`LOKET_TEST_SLOTS must be a whole number of jobs at a time, 1 or more; got ${SLOTS}.`);
    process.exit(2);
  }
  const problem = await postgresProblem();
  const requirePostgres = Boolean(process.env.LOKET_REQUIRE_POSTGRES);
  let jobs = allJobs({ postgres: problem === undefined || requirePostgres });
  if (wanted.length) {
    const unknown = wanted.filter((w) => !jobs.some((job) => job.name.startsWith(w)));
    if (unknown.length) {
      const groups = [...new Set(jobs.map((job) => job.name.split('/')[0]))];
      console.error(`No job starts with ${unknown.join(', ')}. Groups: ${groups.join(', ')}.`);
      process.exit(2);
    }
    jobs = jobs.filter((job) => wanted.some((w) => job.name.startsWith(w)));
  }
  const stale = jobs.some((job) => job.name.startsWith('service-')) ? staleBuild() : undefined;
  if (stale) {
    console.error(staleBuildMessage(stale));
    process.exit(1);
  }

  const durations = readDurations();
  const expected = (job) => durations[job.name] ?? 30;
  const alone = jobs.filter((job) => RUN_ALONE.includes(job.name));
  const queue = jobs.filter((job) => !alone.includes(job)).sort((a, b) => expected(b) - expected(a));
  const logDir = path.join(ROOT, 'test-results', 'jobs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });

  console.log(
    `${jobs.length} test jobs, ${SLOTS} at a time (LOKET_TEST_SLOTS), the longest first${alone.length ? `; then alone: ${alone.map((job) => job.name).join(', ')}` : ''}.`,
  );
  const started = Date.now();
  const results = [];
  const slot = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const result = await runJob(job, logDir);
      results.push(result);
      const elapsed = ((Date.now() - started) / 1000).toFixed(0);
      console.log(
        `${result.status === 0 ? 'passed' : 'FAILED'}  ${job.name} in ${result.seconds.toFixed(0)} s  (${results.length}/${jobs.length}, ${elapsed} s)`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(SLOTS, queue.length) }, slot));
  queue.push(...alone);
  await slot();

  // A job that failed among the others runs once more, alone, on a quiet machine: the timing of many tests (a
  // badge within 3 s, a tab's 150 ms wait for another, renewals at expiry, a refresh token's idle and absolute
  // ends counted in whole seconds) suffers under the load of the other jobs. A job that passes then counts as
  // passed, and is reported below with its first failure, as flaky: a real fault fails both times.
  const flaky = [];
  if (RETRY_ALONE) {
    for (const first of results.filter((r) => r.status !== 0)) {
      console.log(`again, alone: ${first.job.name}`);
      const again = await runJob({ ...first.job, name: `${first.job.name}.again` }, logDir);
      console.log(`${again.status === 0 ? 'passed' : 'FAILED'}  ${again.job.name} in ${again.seconds.toFixed(0)} s`);
      if (again.status === 0) {
        flaky.push(first);
        results[results.indexOf(first)] = { ...again, job: first.job, seconds: first.seconds };
      } else results.push(again);
    }
  }
  const seconds = (Date.now() - started) / 1000;

  if (values.record) {
    const times = Object.fromEntries(
      results.map((r) => [r.job.name, Math.round(r.seconds)]).sort((a, b) => a[0].localeCompare(b[0])),
    );
    writeFileSync(DURATIONS_FILE, `${JSON.stringify({ ...durations, ...times }, null, 2)}\n`);
    console.log(`wrote the jobs' times to ${relative(DURATIONS_FILE)}`);
  }

  const failed = results.filter((r) => r.status !== 0);
  for (const r of flaky)
    console.log(`\nFLAKY (failed among the others, passed alone): ${r.job.name}\n${failureReport(r)}`);
  console.log('\nthe slowest jobs:');
  for (const r of [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 8))
    console.log(`  ${`${r.seconds.toFixed(0)} s`.padStart(6)}  ${r.job.name}`);
  for (const r of failed) console.log(`\n${failureReport(r)}`);
  console.log(
    `\n${jobs.length} jobs in ${seconds.toFixed(0)} s on ${SLOTS} slots: ${failed.length ? `${failed.length} FAILED: ${failed.map((r) => r.job.name).join(', ')}` : 'all passed'}${flaky.length ? `; flaky (passed alone): ${flaky.map((r) => r.job.name).join(', ')}` : ''}.`,
  );
  if (problem !== undefined)
    console.log(`${skipNote(problem)}${requirePostgres ? ' (and LOKET_REQUIRE_POSTGRES made them fail)' : ''}.`);
  else console.log(`PostgreSQL at ${where(POSTGRES_URL)}: the PostgreSQL variants ran.`);
  process.exit(failed.length ? 1 : 0);
}

await main();
