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

const { themes } = await buildThemes({ only: ['loket'], write: false });
const defaults = new Map(
  [...themes[0].css.matchAll(/^\s*(--loket-[a-z0-9-]+)\s*:\s*([^;]*);/gm)].map((m) => [m[1], m[2].trim()]),
);

for (const { name, styles } of components) {
  test(`<loket-${name}> reads exactly its token contract, with the default theme as fallbacks`, async () => {
    const source = await readFile(styles, 'utf8');
    const reads = [...source.matchAll(/var\((--loket-[a-z0-9-]+)(?:,\s*([^;]+?))?\);/g)].map((m) => ({
      token: m[1],
      fallback: m[2],
    }));
    const prefix = `--loket-${name}-`;
    const foreign = reads.filter((r) => !r.token.startsWith(prefix)).map((r) => r.token);
    assert.deepEqual(foreign, [], `${styles} reads tokens of another component`);
    const contract = [...defaults.keys()].filter((t) => t.startsWith(prefix)).sort();
    assert.deepEqual([...new Set(reads.map((r) => r.token))].sort(), contract);
    for (const { token, fallback } of reads) {
      assert.equal(fallback, defaults.get(token), `fallback of ${token} in ${styles}`);
    }
  });
}

test('every component token of the default theme is read by one of these components', () => {
  const prefixes = components.map(({ name }) => `--loket-${name}-`);
  const orphans = [...defaults.keys()].filter((t) => !prefixes.some((p) => t.startsWith(p)));
  assert.deepEqual(orphans, []);
});
