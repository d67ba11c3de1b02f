// Each component reads only its own tokens, every token of its contract, with the default theme's value as
// fallback, so a page with no theme file looks exactly like the "loket" theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { buildThemes } from '../../themes/build.mjs';

const components = [
  { name: 'header', styles: 'src/components/header/loket-header.styles.ts' },
  { name: 'alert', styles: 'src/components/alert/loket-alert.styles.ts' },
  { name: 'profile-menu', styles: 'src/components/profile-menu/loket-profile-menu.styles.ts' },
  { name: 'notification-badge', styles: 'src/components/notification-badge/loket-notification-badge.styles.ts' },
  { name: 'help-menu', styles: 'src/components/help-menu/loket-help-menu.styles.ts' },
  { name: 'session-warning', styles: 'src/components/session-warning/loket-session-warning.styles.ts' },
];

// The formatter may spread a long fallback over several lines: compare values with their whitespace normalised.
const normalise = (value) =>
  value
    ?.replace(/\s+/g, ' ')
    .replace(/\s*,\s*/g, ',')
    .trim();

const { themes } = await buildThemes({ only: ['loket'], write: false });
const defaults = new Map(
  [...themes[0].css.matchAll(/^\s*(--loket-[a-z0-9-]+)\s*:\s*([^;]*);/gm)].map((m) => [m[1], m[2].trim()]),
);

for (const { name, styles } of components) {
  test(`<loket-${name}> reads exactly its token contract, with the default theme as fallbacks`, async () => {
    const source = await readFile(styles, 'utf8');
    const reads = [...source.matchAll(/var\(\s*(--loket-[a-z0-9-]+)(?:\s*,\s*([^;]+?))?\s*\);/g)].map((m) => ({
      token: m[1],
      fallback: normalise(m[2]),
    }));
    const prefix = `--loket-${name}-`;
    const foreign = reads.filter((r) => !r.token.startsWith(prefix)).map((r) => r.token);
    assert.deepEqual(foreign, [], `${styles} reads tokens of another component`);
    const contract = [...defaults.keys()].filter((t) => t.startsWith(prefix)).sort();
    assert.deepEqual([...new Set(reads.map((r) => r.token))].sort(), contract);
    for (const { token, fallback } of reads) {
      assert.equal(fallback, normalise(defaults.get(token)), `fallback of ${token} in ${styles}`);
    }
  });
}

test('every component token of the default theme is read by one of these components', () => {
  const prefixes = components.map(({ name }) => `--loket-${name}-`);
  const orphans = [...defaults.keys()].filter((t) => !prefixes.some((p) => t.startsWith(p)));
  assert.deepEqual(orphans, []);
});

// The citizen's pages: themes/pages/loket-pages.css reads the page tokens (--loket-page-*) and no other public
// token, every one of them, each with the default theme's value as its fallback (a page without <id>.page.css
// looks like the "loket" theme).
test('loket-pages.css reads exactly the page token contract, with the default theme as fallbacks', async () => {
  const source = await readFile('themes/pages/loket-pages.css', 'utf8');
  const pageDefaults = new Map(
    [...themes[0].pageCss.matchAll(/^\s*(--loket-[a-z0-9-]+)\s*:\s*([^;]*);/gm)].map((m) => [m[1], m[2].trim()]),
  );
  assert.ok(pageDefaults.size >= 30, `${pageDefaults.size} page tokens`);
  const reads = [...source.matchAll(/var\(\s*(--[a-z0-9_-]+)(?:\s*,\s*([^()]*?))?\s*\)/g)].map((m) => ({
    token: m[1],
    fallback: normalise(m[2]),
  }));
  const publicReads = reads.filter((r) => !r.token.startsWith('--_'));
  const foreign = publicReads.filter((r) => !r.token.startsWith('--loket-page-')).map((r) => r.token);
  assert.deepEqual(foreign, [], 'loket-pages.css reads tokens that are not page tokens');
  assert.deepEqual([...new Set(publicReads.map((r) => r.token))].sort(), [...pageDefaults.keys()].sort());
  for (const { token, fallback } of publicReads) {
    assert.equal(fallback, normalise(pageDefaults.get(token)), `fallback of ${token} in loket-pages.css`);
  }
  // private variables are defined from public tokens in the same file
  const privateDefined = new Set([...source.matchAll(/^\s*(--_[a-z0-9-]+)\s*:/gm)].map((m) => m[1]));
  for (const r of reads.filter((x) => x.token.startsWith('--_')))
    assert.ok(privateDefined.has(r.token), `${r.token} is not defined`);
});
