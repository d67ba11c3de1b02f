// Subresource Integrity (issue 6): `node scripts/sri.mjs` writes dist/sri.json with the sha384 of every file a
// site loads from dist/, and those hashes are the files' (computed here independently). Needs `npm run build`.
// The browser side (a script tag with `integrity`, an import map pinning the imported modules, a tampered file
// blocked) is checked in test/e2e/privacy.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkSri, computeSri, importMapFor } from '../../scripts/sri.mjs';

const run = promisify(execFile);
const DIST = 'dist';
const sha384 = (file) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;

function expectedFiles() {
  const themes = readdirSync(path.join(DIST, 'themes'))
    .filter((f) => f.endsWith('.css'))
    .map((f) => `themes/${f}`);
  return [
    'loket-alert.js',
    'loket-api.js',
    'loket-global-header.js',
    'loket-header.js',
    'loket-help.js',
    'loket-hydrate.js',
    'loket-oidc.js',
    'loket-signed-in.js',
    ...themes,
  ].sort();
}

test('node scripts/sri.mjs writes dist/sri.json: every file a site loads, with its sha384', async () => {
  assert.ok(existsSync(path.join(DIST, 'loket-header.js')), 'dist/ is missing: run `npm run build` first');
  const { stdout } = await run(process.execPath, ['scripts/sri.mjs']);
  assert.match(stdout, /wrote dist\/sri\.json/);
  const sri = JSON.parse(readFileSync(path.join(DIST, 'sri.json'), 'utf8'));
  assert.deepEqual(
    Object.keys(sri).sort(),
    expectedFiles(),
    'the scripts and every theme, nothing else (no maps, no theme JS)',
  );
  assert.ok(expectedFiles().filter((f) => f.startsWith('themes/')).length >= 4, 'the bundled themes');
  for (const [file, integrity] of Object.entries(sri)) {
    assert.match(integrity, /^sha384-[A-Za-z0-9+/]{64}$/, `${file}: sha384- and 48 bytes of base64`);
    assert.equal(integrity, sha384(path.join(DIST, file)), `${file}: the hash is the file's`);
  }
  assert.deepEqual(checkSri(DIST), []);
  await run(process.execPath, ['scripts/sri.mjs', '--check']); // exit code 0
});

test('--check and checkSri() name a file that changed after the hashes were written', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-sri-'));
  try {
    cpSync(DIST, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}esm`) });
    writeFileSync(path.join(dir, 'sri.json'), JSON.stringify(computeSri(dir)));
    assert.deepEqual(checkSri(dir), []);
    writeFileSync(
      path.join(dir, 'loket-signed-in.js'),
      `${readFileSync(path.join(dir, 'loket-signed-in.js'), 'utf8')}\n;globalThis.x=1`,
    );
    const problems = checkSri(dir);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^loket-signed-in\.js: sri\.json says sha384-/);
    rmSync(path.join(dir, 'sri.json'));
    assert.match(checkSri(dir)[0], /sri\.json is missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the import map pins the modules the drop-in and the signed-in module import, by absolute URL', () => {
  const sri = computeSri(DIST);
  const map = importMapFor('https://cdn.example/loket', sri);
  assert.deepEqual(map, {
    integrity: {
      'https://cdn.example/loket/loket-signed-in.js': sri['loket-signed-in.js'],
      'https://cdn.example/loket/loket-oidc.js': sri['loket-oidc.js'],
      'https://cdn.example/loket/loket-api.js': sri['loket-api.js'],
      'https://cdn.example/loket/loket-help.js': sri['loket-help.js'],
      'https://cdn.example/loket/loket-alert.js': sri['loket-alert.js'],
      'https://cdn.example/loket/loket-hydrate.js': sri['loket-hydrate.js'],
    },
  });
  // The drop-in builds those URLs with new URL('loket-signed-in.js', <its own folder>): no other spelling.
  const dropIn = readFileSync(path.join(DIST, 'loket-header.js'), 'utf8');
  assert.ok(
    dropIn.includes('loket-signed-in.js') &&
      dropIn.includes('loket-api.js') &&
      dropIn.includes('loket-help.js') &&
      dropIn.includes('loket-alert.js'),
  );
  // ...and the signed-in module imports oidc-client-ts's module relative to its own URL: the same absolute URL.
  const signedIn = readFileSync(path.join(DIST, 'loket-signed-in.js'), 'utf8');
  assert.ok(signedIn.includes('import("./loket-oidc.js")'), 'the signed-in module imports ./loket-oidc.js');
});
