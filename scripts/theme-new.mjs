#!/usr/bin/env node
// `npm run theme:new <id>`: starts a municipality's theme from the template, ready to edit.
//
//   npm run theme:new -- sint-maarten --name "Gemeente Sint-Maarten"
//   node scripts/theme-new.mjs <id> [--name <display name>] [--themes-dir <dir>]
//
// Creates themes/<id>/brand.json and themes/<id>/theme.json ({ id, name }), checks that the new theme builds
// and passes every contrast pair, and prints what to do next. Exits 1, writing nothing, when the id is not
// valid or already taken. The template is the base brand tier itself (themes/tokens/brand.json): every brand
// token with its neutral "loket" value and a $description saying in plain words what it changes on screen.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_THEME, DEFAULT_THEMES_DIR, ThemeBuildError, buildThemes, exists } from '../themes/build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATE = path.join(ROOT, 'themes', 'tokens', 'brand.json');

/** Lowercase letters, digits and dashes, starting with a letter (the build's rule for a theme folder). */
const THEME_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Names the build gives another meaning. */
const RESERVED = new Set([BASE_THEME.id, 'tokens']);

export class ThemeNewError extends Error {
  name = 'ThemeNewError';
}

const rel = (p) => path.relative(process.cwd(), p) || '.';

/** "sint-maarten" -> "Sint Maarten" */
export function defaultName(id) {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** Why `id` cannot be a new theme's id in `themesDir`, or undefined when it can. */
export async function checkId(id, themesDir = DEFAULT_THEMES_DIR) {
  if (!id) return 'give the theme id, e.g. `npm run theme:new -- sint-maarten --name "Gemeente Sint-Maarten"`';
  if (!THEME_ID.test(id)) {
    return `"${id}" is not a valid theme id: use lowercase letters (a-z), digits and single dashes, starting with a letter, e.g. "sint-maarten"`;
  }
  if (RESERVED.has(id))
    return `"${id}" is reserved (${id === 'loket' ? 'the default theme' : 'the folder of the base tokens'}); choose another id`;
  if (await exists(path.join(themesDir, id)))
    return `a theme "${id}" already exists (${rel(path.join(themesDir, id))}); choose another id or edit that one`;
  return undefined;
}

/**
 * Creates the theme folder and checks that it builds.
 * @returns {Promise<{ id: string, name: string, folder: string, files: string[], pairs: number }>}
 * @throws {ThemeNewError} when the id is invalid or taken (nothing is written)
 */
export async function createTheme({ id, name, themesDir = DEFAULT_THEMES_DIR }) {
  themesDir = path.resolve(themesDir);
  const problem = await checkId(id, themesDir);
  if (problem) throw new ThemeNewError(problem);
  const displayName = (name ?? '').trim() || defaultName(id);
  const template = JSON.parse(await readFile(TEMPLATE, 'utf8'));
  // The same tokens, with a description of the new theme in place of the base tier's.
  const brand = toJson({ brand: { ...template.brand, $description: themeDescription(id, displayName) } });

  const folder = path.join(themesDir, id);
  await mkdir(folder, { recursive: true });
  const files = [path.join(folder, 'brand.json'), path.join(folder, 'theme.json')];
  try {
    await writeFile(files[0], brand);
    await writeFile(files[1], `${JSON.stringify({ id, name: displayName })}\n`);
    const { themes } = await buildThemes({ themesDir, only: [id], write: false });
    return { id, name: displayName, folder, files, pairs: themes[0].contrast.length };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** What the new brand.json says about itself, at the top. */
function themeDescription(id, name) {
  return (
    `The brand of ${name} (theme "${id}"). Change the values after "$value"; each "$description" says what ` +
    'that value changes on screen. Colours are written #rrggbb. Every value starts as the neutral Loket look, ' +
    `which passes all contrast checks. Run \`npm start\` and open /preview/?theme=${id}: the preview follows every ` +
    'save, and its table shows how readable each colour pair is. The build refuses a theme whose text would be ' +
    'hard to read, and names the two colours to change. Tokens you do not change may be deleted (they keep the ' +
    'Loket value). For a dark header bar, also copy themes/havenstad/semantic.json into this folder.'
  );
}

/** JSON with two-space indents, short lists (font stacks) on one line. */
function toJson(value) {
  const text = JSON.stringify(value, null, 2).replace(
    /\[\n\s+((?:"[^"\n]*",?\n\s+)+)\]/g,
    (_m, inner) =>
      `[${inner
        .split(/,?\n\s+/)
        .filter(Boolean)
        .join(', ')}]`,
  );
  return `${text}\n`;
}

function parseArgs(argv) {
  const opts = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ThemeNewError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--name') opts.name = value();
    else if (flag === '--themes-dir') opts.themesDir = value();
    else if (flag === '--help' || flag === '-h') opts.help = true;
    else if (flag.startsWith('-')) throw new ThemeNewError(`unknown option ${arg} (see --help)`);
    else positional.push(arg);
  }
  if (positional.length > 1) throw new ThemeNewError(`one theme id at a time (got ${positional.join(', ')})`);
  opts.id = positional[0];
  return opts;
}

function nextSteps({ id, name, folder, pairs }, themesDir) {
  const bundled = path.resolve(themesDir) === path.resolve(DEFAULT_THEMES_DIR);
  const brand = rel(path.join(folder, 'brand.json'));
  return [
    `Created theme "${id}" (${name}) in ${rel(folder)}: it builds, and all ${pairs} contrast pairs pass.`,
    '',
    'Next steps:',
    `  1. Open ${brand} and change the values. Each token's "$description" says what it changes on screen.`,
    '     Start with color.primary (your main colour), font.family and size.logo-height.',
    `  2. Run \`npm start\` and open http://127.0.0.1:${process.env.LOKET_SITE_PORT || 8080}/preview/?theme=${id}`,
    '     The preview shows the header in every state and follows each save; its table lists every colour pair',
    '     with its contrast. A pair below the minimum stops the build and is named in the terminal.',
    '  3. For a dark header bar, copy themes/havenstad/semantic.json into the theme folder and adapt it.',
    `  4. Use it: \`theme: "${id}"\` in the header config (or data-theme="${id}"), or host dist/themes/${id}.css`,
    '     yourself and give its URL as the theme. See docs/theming.md.',
    ...(bundled ? [] : ['', `(Built with --themes-dir: \`node themes/build.mjs --themes-dir ${rel(themesDir)}\`.)`]),
  ].join('\n');
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log('usage: npm run theme:new -- <id> [--name "Display name"] [--themes-dir <dir>]');
      return;
    }
    const themesDir = opts.themesDir ?? DEFAULT_THEMES_DIR;
    const created = await createTheme({ id: opts.id, name: opts.name, themesDir });
    console.log(nextSteps(created, themesDir));
  } catch (error) {
    const expected = error instanceof ThemeNewError || error instanceof ThemeBuildError;
    console.error(expected ? `theme:new: ${error.message}` : (error?.stack ?? String(error)));
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
