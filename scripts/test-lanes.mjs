// The test suites of `npm test`, after the build, typecheck and lint: in lanes that run side by side, each lane's
// suites one after the other. Most of the suites' time is spent waiting (on Chromium, on timers, on the
// database), so on a two-core machine lanes finish in about half the time one after the other would take.
//
//   node scripts/test-lanes.mjs            every lane
//   node scripts/test-lanes.mjs e2e node   only the lanes named
//
// Each line of output is prefixed with its lane; the whole output of a lane is also kept in
// test-results/lanes/<lane>.log. At the end: a table of lanes, their time and outcome, and, for a failed lane, its
// last lines; the very last lines say whether the PostgreSQL variants ran.

import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const server = (part) => [node, '--import', 'tsx', 'server/test/run.ts', '--part', part];

/**
 * The lanes, longest first. Each suite is a command (no shell). The end-to-end files run two at a time (each
 * starts its own site server, service and browser on free ports, so files can run side by side; node's runner
 * hands the next file to whichever finishes first).
 */
export const LANES = [
  { name: 'e2e', suites: [[node, '--test', '--test-concurrency=2', 'test/e2e/']] },
  { name: 'server-store+sqlite', suites: [server('store'), server('sqlite')] },
  {
    name: 'server-postgres+node+unit',
    suites: [
      server('postgres'),
      [node, '--test', 'test/node/'],
      [node, 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'],
    ],
  },
];

const TAIL = 80;

function runLane(lane, logDir) {
  const started = Date.now();
  const log = createWriteStream(path.join(logDir, `${lane.name}.log`));
  const tail = [];
  const say = (line) => {
    log.write(`${line}\n`);
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
    process.stdout.write(`[${lane.name}] ${line}\n`);
  };
  return (async () => {
    let status = 0;
    for (const [command, ...args] of lane.suites) {
      say(`$ ${[path.basename(command), ...args].join(' ')}`);
      const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
      createInterface({ input: child.stdout }).on('line', say);
      createInterface({ input: child.stderr }).on('line', say);
      const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
      if (code !== 0) {
        say(`exit ${code}`);
        status = code;
        // the lane's later suites still run: one failure should not hide another
      }
    }
    await new Promise((resolve) => log.end(resolve));
    return { lane, status, seconds: (Date.now() - started) / 1000, tail };
  })();
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !LANES.some((l) => l.name.startsWith(w)));
  if (unknown.length) {
    console.error(`No lane called ${unknown.join(', ')}. Lanes: ${LANES.map((l) => l.name).join(', ')}.`);
    process.exit(2);
  }
  const lanes = wanted.length ? LANES.filter((l) => wanted.some((w) => l.name.startsWith(w))) : LANES;
  const logDir = path.join(ROOT, 'test-results', 'lanes');
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  const results = await Promise.all(lanes.map((lane) => runLane(lane, logDir)));

  const failed = results.filter((r) => r.status !== 0);
  for (const { lane, tail } of failed) {
    console.log(
      `\n---- ${lane.name} failed; its last ${tail.length} lines (all in test-results/lanes/${lane.name}.log):`,
    );
    console.log(tail.join('\n'));
  }
  console.log('\nlane                          time    outcome');
  for (const { lane, status, seconds } of results)
    console.log(
      `${lane.name.padEnd(30)}${`${seconds.toFixed(0)} s`.padStart(6)}    ${status === 0 ? 'passed' : 'FAILED'}`,
    );
  console.log(`all lanes: ${((Date.now() - started) / 1000).toFixed(0)} s, ${failed.length ? 'FAILED' : 'passed'}`);
  // the server lanes' verdict on PostgreSQL, repeated last (a green run that skipped it must say so)
  const verdict = results
    .flatMap((r) => r.tail)
    .reverse()
    .find((line) => /PostgreSQL/.test(line) && /variants/.test(line));
  if (verdict) console.log(verdict);
  process.exit(failed.length ? 1 : 0);
}

await main();
