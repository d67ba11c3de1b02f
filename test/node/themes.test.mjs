// Theme pipeline: themes/build.mjs (design tokens -> CSS custom properties, contrast-checked).
// Run: node --test test/node/themes.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Color from 'colorjs.io';
import { buildThemes, ThemeBuildError } from '../../themes/build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const THEMES = path.join(ROOT, 'themes');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'themes');
const BUILD = path.join(THEMES, 'build.mjs');
const run = promisify(execFile);

const THEME_IDS = ['loket', 'havenstad', 'kasteelberg', 'lindegem'];
const MUNICIPALITIES = ['havenstad', 'kasteelberg', 'lindegem'];

// The token contract read by the component CSS (DESIGN.md section 9). Must match exactly.
const HEADER_VARS = [
  'background-color',
  'text-color',
  'border-color',
  'height',
  'font-family',
  'font-size',
  'padding-inline',
  'gap',
  'logo-height',
  'brand-text-color',
  'brand-font-weight',
  'umbrella-text-color',
  'link-text-color',
  'link-hover-text-color',
  'link-hover-background-color',
  'link-current-text-color',
  'focus-outline-color',
  'button-background-color',
  'button-text-color',
  'button-hover-background-color',
  'button-hover-text-color',
  'button-border-radius',
  'menu-background-color',
  'menu-text-color',
  'menu-border-color',
].map((n) => `--loket-header-${n}`);
const ALERT_VARS = [
  ...['font-family', 'font-size', 'padding-block', 'padding-inline', 'focus-outline-color'],
  ...['info', 'success', 'warning', 'error'].flatMap((v) =>
    ['background-color', 'text-color', 'border-color'].map((p) => `${v}-${p}`),
  ),
].map((n) => `--loket-alert-${n}`);
const PROFILE_MENU_VARS = [
  'font-family',
  'trigger-text-color',
  'trigger-hover-background-color',
  'trigger-border-radius',
  'avatar-background-color',
  'avatar-text-color',
  'panel-background-color',
  'panel-text-color',
  'panel-border-color',
  'muted-text-color',
  'link-text-color',
  'item-hover-background-color',
  'unread-indicator-color',
  'focus-outline-color',
].map((n) => `--loket-profile-menu-${n}`);
const BADGE_VARS = ['background-color', 'text-color', 'border-color', 'font-family'].map(
  (n) => `--loket-notification-badge-${n}`,
);
const HELP_MENU_VARS = [
  'font-family',
  'trigger-text-color',
  'trigger-hover-background-color',
  'trigger-border-radius',
  'panel-background-color',
  'panel-text-color',
  'panel-border-color',
  'muted-text-color',
  'link-text-color',
  'link-hover-background-color',
  'focus-outline-color',
].map((n) => `--loket-help-menu-${n}`);
const SESSION_WARNING_VARS = [
  'background-color',
  'text-color',
  'border-color',
  'border-radius',
  'button-background-color',
  'button-text-color',
  'button-hover-background-color',
  'secondary-button-text-color',
  'error-text-color',
  'focus-outline-color',
].map((n) => `--loket-session-warning-${n}`);
const CONTRACT = [
  ...HEADER_VARS,
  ...ALERT_VARS,
  ...PROFILE_MENU_VARS,
  ...BADGE_VARS,
  ...HELP_MENU_VARS,
  ...SESSION_WARNING_VARS,
].sort();
const COMPONENT_FILES = [
  'header.json',
  'alert.json',
  'profile-menu.json',
  'notification-badge.json',
  'help-menu.json',
  'session-warning.json',
  'page.json',
];

/** Declarations of a generated theme CSS file, in order: [name, value]. */
function declarations(css) {
  return [...css.matchAll(/^\s*(--[a-z0-9-]+)\s*:\s*([^;]*);/gm)].map((m) => [m[1], m[2].trim()]);
}

const floor2 = (n) => Math.floor(n * 100 + 1e-9) / 100;

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected buildThemes to reject');
}

describe('themes/build.mjs: real themes', () => {
  let out;
  let result;
  const css = {};

  before(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'loket-themes-'));
    result = await buildThemes({ outDir: out });
    for (const id of THEME_IDS) css[id] = await readFile(path.join(out, `${id}.css`), 'utf8');
  });
  after(() => rm(out, { recursive: true, force: true }));

  test('builds loket and the three demo municipalities, and writes every output', async () => {
    assert.deepEqual(result.themes.map((t) => t.id).sort(), [...THEME_IDS].sort());
    const files = await readdir(out);
    for (const id of THEME_IDS) {
      for (const suffix of ['.css', '.js', '.contrast.json']) {
        assert.ok(files.includes(`${id}${suffix}`), `missing ${id}${suffix}`);
      }
    }
    const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8'));
    assert.deepEqual(index.map((t) => t.id).sort(), [...THEME_IDS].sort());
    for (const entry of index) {
      assert.deepEqual(Object.keys(entry).sort(), ['id', 'name']);
      assert.ok(entry.name.length > 0);
    }
    assert.equal(index.find((t) => t.id === 'havenstad').name, 'Stad Havenstad');
  });

  test('every CSS declares exactly the component token contract, resolved, in the scoped rule', () => {
    for (const id of THEME_IDS) {
      const decls = declarations(css[id]);
      const names = decls.map(([n]) => n);
      assert.equal(new Set(names).size, names.length, `${id}: duplicate declarations`);
      assert.deepEqual([...names].sort(), CONTRACT, `${id}: variables differ from the contract`);
      for (const [name, value] of decls) {
        assert.ok(value.length > 0, `${id}: ${name} is empty`);
        assert.doesNotMatch(value, /[{}]|var\(/, `${id}: ${name} is not resolved: ${value}`);
      }
      // The rule is the whole file: no comment (the budget of an anonymous page view counts every byte).
      assert.match(css[id], new RegExp(`^:root, :host, \\.loket-theme-${id} \\{\\n`), `${id}: selector first`);
      assert.equal(css[id].match(/\{/g).length, 1, `${id}: one rule only`);
    }
  });

  test('the JS module exports the same CSS text and the theme id', async () => {
    for (const id of THEME_IDS) {
      const mod = await import(pathToFileURL(path.join(out, `${id}.js`)).href);
      assert.equal(mod.default, css[id]);
      assert.equal(mod.id, id);
    }
  });

  test('values come from the tokens (header height, fonts, pill buttons)', () => {
    const vars = Object.fromEntries(result.themes.map((t) => [t.id, t.variables]));
    assert.equal(vars.loket['--loket-header-height'], '64px');
    assert.match(vars.loket['--loket-header-font-family'], /^system-ui, /);
    assert.match(vars.lindegem['--loket-header-font-family'], /serif$/);
    assert.equal(vars.kasteelberg['--loket-header-button-border-radius'], '999px');
  });

  test('each municipality differs from loket in its header and button colours', () => {
    const vars = Object.fromEntries(result.themes.map((t) => [t.id, t.variables]));
    const same = (a, b) => new Color(a).equals(new Color(b));
    for (const id of MUNICIPALITIES) {
      for (const name of ['--loket-header-button-background-color', '--loket-header-button-hover-background-color']) {
        assert.ok(!same(vars[id][name], vars.loket[name]), `${id}: ${name} equals loket's`);
      }
    }
    // dark header bars
    for (const id of ['havenstad', 'kasteelberg']) {
      const bg = '--loket-header-background-color';
      assert.ok(!same(vars[id][bg], vars.loket[bg]), `${id}: header background equals loket's`);
      assert.ok(new Color(vars[id][bg]).luminance < 0.05, `${id}: header bar should be dark`);
      assert.ok(new Color(vars[id]['--loket-header-text-color']).luminance > 0.9, `${id}: header text should be light`);
    }
    // lindegem: white header, green brand
    assert.ok(new Color(vars.lindegem['--loket-header-brand-text-color']).to('hsl').coords[0] > 90);
    assert.ok(new Color(vars.lindegem['--loket-header-brand-text-color']).to('hsl').coords[0] < 170);
    // havenstad: yellow button, dark text
    assert.ok(new Color(vars.havenstad['--loket-header-button-background-color']).luminance > 0.6);
    assert.ok(new Color(vars.havenstad['--loket-header-button-text-color']).luminance < 0.05);
  });

  test('every contrast pair passes in every theme (and the report is right)', async () => {
    const { pairs } = JSON.parse(await readFile(path.join(THEMES, 'contrast-pairs.json'), 'utf8'));
    assert.ok(pairs.length >= 40);
    for (const id of THEME_IDS) {
      const report = JSON.parse(await readFile(path.join(out, `${id}.contrast.json`), 'utf8'));
      assert.equal(report.theme, id);
      assert.equal(report.failures, 0);
      assert.equal(report.pairs.length, pairs.length);
      const vars = result.themes.find((t) => t.id === id).variables;
      for (const p of report.pairs) {
        assert.equal(p.foreground.value, vars[p.foreground.name]);
        assert.equal(p.background.value, vars[p.background.name]);
        const ratio = Color.contrast(p.foreground.value, p.background.value, 'WCAG21');
        assert.equal(p.ratio, floor2(ratio));
        assert.ok(ratio >= p.minimum, `${id}: ${p.usage} ${p.ratio} < ${p.minimum}`);
        assert.equal(p.pass, true);
        assert.ok([3, 4.5].includes(p.minimum));
        if (p.alternatives) {
          // the best of the alternatives is reported
          assert.equal(p.ratio, Math.max(...p.alternatives.map((a) => a.ratio)));
          assert.ok(p.alternatives.some((a) => a.name === p.foreground.name));
        }
      }
    }
  });

  test("the narrow menu panel of a dark header bar is dark too (its links are the bar's light links)", () => {
    for (const id of ['havenstad', 'kasteelberg']) {
      const vars = result.themes.find((t) => t.id === id).variables;
      assert.equal(vars['--loket-header-menu-background-color'], vars['--loket-header-background-color'], id);
      assert.ok(
        Color.contrast(
          vars['--loket-header-link-text-color'],
          vars['--loket-header-menu-background-color'],
          'WCAG21',
        ) >= 4.5,
      );
    }
  });
});

describe('themes/contrast-pairs.json: coverage', () => {
  test('every colour token of the contract is in a pair, or listed as decorative with a reason', async () => {
    const file = JSON.parse(await readFile(path.join(THEMES, 'contrast-pairs.json'), 'utf8'));
    const { themes } = await buildThemes({ only: ['loket'], write: false });
    const colourTokens = new Set();
    for (const f of COMPONENT_FILES) {
      const walk = (node, p) => {
        for (const [k, v] of Object.entries(node)) {
          if (k.startsWith('$') || typeof v !== 'object') continue;
          if ('$value' in v) {
            if (v.$type === 'color') colourTokens.add(`${p}.${k}`);
          } else walk(v, `${p}.${k}`);
        }
      };
      walk(JSON.parse(await readFile(path.join(THEMES, 'tokens', 'components', f), 'utf8')), '');
    }
    const tokens = [...colourTokens].map((t) => t.slice(1));
    assert.ok(tokens.length > 40 && themes.length === 1);
    const inPairs = new Set(file.pairs.flatMap((p) => [p.foreground, p.background].flat()));
    const decorative = file.decorative ?? {};
    for (const [token, reason] of Object.entries(decorative)) {
      assert.ok(tokens.includes(token), `decorative ${token} is not a colour token of the contract`);
      assert.ok(typeof reason === 'string' && reason.length > 10, `decorative ${token} needs a reason`);
      assert.ok(!inPairs.has(token), `${token} is both checked and listed as decorative`);
    }
    const unchecked = tokens.filter((t) => !inPairs.has(t) && !(t in decorative));
    assert.deepEqual(
      unchecked,
      [],
      'colour tokens that no contrast pair checks (add a pair, or list them as decorative)',
    );
    // every component is covered
    for (const component of [
      'header',
      'alert',
      'profile-menu',
      'notification-badge',
      'help-menu',
      'session-warning',
      'page',
    ]) {
      assert.ok(
        file.pairs.some((p) => [p.foreground].flat().some((t) => t.startsWith(`loket.${component}.`))),
        component,
      );
    }
  });
});

describe('themes/build.mjs: token files', () => {
  test('every base token has $value, $type and $description', async () => {
    const files = ['brand.json', 'semantic.json', ...COMPONENT_FILES.map((f) => `components/${f}`)];
    let count = 0;
    const walk = (node, p) => {
      for (const [k, v] of Object.entries(node)) {
        if (k.startsWith('$') || typeof v !== 'object') continue;
        if ('$value' in v) {
          count++;
          assert.ok(v.$type, `${p}.${k}: $type`);
          assert.ok(typeof v.$description === 'string' && v.$description.length > 5, `${p}.${k}: $description`);
        } else walk(v, `${p}.${k}`);
      }
    };
    for (const f of files) walk(JSON.parse(await readFile(path.join(THEMES, 'tokens', f), 'utf8')), f);
    assert.ok(count > 100);
  });

  test('component tokens refer only to semantic tokens', async () => {
    assert.deepEqual((await readdir(path.join(THEMES, 'tokens', 'components'))).sort(), [...COMPONENT_FILES].sort());
    for (const f of COMPONENT_FILES) {
      const text = await readFile(path.join(THEMES, 'tokens', 'components', f), 'utf8');
      const values = [...text.matchAll(/"\$value":\s*("[^"]*"|[^,}\s]+)/g)].map((m) => m[1]);
      assert.ok(values.length > 0);
      for (const v of values) assert.match(v, /^"\{semantic\.[a-z0-9.-]+\}"$/, `${f}: ${v}`);
    }
  });
});

describe('themes/build.mjs: failures', () => {
  let out;
  before(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'loket-themes-bad-'));
  });
  after(() => rm(out, { recursive: true, force: true }));

  test('a theme below the WCAG minimum rejects with theme, both variables, both values, ratio and minimum', async () => {
    const err = await rejection(
      buildThemes({ outDir: out, extraThemesDirs: [FIXTURES], only: ['loket', 'bad-contrast'] }),
    );
    assert.ok(err instanceof ThemeBuildError);
    assert.equal(err.code, 'contrast');
    const ratio = floor2(Color.contrast('#8a8a8a', '#ffffff', 'WCAG21')).toFixed(2);
    assert.equal(ratio, '3.45');
    assert.ok(
      err.message.includes(
        `theme "bad-contrast": --loket-header-link-text-color (#8a8a8a) on --loket-header-background-color (#ffffff) ` +
          `has contrast ${ratio}:1, below the WCAG minimum 4.5:1 (header: links on the bar, and the "Menu" button's label and icon)`,
      ),
      err.message,
    );
    // ... and ends with where the two colours come from: what the designer edits
    assert.match(
      err.message,
      /\(header: links on the bar, and the "Menu" button's label and icon\); colours from brand\.color\.primary in test\/fixtures\/themes\/bad-contrast\/brand\.json on brand\.color\.surface in themes\/tokens\/brand\.json$/m,
    );
    const links = err.failures.find((f) => f.foreground.name === '--loket-header-link-text-color');
    assert.equal(links.foreground.source, 'brand.color.primary');
    assert.equal(links.background.source, 'brand.color.surface');
    // one line per failing pair, only for the failing theme
    const lines = err.message.split('\n').slice(1);
    assert.equal(lines.length, err.failures.length);
    assert.ok(lines.every((l) => l.startsWith('theme "bad-contrast": --loket-')));
    assert.ok(
      err.failures.some((f) => f.minimum === 3),
      'focus outline (3:1) failures are reported too',
    );
    // nothing written when any theme fails
    assert.deepEqual(await readdir(out), []);
  });

  test('a badge passes by its fill or by its ring; when neither stands out, the failure names both', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'loket-themes-badge-'));
    try {
      // Havenstad's navy bar, a ring in the bar's colour and a dark red fill: neither reaches 3:1 against the bar.
      const theme = path.join(dir, 'dark-badge');
      await cp(path.join(THEMES, 'havenstad'), theme, { recursive: true });
      await rm(path.join(theme, 'theme.json'));
      const brand = JSON.parse(await readFile(path.join(theme, 'brand.json'), 'utf8'));
      brand.brand.color.notification = { $value: '#8a1c15' };
      await writeFile(path.join(theme, 'brand.json'), JSON.stringify(brand));
      await writeFile(
        path.join(theme, 'components.json'),
        JSON.stringify({
          loket: { 'notification-badge': { 'border-color': { $value: '{semantic.color.surface.header}' } } },
        }),
      );
      const err = await rejection(buildThemes({ outDir: out, extraThemesDirs: [dir], only: ['dark-badge'] }));
      assert.equal(err.code, 'contrast');
      const badge = err.failures.find((f) =>
        f.usage.startsWith('badge: the bubble (its fill or its ring) against the header bar'),
      );
      assert.ok(badge, err.message);
      assert.equal(badge.alternatives.length, 2);
      assert.match(
        err.message,
        /theme "dark-badge": --loket-notification-badge-background-color \(#8a1c15\) or --loket-notification-badge-border-color \(#0b1f3a\) on --loket-header-background-color \(#0b1f3a\) has contrast \d\.\d\d:1 or 1\.00:1, below the WCAG minimum 3:1 for each/,
      );
      // With a light ring the same fill passes.
      await writeFile(
        path.join(theme, 'components.json'),
        JSON.stringify({
          loket: { 'notification-badge': { 'border-color': { $value: '{semantic.color.text.on-header}' } } },
        }),
      );
      const { themes } = await buildThemes({ outDir: out, extraThemesDirs: [dir], only: ['dark-badge'], write: false });
      const entry = themes[0].contrast.find((p) => p.usage === badge.usage);
      assert.equal(entry.pass, true);
      assert.equal(entry.foreground.name, '--loket-notification-badge-border-color');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a header whose narrow menu panel keeps a light background under light links fails', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'loket-themes-panel-'));
    try {
      await mkdir(path.join(dir, 'light-panel'));
      await cp(path.join(THEMES, 'havenstad'), path.join(dir, 'light-panel'), { recursive: true });
      await rm(path.join(dir, 'light-panel', 'theme.json'));
      await writeFile(
        path.join(dir, 'light-panel', 'components.json'),
        JSON.stringify({
          loket: { header: { menu: { 'background-color': { $value: '{semantic.color.surface.menu}' } } } },
        }),
      );
      const err = await rejection(buildThemes({ outDir: out, extraThemesDirs: [dir], only: ['light-panel'] }));
      assert.match(
        err.message,
        /theme "light-panel": --loket-header-link-text-color \(#ffffff\) on --loket-header-menu-background-color \(#ffffff\) has contrast 1\.00:1, below the WCAG minimum 4\.5:1 \(header: links in the narrow menu panel\)/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a broken reference rejects naming the token and the missing reference', async () => {
    const err = await rejection(buildThemes({ outDir: out, extraThemesDirs: [FIXTURES], only: ['broken-reference'] }));
    assert.equal(err.code, 'reference');
    assert.match(err.message, /theme "broken-reference"/);
    assert.match(err.message, /loket\.header\.link\.text-color/);
    assert.match(err.message, /--loket-header-link-text-color/);
    assert.match(err.message, /\{semantic\.color\.link\.missing\}/);
    assert.match(err.message, /components\.json/);
  });

  test('an invalid colour rejects naming the token and the value', async () => {
    const err = await rejection(buildThemes({ outDir: out, extraThemesDirs: [FIXTURES], only: ['bad-colour'] }));
    assert.equal(err.code, 'colour');
    assert.match(err.message, /theme "bad-colour": token brand\.color\.primary .*invalid colour value "#12g45z"/);
  });

  test('a size in rem or em rejects naming the token and the expected form', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'loket-themes-fixture-'));
    try {
      await mkdir(path.join(dir, 'roomy'));
      await writeFile(
        path.join(dir, 'roomy', 'brand.json'),
        JSON.stringify({
          brand: { font: { 'size-base': { $value: '1.0625rem' } }, size: { 'logo-height': { $value: '3em' } } },
        }),
      );
      const err = await rejection(buildThemes({ outDir: out, extraThemesDirs: [dir], only: ['roomy'] }));
      assert.equal(err.code, 'dimension');
      assert.match(
        err.message,
        /theme "roomy": token brand\.font\.size-base \(in .*brand\.json\) is "1\.0625rem"; a dimension must be in px \(e\.g\. "16px" for 1rem\)/,
      );
      assert.match(err.message, /token brand\.size\.logo-height .* is "3em"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('circular references and additions to the component contract are rejected', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'loket-themes-fixture-'));
    try {
      await mkdir(path.join(dir, 'loop'));
      await writeFile(
        path.join(dir, 'loop', 'brand.json'),
        JSON.stringify({ brand: { color: { primary: { $value: '{semantic.color.action.background}' } } } }),
      );
      await mkdir(path.join(dir, 'extra'));
      await writeFile(path.join(dir, 'extra', 'brand.json'), '{}');
      await writeFile(
        path.join(dir, 'extra', 'components.json'),
        JSON.stringify({ loket: { header: { 'shadow-color': { $value: '{semantic.color.border.default}' } } } }),
      );
      const loop = await rejection(buildThemes({ outDir: out, extraThemesDirs: [dir], only: ['loop'] }));
      assert.match(loop.message, /theme "loop": circular token reference .*brand\.color\.primary/);
      const extra = await rejection(buildThemes({ outDir: out, extraThemesDirs: [dir], only: ['extra'] }));
      assert.match(
        extra.message,
        /theme "extra": token loket\.header\.shadow-color .*not part of the component token contract/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('unknown theme ids are rejected', async () => {
    const err = await rejection(buildThemes({ outDir: out, only: ['atlantis'] }));
    assert.match(err.message, /unknown theme id\(s\): atlantis/);
  });
});

describe('themes/build.mjs: command line', () => {
  test('prints one summary line on success', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'loket-themes-cli-'));
    try {
      const { stdout, stderr } = await run(process.execPath, [BUILD, '--out', out], { cwd: ROOT });
      assert.equal(stderr, '');
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, 1, stdout);
      assert.match(lines[0], /^themes: loket, .* \(4 themes, 0 contrast failures\)$/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  test('exits 1 and prints the failing pairs', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'loket-themes-cli-'));
    try {
      const err = await rejection(
        run(process.execPath, [BUILD, '--extra-themes-dir', FIXTURES, '--only', 'bad-contrast', '--out', out], {
          cwd: ROOT,
        }),
      );
      assert.equal(err.code, 1);
      assert.match(
        err.stderr,
        /--loket-header-link-text-color \(#8a8a8a\) on --loket-header-background-color \(#ffffff\) has contrast 3\.45:1, below the WCAG minimum 4\.5:1/,
      );
      assert.equal(err.stdout, '');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('themes/build.mjs: the page stylesheet (<id>.page.css, loket-pages.css)', () => {
  let out;
  let result;
  before(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'loket-themes-page-'));
    result = await buildThemes({ outDir: out });
  });
  after(() => rm(out, { recursive: true, force: true }));

  test('each theme gets <id>.page.css: every --loket-page-* token, resolved, in one :root rule; none in <id>.css', async () => {
    const page = JSON.parse(await readFile(path.join(THEMES, 'tokens', 'components', 'page.json'), 'utf8'));
    const expected = [];
    const walk = (node, p) => {
      for (const [k, v] of Object.entries(node)) {
        if (k.startsWith('$') || typeof v !== 'object') continue;
        if ('$value' in v) expected.push(`--${p}-${k}`);
        else walk(v, `${p}-${k}`);
      }
    };
    walk(page.loket.page, 'loket-page');
    assert.ok(expected.length >= 30, `page contract has ${expected.length} tokens`);
    for (const id of THEME_IDS) {
      const text = await readFile(path.join(out, `${id}.page.css`), 'utf8');
      assert.match(text, /^:root \{\n/, `${id}: the rule is :root`);
      assert.equal(text.match(/\{/g).length, 1, `${id}: one rule only`);
      const decls = declarations(text);
      assert.deepEqual(
        decls.map(([n]) => n).sort(),
        [...expected].sort(),
        `${id}: page variables differ from page.json`,
      );
      for (const [name, value] of decls) assert.doesNotMatch(value, /[{}]|var\(/, `${id}: ${name} is not resolved`);
      const header = await readFile(path.join(out, `${id}.css`), 'utf8');
      assert.doesNotMatch(header, /--loket-page-/, `${id}.css carries page tokens (the header's byte budget)`);
      const built = result.themes.find((t) => t.id === id);
      assert.equal(built.pageCss, text);
      assert.doesNotMatch(built.js, /--loket-page-/, `${id}.js carries page tokens`);
    }
  });

  test('the page tokens follow each brand: link and heading colours differ per municipality, and are contrast-checked', () => {
    const vars = Object.fromEntries(result.themes.map((t) => [t.id, t.variables]));
    const links = THEME_IDS.map((id) =>
      new Color(vars[id]['--loket-page-link-text-color']).to('srgb').toString({ format: 'hex' }),
    );
    assert.equal(new Set(links).size, THEME_IDS.length, `link colours: ${links}`);
    assert.equal(
      vars.lindegem['--loket-page-button-background-color'],
      vars.lindegem['--loket-header-brand-text-color'],
    );
    assert.match(vars.lindegem['--loket-page-font-family'], /serif$/);
    for (const theme of result.themes) {
      const pagePairs = theme.contrast.filter((p) => p.foreground.token.startsWith('loket.page.'));
      assert.ok(pagePairs.length >= 25, `${theme.id}: ${pagePairs.length} page pairs checked`);
      assert.ok(
        pagePairs.every((p) => p.pass),
        theme.id,
      );
    }
  });

  test('a theme whose page links are unreadable on the page background fails the build', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'loket-themes-pagebad-'));
    try {
      await mkdir(path.join(dir, 'palelink'));
      await writeFile(
        path.join(dir, 'palelink', 'brand.json'),
        JSON.stringify({ brand: { color: { 'page-background': { $value: '#3366cc' } } } }),
      );
      const error = await rejection(buildThemes({ extraThemesDirs: [dir], only: ['palelink'], write: false }));
      assert.ok(error instanceof ThemeBuildError && error.code === 'contrast', String(error));
      assert.match(
        error.message,
        /--loket-page-link-text-color \(#0a5fb4\) on --loket-page-background-color \(#3366cc\)/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('loket-pages.css is copied next to the themes', async () => {
    const copied = await readFile(path.join(out, 'loket-pages.css'), 'utf8');
    assert.equal(copied, await readFile(path.join(THEMES, 'pages', 'loket-pages.css'), 'utf8'));
  });
});
