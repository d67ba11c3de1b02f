// `npm run bench`: what the header costs a site, measured in one run, written to docs/performance.md.
//
//   1. bytes       the files a site downloads, raw / gzip -9 / brotli, per page view and per theme
//   2. paint       navigation to the header painted vs a static header (no script), 1x and 4x CPU; main-thread time
//   3. cls         layout shift of the three embedding modes with the script 500 ms late
//   4. requests    profile API and provider requests per page view, one tab and three tabs over a minute
//   5. throughput  GET /api/me/summary at 50 connections for 10 s (autocannon) vs a bare node:http server
//
// Options: --only a,b  --runs N  --cls-runs N  --rounds N  --no-write  --json FILE  (see docs/performance.md).
// Everything runs on loopback; every loop is bounded in count and time, and the whole run in time (WATCHDOG_MS).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM } from '../../scripts/chromium.mjs';
import { launchChromium } from './lib/browser.mjs';
import { ROOT } from './lib/static-server.mjs';
import { renderReport, throughputHeadline, throughputSection } from './report.mjs';
import { measureBytes } from './sections/bytes.mjs';
import { measureCls } from './sections/cls.mjs';
import { measurePaint } from './sections/paint.mjs';
import { measureRequests } from './sections/requests.mjs';
import { measureThroughput } from './sections/throughput.mjs';

const SECTIONS = ['bytes', 'paint', 'cls', 'requests', 'throughput'];
// A run took 424 s with five paint pages; the sixth (drop-in-in-page) adds about a minute, a loaded machine more.
const WATCHDOG_MS = 12 * 60_000;

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '9' },
    'cls-runs': { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
    json: { type: 'string' },
    out: { type: 'string', default: path.join(ROOT, 'docs', 'performance.md') },
  },
});

const count = (name, max) => {
  const n = Number(options[name]);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer from 1 to ${max}`);
  return n;
};
const runs = { paint: count('runs', 50), cls: count('cls-runs', 20), rounds: count('rounds', 10) };
const only = options.only ? options.only.split(',').map((s) => s.trim()) : SECTIONS;
for (const name of only)
  if (!SECTIONS.includes(name)) throw new Error(`unknown section ${name}; one of ${SECTIONS.join(', ')}`);

for (const file of [
  'dist/loket-header.js',
  'dist/loket-signed-in.js',
  'dist/loket-api.js',
  'dist/themes/lindegem.css',
]) {
  if (!existsSync(path.join(ROOT, file))) {
    console.error(`bench: ${file} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}

// The whole run measures one build: a snapshot of dist/ (other work on the machine may rebuild dist/ meanwhile).
const snapshot = mkdtempSync(path.join(os.tmpdir(), 'loket-bench-dist-'));
const distDir = path.join(snapshot, 'dist');
cpSync(path.join(ROOT, 'dist'), distDir, { recursive: true, preserveTimestamps: true });
process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }));

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

const log = (line) => console.log(line);
const started = Date.now();
const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

const results = {
  env: {
    date: new Date().toISOString().slice(0, 10),
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGiB: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    chromium: undefined,
    chromiumPath: CHROMIUM,
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain').split('\n').filter(Boolean).length,
    distBuilt:
      statSync(path.join(distDir, 'loket-header.js')).mtime.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    dropInSha256: createHash('sha256')
      .update(readFileSync(path.join(distDir, 'loket-header.js')))
      .digest('hex')
      .slice(0, 12),
    runs,
    loadBefore: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' / '),
  },
};

let failed = false;
async function section(name, fn) {
  if (!only.includes(name)) return;
  const t = Date.now();
  log(`bench: ${name}…`);
  try {
    results[name] = await fn();
    log(`bench: ${name} done in ${Math.round((Date.now() - t) / 1000)} s`);
  } catch (error) {
    failed = true;
    console.error(`bench: ${name} failed: ${error.stack ?? error}`);
  }
}

await section('bytes', async () => {
  const bytes = measureBytes(distDir);
  log(
    `  drop-in ${bytes.files.dropIn.gzip} B + largest theme (${bytes.largest.id}) ${bytes.largest.gzip} B = ${bytes.budget.used} B gzip of ${bytes.budget.limit} B`,
  );
  return bytes;
});

if (['paint', 'cls', 'requests'].some((name) => only.includes(name))) {
  const browser = await launchChromium();
  results.env.chromium = `Chromium ${browser.version()}`;
  try {
    await section('paint', () => measurePaint({ browser, runs: runs.paint, distDir, log }));
    await section('cls', () => measureCls({ browser, runs: runs.cls, distDir, log }));
    await section('requests', () => measureRequests({ browser, distDir, log }));
  } finally {
    await browser.close();
  }
} else {
  try {
    results.env.chromium = execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    results.env.chromium = 'not run';
  }
}

// Last, with the browser closed: the load test wants both cores.
await section('throughput', async () => {
  const loadBefore = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
  const result = await measureThroughput({ rounds: runs.rounds, log });
  return {
    ...result,
    loadBefore,
    loadAfter: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' / '),
  };
});

results.env.durationS = Math.round((Date.now() - started) / 1000);
results.env.loadAfter = os
  .loadavg()
  .map((n) => n.toFixed(2))
  .join(' / ');
const report = renderReport(results);
if (options.json) writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
const complete = !failed && SECTIONS.every((name) => results[name]);
// --only throughput: section 5 and its headline line are replaced in the report as it is (the rest stays)
const throughputOnly = !failed && only.length === 1 && results.throughput && existsSync(options.out);
if (!options['no-write'] && complete) {
  writeFileSync(options.out, report);
  log(`bench: wrote ${path.relative(process.cwd(), options.out)} (${results.env.durationS} s)`);
} else if (!options['no-write'] && throughputOnly) {
  const before = readFileSync(options.out, 'utf8');
  const start = before.indexOf('## 5. Profile API throughput');
  const end = before.indexOf('## Re-running');
  if (start < 0 || end < start) throw new Error(`${options.out}: no section 5 to replace`);
  const after =
    `${before.slice(0, start)}${throughputSection(results.throughput, results.env)}\n${before.slice(end)}`.replace(
      /^- \*\*Profile API\*\*:.*$/m,
      throughputHeadline(results.throughput),
    );
  writeFileSync(options.out, after);
  log(`bench: replaced section 5 of ${path.relative(process.cwd(), options.out)} (${results.env.durationS} s)`);
} else {
  if (!options['no-write'])
    log(
      `bench: ${failed ? 'a section failed' : 'not every section ran'}; ${path.relative(process.cwd(), options.out)} left as it was`,
    );
  log('');
  log(report);
}
clearTimeout(watchdog);
process.exit(failed ? 1 : 0);
