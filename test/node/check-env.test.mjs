// The fresh-machine check (scripts/check-env.mjs): with LOKET_CHROMIUM at something that is not a browser, it stops
// at once with one message naming the variable and the problem, before any test starts; at a real binary it passes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/check-env.mjs', import.meta.url));
const run = (chromium, ...args) =>
  spawnSync(process.execPath, [script, '--chromium', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOKET_CHROMIUM: chromium },
    timeout: 30_000, // "at once": no install (minutes), even under the load of the other test jobs
  });

test('LOKET_CHROMIUM at a missing path: exit 1 at once, one message naming it, nothing installed', () => {
  const result = run('/nonexistent/chrome');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /LOKET_CHROMIUM=\/nonexistent\/chrome, but nothing is there/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.doesNotMatch(result.stdout, /Installing/);
});

test('LOKET_CHROMIUM at a folder or a file that cannot run: said so', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-check-env-'));
  assert.match(run(dir).stderr, /is not a file/);
  const file = path.join(dir, 'chrome');
  writeFileSync(file, '', { mode: 0o644 });
  assert.match(run(file).stderr, /not executable/);
});

test('LOKET_CHROMIUM at an executable: passes', () => {
  const result = run(process.execPath);
  assert.equal(result.status, 0, result.stderr);
});

test('the web-test-runner config stops with the same message (one error, not one per test file)', async () => {
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', "await import('./web-test-runner.config.mjs')"],
    {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, LOKET_CHROMIUM: '/nonexistent/chrome' },
      // loading the config's imports took over 10 s once under the load of the other test jobs
      timeout: 60_000,
    },
  );
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /LOKET_CHROMIUM=\/nonexistent\/chrome, but nothing is there/);
});
