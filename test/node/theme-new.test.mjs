// `npm run theme:new <id>` (scripts/theme-new.mjs), run against a temporary themes folder.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildThemes } from '../../themes/build.mjs';
import { TEMPLATE } from '../../scripts/theme-new.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'theme-new.mjs');
const run = promisify(execFile);

/** Runs the script; resolves { code, stdout, stderr } whatever the exit code. */
async function themeNew(args) {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

/** [path, token] for every token (an object with $value) in a DTCG tree. */
function tokensOf(tree, prefix = []) {
  const out = [];
  for (const [key, value] of Object.entries(tree)) {
    if (key.startsWith('$') || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    if ('$value' in value) out.push([[...prefix, key].join('.'), value]);
    else out.push(...tokensOf(value, [...prefix, key]));
  }
  return out;
}

describe('scripts/theme-new.mjs', () => {
  let dir;
  let out;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loket-theme-new-'));
    out = await mkdtemp(path.join(tmpdir(), 'loket-theme-new-out-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  test('creates brand.json and theme.json, prints the next steps; the theme builds and passes contrast', async () => {
    const result = await themeNew(['sint-maarten', '--name', 'Gemeente Sint-Maarten', '--themes-dir', dir]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.deepEqual((await readdir(path.join(dir, 'sint-maarten'))).sort(), ['brand.json', 'theme.json']);
    const meta = JSON.parse(await readFile(path.join(dir, 'sint-maarten', 'theme.json'), 'utf8'));
    assert.deepEqual(meta, { id: 'sint-maarten', name: 'Gemeente Sint-Maarten' });
    assert.match(
      result.stdout,
      /^Created theme "sint-maarten" \(Gemeente Sint-Maarten\) .*all \d+ contrast pairs pass\./,
    );
    assert.match(result.stdout, /Next steps:/);
    assert.match(result.stdout, /brand\.json/);
    assert.match(result.stdout, /npm start/);
    assert.match(result.stdout, /\/preview\/\?theme=sint-maarten/);
    assert.match(result.stdout, /docs\/theming\.md/);

    const { themes, index } = await buildThemes({ themesDir: dir, outDir: out });
    assert.deepEqual(index, [
      { id: 'loket', name: 'Loket' },
      { id: 'sint-maarten', name: 'Gemeente Sint-Maarten' },
    ]);
    const theme = themes.find((t) => t.id === 'sint-maarten');
    assert.ok(theme.contrast.length >= 40);
    assert.ok(theme.contrast.every((p) => p.pass));
    const css = await readFile(path.join(out, 'sint-maarten.css'), 'utf8');
    assert.match(css, /^:root, :host, \.loket-theme-sint-maarten \{$/m);
  });

  test('every token of the new brand.json says in plain words what it changes', async () => {
    const brand = JSON.parse(await readFile(path.join(dir, 'sint-maarten', 'brand.json'), 'utf8'));
    assert.match(brand.brand.$description, /Gemeente Sint-Maarten/);
    assert.match(brand.brand.$description, /\/preview\/\?theme=sint-maarten/);
    const tokens = tokensOf(brand);
    assert.ok(tokens.length >= 25);
    for (const [p, token] of tokens) {
      assert.ok(token.$type, `${p}: $type`);
      assert.ok(typeof token.$description === 'string' && token.$description.length >= 30, `${p}: $description`);
      assert.doesNotMatch(token.$description, /\{(brand|semantic)\./, `${p}: plain words, no token references`);
    }
  });

  test('the new brand.json holds every base brand token, with its type, default value and description', async () => {
    assert.equal(TEMPLATE, path.join(ROOT, 'themes', 'tokens', 'brand.json'));
    const base = new Map(tokensOf(JSON.parse(await readFile(TEMPLATE, 'utf8'))));
    const created = new Map(tokensOf(JSON.parse(await readFile(path.join(dir, 'sint-maarten', 'brand.json'), 'utf8'))));
    assert.deepEqual([...created.keys()].sort(), [...base.keys()].sort());
    for (const [p, token] of base) assert.deepEqual(created.get(p), token, p);
  });

  test('a display name defaults to the id in words', async () => {
    const result = await themeNew(['oud-heverlee-2', '--themes-dir', dir]);
    assert.equal(result.code, 0, result.stderr);
    const meta = JSON.parse(await readFile(path.join(dir, 'oud-heverlee-2', 'theme.json'), 'utf8'));
    assert.deepEqual(meta, { id: 'oud-heverlee-2', name: 'Oud Heverlee 2' });
  });

  test('refuses invalid, reserved and existing ids, and writes nothing', async () => {
    const existing = (await readdir(dir)).sort();
    const cases = [
      [['Havenstad'], /not a valid theme id/],
      [['sint maarten'], /not a valid theme id/],
      [['sint_maarten'], /not a valid theme id/],
      [['2stad'], /not a valid theme id/],
      [['-stad'], /unknown option/],
      [['stad-'], /not a valid theme id/],
      [['../stad'], /not a valid theme id/],
      [['loket'], /reserved/],
      [['tokens'], /reserved/],
      [['sint-maarten'], /already exists/],
      [[], /give the theme id/],
      [['a', 'b'], /one theme id at a time/],
      [['stad', '--colour', 'red'], /unknown option --colour/],
    ];
    for (const [args, message] of cases) {
      const result = await themeNew([...args, '--themes-dir', dir]);
      assert.equal(result.code, 1, `${args.join(' ')}: exit code`);
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, /^theme:new: /, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
    }
    assert.deepEqual((await readdir(dir)).sort(), existing);
  });
});
