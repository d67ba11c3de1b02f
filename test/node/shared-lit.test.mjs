// The modules the drop-in loads beside itself use the drop-in's Lit (src/internal/shared-lit.ts and
// vite.config.ts's sharedLit()): one copy of Lit per page, not one per file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const LAZY_MODULES = ['loket-signed-in.js', 'loket-help.js', 'loket-alert.js', 'loket-hydrate.js'];
// Each copy of Lit's core registers its version in these globals: a bundle that carries the core names them.
const LIT_CORE_MARKERS = ['litHtmlVersions', 'reactiveElementVersions', 'litElementVersions'];
const read = (file) => {
  assert.ok(existsSync(`dist/${file}`), `dist/${file} is missing: run \`npm run build\` first`);
  return readFileSync(`dist/${file}`, 'utf8');
};

test('the drop-ins carry Lit and hand it on under their version', () => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  for (const file of ['loket-header.js', 'loket-global-header.js']) {
    const code = read(file);
    for (const marker of LIT_CORE_MARKERS) assert.ok(code.includes(marker), `${file} carries Lit (${marker})`);
    assert.ok(code.includes(`loket.lit@${version}`), `${file} shares it as loket.lit@${version}`);
  }
});

for (const file of LAZY_MODULES) {
  test(`${file} carries no copy of Lit and reads the drop-in's`, () => {
    const code = read(file);
    for (const marker of LIT_CORE_MARKERS) assert.ok(!code.includes(marker), `${file} has no Lit core (${marker})`);
    assert.match(code, /globalThis\[Symbol\.for\("loket\.lit@/);
  });

  test(`${file} without its drop-in fails with a message that says so`, async () => {
    await assert.rejects(
      import(`../../dist/${file}`),
      /loket: this module loads from loket-header\.js \(the drop-in\) of version /,
    );
  });
}
