#!/usr/bin/env node
// Runs first in `npm test`: is this machine able to run the suite? Stops at once, with the one thing to do, when
//  - Node.js is older than package.json "engines" says (vite 8 and rolldown need ^20.19 || >=22.12);
//  - no Chromium is at the configured path (LOKET_CHROMIUM, else /usr/bin/chromium). Running as root with
//    apt-get at hand, it installs Debian's `chromium` package itself, and says so; otherwise it prints the command.
// `node scripts/check-env.mjs --node` checks Node.js only; `--chromium` checks Chromium only (test:unit, test:e2e).

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, chromiumProblem } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Does `version` ("20.19.1") satisfy a range made of `||`-separated `>=a.b.c`, `^a.b.c` and `a.x` terms? */
export function satisfies(version, range) {
  const parse = (v) =>
    v
      .replace(/^v/, '')
      .split('.')
      .map((n) => (n === 'x' || n === undefined ? 0 : Number(n)));
  const cmp = (a, b) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const v = parse(version);
  return range.split('||').some((term) => {
    const t = term.trim().replace(/\s+/g, '');
    if (t.startsWith('>=')) return cmp(v, parse(t.slice(2))) >= 0;
    if (t.startsWith('^')) {
      const min = parse(t.slice(1));
      return v[0] === min[0] && cmp(v, min) >= 0;
    }
    const exact = /^(\d+)\.x$/.exec(t);
    if (exact) return v[0] === Number(exact[1]);
    throw new Error(`check-env: cannot read the engines range "${range}"`);
  });
}

function checkNode() {
  const range = pkg.engines?.node;
  if (satisfies(process.versions.node, range)) return;
  console.error(
    `check-env: Node.js ${process.versions.node} is too old for Loket; package.json engines needs ${range}` +
      ' (vite 8 and rolldown declare ^20.19.0 || >=22.12.0). Install Node.js 22 LTS (or 20.19 and later) and run npm test again.',
  );
  process.exit(1);
}

/** Packages in node_modules that declare an engines range this Node.js does not satisfy: a warning, not a stop. */
function warnAboutDependencies() {
  const names = [];
  const dir = path.join(root, 'node_modules');
  for (const entry of readdirSync(dir)) {
    const folders = entry.startsWith('@') ? readdirSync(path.join(dir, entry)).map((e) => `${entry}/${e}`) : [entry];
    for (const name of folders) {
      try {
        const range = JSON.parse(readFileSync(path.join(dir, name, 'package.json'), 'utf8')).engines?.node;
        if (range && !satisfies(process.versions.node, range)) names.push(`${name} (${range})`);
      } catch {
        // not a package, or a range this reader does not know: not our floor
      }
    }
  }
  if (names.length > 0) {
    console.warn(
      `check-env: on Node.js ${process.versions.node}, these dependencies declare a higher engine: ${names.join(', ')}.` +
        ' They run here (the build and the suite pass on Node.js 20.20), but only Node.js 22.13 and later meets every one.',
    );
  }
}

function checkChromium() {
  const problem = chromiumProblem();
  if (!problem) return;
  if (process.env.LOKET_CHROMIUM) {
    console.error(
      `check-env: LOKET_CHROMIUM=${process.env.LOKET_CHROMIUM}, but ${problem}. Point it at a Chromium or Chrome binary` +
        ' (on a Mac: LOKET_CHROMIUM="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" npm test).',
    );
    process.exit(1);
  }
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (process.getuid?.() === 0 && hasApt) {
    console.log(
      `check-env: no Chromium at ${CHROMIUM} (${problem}); the browser tests need one. Installing Debian's chromium` +
        ' package: apt-get update && apt-get install -y --no-install-recommends chromium',
    );
    try {
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (error) {
      console.error(
        `check-env: installing chromium failed (${error.message.split('\n')[0]}). Fix what apt-get said above and run` +
          ' `apt-get install chromium`, or set LOKET_CHROMIUM to a Chromium or Chrome binary.',
      );
      process.exit(1);
    }
    if (!chromiumProblem()) return;
    console.error(`check-env: apt-get installed chromium, but ${CHROMIUM} is still missing.`);
    process.exit(1);
  }
  const command = hasApt ? 'sudo apt-get install chromium' : 'LOKET_CHROMIUM=/path/to/chromium-or-chrome npm test';
  console.error(
    `check-env: no Chromium at ${CHROMIUM} (${problem}); the component and end-to-end tests run in it. Run:\n\n` +
      `    ${command}\n\n` +
      (hasApt
        ? 'or point LOKET_CHROMIUM at a Chromium or Chrome binary (LOKET_CHROMIUM=/path/to/chrome npm test).'
        : 'LOKET_CHROMIUM points the tests at a Chromium or Chrome binary, e.g. on a Mac' +
          ' "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome".'),
  );
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--chromium')) {
    checkNode();
    warnAboutDependencies();
  }
  if (!process.argv.includes('--node')) checkChromium();
}
