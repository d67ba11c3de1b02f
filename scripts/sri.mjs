// Subresource Integrity for the files a site loads from dist/: the drop-ins (`loket-header.js`, and
// `loket-global-header.js` for sites moving from the Flemish widget), the modules they
// import beside themselves (`loket-signed-in.js` and its `loket-oidc.js`, `loket-api.js`, `loket-help.js`,
// `loket-alert.js`, `loket-hydrate.js`) and the
// bundled themes (`themes/*.css`).
// Writes `dist/sri.json` ({ "loket-header.js": "sha384-…", "themes/lindegem.css": "sha384-…", … }), sorted by
// file. Run it after the build, as the last build step:
//
//   node scripts/sri.mjs                      # writes dist/sri.json and prints it
//   node scripts/sri.mjs --check              # exits 1 when dist/sri.json does not match the files (e.g. a deploy)
//   node scripts/sri.mjs --importmap https://cdn.example/loket/
//                                             # prints the <script type="importmap"> that pins the modules the
//                                             # drop-in loads with import() (see docs/privacy.md, "Security")
//
// Node 20, no dependencies.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');

/** The files a site loads directly (script tag) or that the drop-in loads next to itself (import()). */
export const SCRIPT_FILES = Object.freeze([
  'loket-header.js',
  'loket-global-header.js',
  'loket-signed-in.js',
  'loket-oidc.js',
  'loket-api.js',
  'loket-help.js',
  'loket-alert.js',
  'loket-hydrate.js',
]);

/** The modules the drop-in loads with import(): an importmap `integrity` entry can pin them. */
export const IMPORTED_MODULES = Object.freeze([
  'loket-signed-in.js',
  'loket-oidc.js',
  'loket-api.js',
  'loket-help.js',
  'loket-alert.js',
  'loket-hydrate.js',
]);

/** `sha384-<base64>` of some bytes: the form of the `integrity` attribute (W3C SRI). */
export function integrityOf(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** The files of `dist/` that get a hash, relative to it with forward slashes: the scripts, then themes/*.css. */
export function sriFiles(dist = DIST) {
  const missing = SCRIPT_FILES.filter((file) => !existsSync(path.join(dist, file)));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing in ${dist}: run \`npm run build\` first`);
  const themesDir = path.join(dist, 'themes');
  const themes = existsSync(themesDir)
    ? readdirSync(themesDir)
        .filter((file) => file.endsWith('.css'))
        .sort()
    : [];
  if (themes.length === 0) throw new Error(`no themes/*.css in ${dist}: run \`npm run build\` first`);
  return [...SCRIPT_FILES, ...themes.map((file) => `themes/${file}`)];
}

/** { file: integrity } for every file of `sriFiles()`, read now. */
export function computeSri(dist = DIST) {
  return Object.fromEntries(sriFiles(dist).map((file) => [file, integrityOf(readFileSync(path.join(dist, file)))]));
}

/** Writes `dist/sri.json` and returns what it wrote. */
export function writeSri(dist = DIST) {
  const sri = computeSri(dist);
  writeFileSync(path.join(dist, 'sri.json'), `${JSON.stringify(sri, null, 2)}\n`);
  return sri;
}

/** The differences between `dist/sri.json` and the files: [] when they match. */
export function checkSri(dist = DIST) {
  const file = path.join(dist, 'sri.json');
  if (!existsSync(file)) return ['dist/sri.json is missing: run `node scripts/sri.mjs`'];
  const stored = JSON.parse(readFileSync(file, 'utf8'));
  const actual = computeSri(dist);
  const problems = [];
  for (const [name, integrity] of Object.entries(actual)) {
    if (!(name in stored)) problems.push(`${name}: not in sri.json`);
    else if (stored[name] !== integrity)
      problems.push(`${name}: sri.json says ${stored[name]}, the file is ${integrity}`);
  }
  for (const name of Object.keys(stored))
    if (!(name in actual)) problems.push(`${name}: in sri.json, but not a file of dist/`);
  return problems;
}

/**
 * The import map that makes Chromium 127+ (and every browser with import-map integrity) check the modules
 * the drop-in imports. `base` is the absolute URL of the folder that serves dist/ (the drop-in imports them by
 * absolute URL, so the keys must be absolute too).
 */
export function importMapFor(base, sri = computeSri()) {
  const folder = new URL(base.endsWith('/') ? base : `${base}/`);
  return { integrity: Object.fromEntries(IMPORTED_MODULES.map((file) => [new URL(file, folder).href, sri[file]])) };
}

function main(args) {
  if (args.includes('--help')) {
    console.log('usage: node scripts/sri.mjs [--check | --importmap <absolute URL of the dist/ folder>]');
    return 0;
  }
  if (args.includes('--check')) {
    const problems = checkSri();
    if (problems.length > 0) {
      console.error(`sri: dist/sri.json does not match dist/:\n${problems.map((p) => `- ${p}`).join('\n')}`);
      return 1;
    }
    console.log('sri: dist/sri.json matches dist/');
    return 0;
  }
  const at = args.indexOf('--importmap');
  if (at !== -1) {
    const base = args[at + 1];
    if (!base || !/^https?:\/\//.test(base)) {
      console.error('sri: --importmap needs the absolute http(s) URL of the folder that serves dist/');
      return 1;
    }
    const map = JSON.stringify(importMapFor(base));
    const hash = createHash('sha256').update(map).digest('base64');
    console.log(`<script type="importmap">${map}</script>`);
    console.log(`\nFor a CSP without 'unsafe-inline', add to script-src: 'sha256-${hash}'`);
    return 0;
  }
  const sri = writeSri();
  console.log(`sri: wrote dist/sri.json (${Object.keys(sri).length} files)`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`sri: ${error.message}`);
    process.exitCode = 1;
  }
}
