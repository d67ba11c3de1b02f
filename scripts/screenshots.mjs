#!/usr/bin/env node
// `npm run screenshots`: pictures of every bundled theme in its main states, for the docs.
//
//   npm run screenshots                       all themes -> docs/themes/<id>-<state>.png
//   node scripts/screenshots.mjs --only havenstad,lindegem [--out <dir>]
//
// Starts the site server on a free port, opens the theme preview (/preview/?theme=<id>) in Debian's Chromium
// (never a downloaded browser; LOKET_CHROMIUM overrides the path) and crops each state to the header area:
//
//   signed-out-wide   the bar at 1024 px, signed out
//   signed-in-open    the bar at 1024 px with the profile menu open (badge on the profile button)
//   narrow-open       the bar at 320 px with the menu of links open
//   alerts            the four alert variants at 1024 px
//
// Needs a build (`npm run build`): the drop-in, dist/loket-signed-in.js and the themes. Each PNG must stay under
// 80 KB (they are committed); the script fails otherwise.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { startSiteServer } from '../demo/site-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 80 * 1024;

/** The states to picture, and what else besides the frame belongs in the picture (an open panel). */
export const SHOTS = [
  { state: 'signed-out-wide' },
  { state: 'signed-in-open', panel: 'loket-profile-menu' },
  { state: 'narrow-open', panel: 'loket-header' },
  { state: 'alerts' },
];

function parseArgs(argv) {
  const opts = { out: path.join(ROOT, 'docs', 'themes') };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--only')
      opts.only = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === '--out') opts.out = path.resolve(value());
    else if (flag === '--help' || flag === '-h') opts.help = true;
    else throw new Error(`unknown option ${argv[i]} (see --help)`);
  }
  return opts;
}

/** The page-coordinates box of a state: its frame, grown to hold an open panel and its shadow. */
function stateBox(page, { state, panel }) {
  return page.evaluate(
    ({ state, panel }) => {
      const frame = document.querySelector(`[data-state="${state}"] .frame`);
      const rects = [frame.getBoundingClientRect()];
      if (panel === 'loket-profile-menu') {
        const menu = frame.querySelector('loket-profile-menu');
        const open = menu?.shadowRoot?.querySelector('[part~="panel"]');
        if (open) rects.push(open.getBoundingClientRect());
      } else if (panel === 'loket-header') {
        const links = frame.querySelector('loket-header')?.shadowRoot?.querySelector('.links.open');
        if (links) rects.push(links.getBoundingClientRect());
      }
      const margin = panel ? 16 : 0; // room for the panel's shadow
      const x = Math.min(...rects.map((r) => r.left));
      const y = Math.min(...rects.map((r) => r.top));
      const right = Math.max(...rects.map((r) => r.right));
      const bottom = Math.max(...rects.map((r) => r.bottom)) + margin;
      return { x: x + scrollX, y: y + scrollY, width: right - x, height: bottom - y };
    },
    { state, panel },
  );
}

export async function takeScreenshots({ only, out }) {
  for (const file of ['dist/loket-header.js', 'dist/loket-signed-in.js', 'dist/themes/index.json']) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const index = JSON.parse(await readFile(path.join(ROOT, 'dist', 'themes', 'index.json'), 'utf8'));
  const unknown = (only ?? []).filter((id) => !index.some((t) => t.id === id));
  if (unknown.length)
    throw new Error(`unknown theme id(s): ${unknown.join(', ')} (built: ${index.map((t) => t.id).join(', ')})`);
  const themes = only ? index.filter((t) => only.includes(t.id)) : index;

  await mkdir(out, { recursive: true });
  const server = await startSiteServer({ port: 0 });
  const browser = await launchChromium();
  const written = [];
  try {
    const context = await browser.newContext({
      viewport: { width: 1200, height: 900 },
      deviceScaleFactor: 1,
      locale: 'nl-BE',
    });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    for (const theme of themes) {
      await page.goto(new URL(`/preview/?theme=${encodeURIComponent(theme.id)}&shot`, server.url).href);
      await page.waitForFunction(() => document.documentElement.dataset.previewReady === 'true', undefined, {
        timeout: 20_000,
      });
      if (!(await page.locator('loket-profile-menu').count()))
        throw new Error('the preview shows no profile menu: is dist/loket-signed-in.js built?');
      await page.evaluate(() => document.fonts.ready);
      for (const shot of SHOTS) {
        const clip = await stateBox(page, shot);
        const png = await page.screenshot({ clip, fullPage: true, animations: 'disabled', caret: 'hide' });
        const file = path.join(out, `${theme.id}-${shot.state}.png`);
        await writeFile(file, png);
        written.push({ file, bytes: png.length, width: Math.round(clip.width), height: Math.round(clip.height) });
      }
    }
    if (problems.length) throw new Error(`the preview had errors:\n${problems.join('\n')}`);
  } finally {
    await browser.close();
    await server.close();
  }
  return written;
}

async function main() {
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log('usage: node scripts/screenshots.mjs [--only <id,id>] [--out <dir>]');
      return;
    }
    const written = await takeScreenshots(opts);
    for (const w of written) {
      console.log(`${path.relative(process.cwd(), w.file)}  ${w.width}x${w.height}  ${(w.bytes / 1024).toFixed(1)} KB`);
    }
    const tooBig = written.filter((w) => w.bytes > MAX_BYTES);
    if (tooBig.length) {
      console.error(
        `${tooBig.length} screenshot(s) over ${MAX_BYTES / 1024} KB: ${tooBig.map((w) => path.basename(w.file)).join(', ')}`,
      );
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`screenshots: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
