#!/usr/bin/env node
// Loket theme build: design tokens (DTCG JSON) -> one CSS file (+ JS module + contrast report) per theme.
//
//   node themes/build.mjs [--themes-dir <dir>] [--extra-themes-dir <dir>]... [--only <id,id>] [--out <dir>]
//
// Tiers (see DESIGN.md section 9):
//   themes/tokens/brand.json            brand tier: palette, font, sizes of the default "loket" brand
//   themes/tokens/semantic.json         semantic tier: action, text, surface, focus, link, alert ... -> brand
//   themes/tokens/components/*.json     component tier: each component's contract (--loket-*) -> semantic
//   themes/<id>/brand.json              a municipality's brand overrides (required: marks the folder as a theme)
//   themes/<id>/semantic.json           optional semantic overrides (e.g. a dark header bar)
//   themes/<id>/components.json         optional component-tier overrides (existing contract tokens only)
//   themes/<id>/theme.json              optional metadata { "id", "name" }
//   themes/contrast-pairs.json          the foreground/background pairs that every theme must pass (WCAG 2.1);
//                                       a pair's foreground may be a list of alternatives (one must pass)
//
//   themes/pages/loket-pages.css        the shared base stylesheet of the citizen's pages, copied to <out>/loket-pages.css
//
// Later files override earlier ones. Only the component tier is written to CSS, with references resolved: the
// page tokens (loket.page.*) to <id>.page.css (`:root`), every other component token to <id>.css.
// The build throws (CLI: prints and exits 1) on a contrast failure, a broken or circular reference, an invalid
// colour, a dimension not in px, or a theme that adds tokens to the component contract. A contrast failure is one line per pair:
// theme, both custom properties and values, ratio, minimum, what the pair is, and the tokens (and files) the
// two colours come from.

import { readFile, readdir, writeFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import StyleDictionary from 'style-dictionary';
import Color from 'colorjs.io';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Directory holding tokens/, contrast-pairs.json and the municipality folders. */
export const DEFAULT_THEMES_DIR = HERE;
/** Where `node themes/build.mjs` writes by default. */
export const DEFAULT_OUT_DIR = path.resolve(HERE, '..', 'dist', 'themes');
/** The default theme: the base tokens without overrides. */
export const BASE_THEME = Object.freeze({ id: 'loket', name: 'Loket' });

/** Top-level group of the component tier; only tokens under it are emitted. */
const COMPONENT_ROOT = 'loket';
/**
 * The page tokens (loket.page.*, --loket-page-*): the citizen's own pages, not the header. They are part of the
 * contract and of the contrast guard, but written to <id>.page.css, never to <id>.css: the header's theme file
 * counts against the 20 KB budget of an anonymous page view; the pages' tokens would only add bytes to it.
 */
const PAGE_GROUP = 'page';
const isPageToken = (token) => token.path[0] === COMPONENT_ROOT && token.path[1] === PAGE_GROUP;
/** The shared base stylesheet of the citizen's pages (reads only --loket-page-*), copied to <out>/loket-pages.css. */
export const PAGES_STYLESHEET = path.join(HERE, 'pages', 'loket-pages.css');
const OVERRIDE_FILES = ['brand.json', 'semantic.json', 'components.json'];
const THEME_ID = /^[a-z][a-z0-9-]*$/;
const REFERENCE = /\{([^{}]+)\}/g;
const PIXELS = /^(0|\d+(\.\d+)?px)$/;

/** Error thrown by buildThemes; `message` is ready to print (one line per problem). */
export class ThemeBuildError extends Error {
  /**
   * @param {string} message
   * @param {{ code: 'contrast' | 'reference' | 'colour' | 'dimension' | 'token' | 'config', failures?: object[] }} details
   */
  constructor(message, { code, failures = [] }) {
    super(message);
    this.name = 'ThemeBuildError';
    this.code = code;
    this.failures = failures;
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isToken = (v) => isObject(v) && '$value' in v;
const cssName = (tokenPath) => `--${tokenPath.replace(/\./g, '-')}`;
const rel = (p) => path.relative(process.cwd(), p) || '.';

export async function exists(p) {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function readJson(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ThemeBuildError(`cannot read ${rel(file)}: ${e.message}`, { code: 'config' });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ThemeBuildError(`${rel(file)} is not valid JSON: ${e.message}`, { code: 'config' });
  }
}

/** Calls fn(path, token) for every token (an object with $value), passing the inherited group $type. */
function walkTokens(tree, fn, prefix = [], inheritedType = undefined) {
  for (const [key, value] of Object.entries(tree)) {
    if (key.startsWith('$') || !isObject(value)) continue;
    const p = [...prefix, key];
    if (isToken(value)) fn(p.join('.'), value, value.$type ?? inheritedType);
    else walkTokens(value, fn, p, value.$type ?? inheritedType);
  }
}

/**
 * Deep-merges `source` into `target` (mutating it). A token's `$value` is replaced as a whole; $type and
 * $description are kept from the earlier file unless given. Records which file set each token's value.
 */
function mergeTokens(target, source, file, origins, prefix = []) {
  for (const [key, value] of Object.entries(source)) {
    const p = [...prefix, key];
    if (isObject(value) && isObject(target[key]) && key !== '$value') {
      mergeTokens(target[key], value, file, origins, p);
    } else {
      target[key] = structuredClone(value);
      if (isObject(value)) walkTokens({ [key]: value }, (tp) => origins.set(tp, file), prefix);
    }
    if (key === '$value') origins.set(prefix.join('.'), file);
  }
  return target;
}

function referencesIn(value, out = []) {
  if (typeof value === 'string') {
    for (const m of value.matchAll(REFERENCE)) out.push(m[1].trim());
  } else if (Array.isArray(value)) {
    value.forEach((v) => referencesIn(v, out));
  } else if (isObject(value)) {
    Object.values(value).forEach((v) => referencesIn(v, out));
  }
  return out;
}

/** Flattens and checks a merged token tree: every token typed, every reference defined, no cycles, colours valid. */
function validateTokens(theme, tree, origins, contractPaths) {
  const tokens = new Map();
  const problems = [];
  // "loket.header.link.text-color (--loket-header-link-text-color, in themes/x/components.json)"
  const where = (p) => {
    const notes = [];
    if (p.startsWith(`${COMPONENT_ROOT}.`)) notes.push(cssName(p));
    if (origins.get(p)) notes.push(`in ${rel(origins.get(p))}`);
    return notes.length ? ` (${notes.join(', ')})` : '';
  };
  walkTokens(tree, (p, token, type) => {
    if (!type) problems.push(`theme "${theme.id}": token ${p}${where(p)} has no $type`);
    else token.$type = type; // make inherited group types explicit for style-dictionary
    tokens.set(p, token);
  });

  for (const p of tokens.keys()) {
    if (p.startsWith(`${COMPONENT_ROOT}.`) && !contractPaths.has(p)) {
      problems.push(
        `theme "${theme.id}": token ${p}${where(p)} is not part of the component token contract ` +
          `(no component reads ${cssName(p)}); override an existing --loket-* token instead`,
      );
    }
  }
  if (problems.length) throw new ThemeBuildError(problems.join('\n'), { code: 'token' });

  for (const [p, token] of tokens) {
    for (const ref of referencesIn(token.$value)) {
      if (!tokens.has(ref)) {
        problems.push(`theme "${theme.id}": token ${p}${where(p)} refers to {${ref}}, which is not defined`);
      }
    }
  }
  if (problems.length) throw new ThemeBuildError(problems.join('\n'), { code: 'reference' });

  // Circular references (a -> b -> a).
  const state = new Map(); // path -> 'visiting' | 'done'
  const visit = (p, trail) => {
    if (state.get(p) === 'done') return;
    if (state.get(p) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(p)), p].join(' -> ');
      throw new ThemeBuildError(`theme "${theme.id}": circular token reference ${cycle}`, {
        code: 'reference',
      });
    }
    state.set(p, 'visiting');
    for (const ref of referencesIn(tokens.get(p).$value)) visit(ref, [...trail, p]);
    state.set(p, 'done');
  };
  for (const p of tokens.keys()) visit(p, []);

  // Literal colours must parse (resolved colours are checked again after style-dictionary).
  for (const [p, token] of tokens) {
    if (token.$type !== 'color' || referencesIn(token.$value).length) continue;
    if (!parseColour(token.$value)) {
      problems.push(
        `theme "${theme.id}": token ${p}${where(p)} has an invalid colour value ${JSON.stringify(token.$value)}`,
      );
    }
  }
  if (problems.length) throw new ThemeBuildError(problems.join('\n'), { code: 'colour' });

  // Sizes in px: rem and em would follow the host page's root or inherited font size.
  for (const [p, token] of tokens) {
    if (token.$type !== 'dimension' || referencesIn(token.$value).length) continue;
    if (!PIXELS.test(String(token.$value))) {
      problems.push(
        `theme "${theme.id}": token ${p}${where(p)} is ${JSON.stringify(token.$value)}; a dimension must be in px ` +
          `(e.g. "16px" for 1rem), so that a host page's root font size cannot resize the header`,
      );
    }
  }
  if (problems.length) throw new ThemeBuildError(problems.join('\n'), { code: 'dimension' });
  return tokens;
}

function parseColour(value) {
  if (typeof value !== 'string') return null;
  try {
    return new Color(value).to('srgb');
  } catch {
    return null;
  }
}

const alphaOf = (c) => (Number.isFinite(c.alpha) ? c.alpha : 1);

/** WCAG 2.1 contrast; a translucent foreground is composited over the (opaque) background first. */
function contrast(fgValue, bgValue) {
  const fg = parseColour(fgValue);
  const bg = parseColour(bgValue);
  if (alphaOf(bg) < 1) return { error: 'translucent background' };
  let effective = fg;
  const a = alphaOf(fg);
  if (a < 1) {
    const coords = fg.coords.map((c, i) => a * (c || 0) + (1 - a) * (bg.coords[i] || 0));
    effective = new Color('srgb', coords, 1);
  }
  return { ratio: Color.contrast(effective, bg, 'WCAG21') };
}

/** Shown ratios are truncated, never rounded up: 4.499 shows as 4.49, not as a passing-looking 4.50. */
const floor2 = (n) => Math.floor(n * 100 + 1e-9) / 100;

async function listThemeFolders(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new ThemeBuildError(`cannot read themes directory ${rel(dir)}: ${e.message}`, { code: 'config' });
  }
  const folders = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === 'tokens' || /^[._]/.test(entry.name)) continue;
    const folder = path.join(dir, entry.name);
    if (await exists(path.join(folder, 'brand.json'))) folders.push(folder);
  }
  return folders.sort();
}

async function loadTheme(folder) {
  const id = path.basename(folder);
  if (!THEME_ID.test(id)) {
    throw new ThemeBuildError(
      `theme folder ${rel(folder)}: "${id}" is not a valid theme id (lowercase letters, digits and "-", starting with a letter)`,
      { code: 'config' },
    );
  }
  let name = id;
  const metaFile = path.join(folder, 'theme.json');
  if (await exists(metaFile)) {
    const meta = await readJson(metaFile);
    if (meta.id !== undefined && meta.id !== id) {
      throw new ThemeBuildError(
        `${rel(metaFile)}: "id" is "${meta.id}" but the folder is named "${id}"; they must match`,
        { code: 'config' },
      );
    }
    if (typeof meta.name === 'string' && meta.name.trim()) name = meta.name.trim();
  }
  const files = [];
  for (const f of OVERRIDE_FILES) {
    const file = path.join(folder, f);
    if (await exists(file)) files.push(file);
  }
  return { id, name, folder, files };
}

async function loadBase(themesDir) {
  const tokensDir = (await exists(path.join(themesDir, 'tokens')))
    ? path.join(themesDir, 'tokens')
    : path.join(HERE, 'tokens');
  const pairsFile = (await exists(path.join(themesDir, 'contrast-pairs.json')))
    ? path.join(themesDir, 'contrast-pairs.json')
    : path.join(HERE, 'contrast-pairs.json');
  const componentsDir = path.join(tokensDir, 'components');
  const componentFiles = (await exists(componentsDir))
    ? (await readdir(componentsDir))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => path.join(componentsDir, f))
    : [];
  const files = [path.join(tokensDir, 'brand.json'), path.join(tokensDir, 'semantic.json'), ...componentFiles];
  const origins = new Map();
  const tree = {};
  for (const file of files) mergeTokens(tree, await readJson(file), file, origins);
  const contractPaths = new Set();
  walkTokens(tree[COMPONENT_ROOT] ?? {}, (p) => contractPaths.add(`${COMPONENT_ROOT}.${p}`));
  if (!contractPaths.size) {
    throw new ThemeBuildError(`${rel(tokensDir)}: no component tokens under "${COMPONENT_ROOT}"`, { code: 'config' });
  }
  const pairsJson = await readJson(pairsFile);
  const pairs = Array.isArray(pairsJson) ? pairsJson : pairsJson.pairs;
  if (!Array.isArray(pairs)) {
    throw new ThemeBuildError(`${rel(pairsFile)}: expected { "pairs": [...] }`, { code: 'config' });
  }
  for (const [i, pair] of pairs.entries()) {
    if (Array.isArray(pair.foreground) && pair.foreground.length === 0) {
      throw new ThemeBuildError(`${rel(pairsFile)}: pair ${i + 1} has an empty "foreground" list`, { code: 'config' });
    }
    for (const k of ['foreground', 'background']) {
      // A foreground may be a list of alternatives (e.g. a badge's fill or its ring): one of them must pass.
      for (const token of k === 'foreground' ? [pair[k]].flat() : [pair[k]]) {
        if (!contractPaths.has(token)) {
          throw new ThemeBuildError(
            `${rel(pairsFile)}: pair ${i + 1} ${k} "${token}" is not a component token (expected e.g. "loket.header.text-color")`,
            { code: 'config' },
          );
        }
      }
    }
    if (typeof pair.minimum !== 'number' || pair.minimum < 1) {
      throw new ThemeBuildError(`${rel(pairsFile)}: pair ${i + 1} needs a numeric "minimum" (4.5 or 3)`, {
        code: 'config',
      });
    }
  }
  return { tree, origins, contractPaths, pairs, tokensDir };
}

/** Runs style-dictionary on one theme's merged tokens; returns the CSS text and the resolved component tokens. */
async function runStyleDictionary(theme, tree) {
  const sd = new StyleDictionary(
    {
      tokens: tree,
      usesDtcg: true,
      log: { verbosity: 'silent', warnings: 'disabled' },
      platforms: {
        css: {
          transforms: ['name/kebab', 'fontFamily/css'],
          files: [
            {
              destination: `${theme.id}.css`,
              format: 'css/variables',
              filter: (token) => token.path[0] === COMPONENT_ROOT && !isPageToken(token),
              options: {
                selector: `:root, :host, .loket-theme-${theme.id}`,
                outputReferences: false,
                formatting: { commentStyle: 'none' }, // descriptions stay in the JSON, not in the shipped CSS
                // No file header either: every byte counts against the 20 KB budget of an anonymous page view
                // (drop-in + theme, test/node/budget.test.mjs). The JS module and the report name the theme.
                showFileHeader: false,
              },
            },
            {
              destination: `${theme.id}.page.css`,
              format: 'css/variables',
              filter: isPageToken,
              options: {
                selector: ':root',
                outputReferences: false,
                formatting: { commentStyle: 'none' },
                showFileHeader: false,
              },
            },
          ],
        },
      },
    },
    { init: false },
  );
  await sd.init();
  const dictionary = await sd.getPlatformTokens('css');
  const outputs = await sd.formatPlatform('css');
  const outputOf = (name) => outputs.find((o) => o.destination === name)?.output ?? '';
  const resolved = new Map();
  for (const token of dictionary.allTokens) {
    if (token.path[0] === COMPONENT_ROOT)
      resolved.set(token.path.join('.'), { name: `--${token.name}`, value: token.$value, type: token.$type });
  }
  // Without indentation, the space after each colon and comma, or the zero before a decimal point: bytes of every
  // anonymous page view (see above).
  const compact = (output) =>
    String(output)
      .replace(/^ +/gm, '')
      .replace(/^(--[a-z0-9-]+): /gm, '$1:')
      .replace(/^(--[a-z0-9-]+:.*)$/gm, (line) => line.replace(/, /g, ',').replace(/(^|[^\d.])0\.(\d)/g, '$1.$2'));
  const css = compact(outputOf(`${theme.id}.css`));
  const pageCss = compact(outputOf(`${theme.id}.page.css`));
  return { css, pageCss, resolved };
}

/**
 * Where a token's value comes from: follows whole-value references ({semantic.x} -> {brand.y}) to the token
 * that holds the literal value, e.g. { token: 'brand.color.primary', file: 'themes/lindegem/brand.json' }.
 */
function sourceOf(tokenPath, tokens, origins) {
  let current = tokenPath;
  for (let i = 0; i < 50; i++) {
    const value = tokens.get(current)?.$value;
    const ref = typeof value === 'string' && value.match(/^\{([^{}]+)\}$/);
    if (!ref) break;
    current = ref[1].trim();
  }
  return { token: current, file: origins.get(current) ? rel(origins.get(current)) : undefined };
}

/**
 * Checks every pair. A pair whose foreground is a list passes when any one of them reaches the minimum (e.g. a
 * badge stands out against the bar by its fill or by its ring); its report entry names the best one and lists
 * all of them under `alternatives`. Each failure line ends with the tokens (and files) the two colours come
 * from, which is what a designer edits.
 */
function checkContrast(theme, resolved, pairs, source) {
  const report = [];
  const failures = [];
  for (const pair of pairs) {
    const bg = resolved.get(pair.background);
    const candidates = [pair.foreground].flat().map((token) => {
      const fg = resolved.get(token);
      const { ratio, error } = contrast(fg.value, bg.value);
      if (error) {
        throw new ThemeBuildError(
          `theme "${theme.id}": ${bg.name} (${bg.value}) is translucent; contrast (${pair.usage}) can only be checked on an opaque background`,
          { code: 'colour' },
        );
      }
      return { token, name: fg.name, value: fg.value, ratio };
    });
    const best = candidates.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const entry = {
      foreground: { token: best.token, name: best.name, value: best.value, source: source(best.token).token },
      background: { token: pair.background, name: bg.name, value: bg.value, source: source(pair.background).token },
      ratio: floor2(best.ratio),
      minimum: pair.minimum,
      pass: best.ratio >= pair.minimum,
      usage: pair.usage,
    };
    if (candidates.length > 1) {
      entry.alternatives = candidates.map(({ token, name, value, ratio }) => ({
        token,
        name,
        value,
        source: source(token).token,
        ratio: floor2(ratio),
      }));
    }
    report.push(entry);
    if (!entry.pass) {
      const shown = (c) => `${c.name} (${c.value})`;
      const from = (token) => {
        const { token: origin, file } = source(token);
        return file ? `${origin} in ${file}` : origin;
      };
      const origins = `; colours from ${candidates.map((c) => from(c.token)).join(' or ')} on ${from(pair.background)}`;
      const message =
        candidates.length === 1
          ? `theme "${theme.id}": ${shown(best)} on ${shown(bg)} has contrast ` +
            `${entry.ratio.toFixed(2)}:1, below the WCAG minimum ${pair.minimum}:1 (${pair.usage})`
          : `theme "${theme.id}": ${candidates.map(shown).join(' or ')} on ${shown(bg)} has contrast ` +
            `${candidates.map((c) => `${floor2(c.ratio).toFixed(2)}:1`).join(' or ')}, below the WCAG minimum ` +
            `${pair.minimum}:1 for each (${pair.usage}; one of them must reach it)`;
      failures.push({ theme: theme.id, ...entry, message: message + origins });
    }
  }
  return { report, failures };
}

const jsModule = (theme, css) =>
  `// Loket theme "${theme.id}" (${theme.name}). Generated by themes/build.mjs. Do not edit.\n` +
  `export const id = ${JSON.stringify(theme.id)};\n` +
  `export const name = ${JSON.stringify(theme.name)};\n` +
  `export default ${JSON.stringify(css)};\n`;

/**
 * Builds every theme: the base theme "loket" plus each folder with a brand.json in `themesDir` and in each of
 * `extraThemesDirs`. Nothing is written when any theme fails.
 *
 * @param {object} [options]
 * @param {string} [options.themesDir]  holds tokens/ and contrast-pairs.json (falls back to the bundled ones
 *                                      when missing) and municipality folders. Default: this file's folder.
 * @param {string} [options.outDir]     output folder. Default: <repo>/dist/themes.
 * @param {string[]} [options.only]     build only these theme ids (index.json then lists only these).
 * @param {string[]} [options.extraThemesDirs]  more folders with municipality folders (e.g. test fixtures);
 *                                      they reuse the base tokens of `themesDir`.
 * @param {boolean} [options.write]     write files (default true); false only computes and returns.
 * @returns {Promise<{ outDir: string, themes: Array<{ id: string, name: string, css: string, pageCss: string, js: string,
 *   variables: Record<string, string>, contrast: object[], files: string[] }>, index: Array<{id: string, name: string}> }>}
 * @throws {ThemeBuildError} with one line per problem, e.g. per failing contrast pair.
 */
export async function buildThemes({
  themesDir = DEFAULT_THEMES_DIR,
  outDir = DEFAULT_OUT_DIR,
  only,
  extraThemesDirs = [],
  write = true,
} = {}) {
  themesDir = path.resolve(themesDir);
  outDir = path.resolve(outDir);
  const base = await loadBase(themesDir);

  const themes = [{ ...BASE_THEME, folder: null, files: [] }];
  for (const dir of [themesDir, ...extraThemesDirs.map((d) => path.resolve(d))]) {
    for (const folder of await listThemeFolders(dir)) {
      const theme = await loadTheme(folder);
      const clash = themes.find((t) => t.id === theme.id);
      if (clash) {
        throw new ThemeBuildError(
          `theme id "${theme.id}" is defined twice: ${clash.folder ? rel(clash.folder) : 'the base tokens'} and ${rel(folder)}`,
          { code: 'config' },
        );
      }
      themes.push(theme);
    }
  }
  let selected = themes;
  if (only?.length) {
    const unknown = only.filter((id) => !themes.some((t) => t.id === id));
    if (unknown.length) {
      throw new ThemeBuildError(
        `unknown theme id(s): ${unknown.join(', ')} (known: ${themes.map((t) => t.id).join(', ')})`,
        { code: 'config' },
      );
    }
    selected = themes.filter((t) => only.includes(t.id));
  }

  const built = [];
  const failures = [];
  for (const theme of selected) {
    const origins = new Map(base.origins);
    const tree = structuredClone(base.tree);
    for (const file of theme.files) mergeTokens(tree, await readJson(file), file, origins);
    const tokens = validateTokens(theme, tree, origins, base.contractPaths);

    const { css, pageCss, resolved } = await runStyleDictionary(theme, tree);
    const bad = [...resolved].filter(([, t]) => t.type === 'color' && !parseColour(t.value));
    if (bad.length) {
      throw new ThemeBuildError(
        bad
          .map(
            ([p, t]) =>
              `theme "${theme.id}": ${t.name} (${p}) resolves to an invalid colour ${JSON.stringify(t.value)}`,
          )
          .join('\n'),
        { code: 'colour' },
      );
    }
    const source = (tokenPath) => sourceOf(tokenPath, tokens, origins);
    const { report, failures: themeFailures } = checkContrast(theme, resolved, base.pairs, source);
    failures.push(...themeFailures);
    built.push({
      id: theme.id,
      name: theme.name,
      css,
      pageCss,
      js: jsModule(theme, css),
      variables: Object.fromEntries([...resolved.values()].map((t) => [t.name, String(t.value)])),
      contrast: report,
      files: [],
    });
  }

  if (failures.length) {
    const n = failures.length;
    throw new ThemeBuildError(
      `themes: ${n} contrast failure${n === 1 ? '' : 's'}\n` + failures.map((f) => f.message).join('\n'),
      { code: 'contrast', failures },
    );
  }

  const index = built.map(({ id, name }) => ({ id, name }));
  if (write) {
    await mkdir(outDir, { recursive: true });
    for (const theme of built) {
      const report = {
        theme: theme.id,
        name: theme.name,
        standard: 'WCAG 2.1',
        failures: theme.contrast.filter((p) => !p.pass).length,
        pairs: theme.contrast,
      };
      const outputs = [
        [`${theme.id}.css`, theme.css],
        [`${theme.id}.page.css`, theme.pageCss],
        [`${theme.id}.js`, theme.js],
        [`${theme.id}.contrast.json`, JSON.stringify(report, null, 2) + '\n'],
      ];
      for (const [name, text] of outputs) {
        const file = path.join(outDir, name);
        await writeFile(file, text);
        theme.files.push(file);
      }
    }
    await writeFile(path.join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
    if (await exists(PAGES_STYLESHEET)) {
      await writeFile(path.join(outDir, 'loket-pages.css'), await readFile(PAGES_STYLESHEET, 'utf8'));
    }
  }
  return { outDir, themes: built, index };
}

function parseArgs(argv) {
  const opts = { extraThemesDirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ThemeBuildError(`${flag} needs a value`, { code: 'config' });
      return v;
    };
    if (flag === '--themes-dir') opts.themesDir = value();
    else if (flag === '--out') opts.outDir = value();
    else if (flag === '--extra-themes-dir') opts.extraThemesDirs.push(value());
    else if (flag === '--only')
      opts.only = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === '--help' || flag === '-h') opts.help = true;
    else throw new ThemeBuildError(`unknown option ${arg} (see --help)`, { code: 'config' });
  }
  return opts;
}

async function main() {
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(
        'usage: node themes/build.mjs [--themes-dir <dir>] [--extra-themes-dir <dir>]... [--only <id,id>] [--out <dir>]',
      );
      return;
    }
    const { outDir, themes } = await buildThemes(opts);
    const ids = themes.map((t) => t.id).join(', ');
    console.log(`themes: ${ids} -> ${rel(outDir)} (${themes.length} themes, 0 contrast failures)`);
  } catch (e) {
    console.error(e instanceof ThemeBuildError ? e.message : (e?.stack ?? String(e)));
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
