// DESIGN section 10: an anonymous page view downloads the drop-in script and one theme, <= 20 KB gzip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { demoAnonymousView } from '../bench/sections/bytes.mjs';

const BUDGET = 20 * 1024;
// What the drop-in and the largest theme weigh now, with a few bytes to spare: the hard budget above is the
// contract, this keeps what was won (issue 15's goal is 15,000 B). Raised from 20,000 B on purpose, by 181 B: a
// config given as "#id" (the page's own JSON script) and a theme the page links itself, which let a script at the
// spot paint within about 1.2x of a static header instead of about 2x (docs/performance.md).
const LOCKED_IN = 20_200;
const gzipBytes = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

test('drop-in script + the largest theme stay within 20 KB gzip', () => {
  assert.ok(existsSync('dist/loket-header.js'), 'dist/loket-header.js is missing: run `npm run build` first');
  const script = gzipBytes('dist/loket-header.js');
  // The header's theme files only: <id>.page.css and loket-pages.css style the service's own pages, not a site's view.
  const themes = readdirSync('dist/themes').filter(
    (f) => f.endsWith('.css') && !f.endsWith('.page.css') && f !== 'loket-pages.css',
  );
  assert.ok(themes.length >= 4, 'expected the built themes in dist/themes');
  const largest = Math.max(...themes.map((f) => gzipBytes(`dist/themes/${f}`)));
  const total = script + largest;
  console.log(`budget: script ${script} B + largest theme ${largest} B = ${total} B gzip of ${BUDGET} B`);
  assert.ok(
    total <= BUDGET,
    `drop-in (${script} B) + largest theme (${largest} B) = ${total} B gzip, over the ${BUDGET} B budget`,
  );
  assert.ok(
    total <= LOCKED_IN,
    `drop-in (${script} B) + largest theme (${largest} B) = ${total} B gzip: more than the ${LOCKED_IN} B it was brought down to; see docs/performance.md before raising it`,
  );
});

test('reports what an anonymous view of the demo downloads (not asserted beyond the budget above)', () => {
  const view = demoAnonymousView();
  assert.ok(
    view.files.includes('dist/loket-header.js') && view.files.includes('demo/site/loket.json'),
    `the view: ${view.files}`,
  );
  const parts = view.parts.map((p) => `${p.file} ${p.gzip} B`).join(' + ');
  console.log(
    `anonymous view of the demo (reported): ${parts} = ${view.gzip} B gzip (${view.raw} B raw); asserted budget: drop-in + theme <= ${BUDGET} B`,
  );
});
