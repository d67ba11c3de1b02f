// `loket-header render` (bin/loket-header.mjs) and renderHeader (dist/render/render.js): the printed HTML, the
// CSP hashes of its inline styles, a bad config's error, --help. Needs `npm run build` (dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = path.resolve('bin/loket-header.mjs');
const CONFIG = path.resolve('examples/server-rendered/loket.json');
const PUBLIC = path.resolve('examples/server-rendered/public');

const run = (...args) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

const inlineStyles = (html) => [...html.matchAll(/<style(?: [^>]*)?>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

test('render prints <loket-header> with declarative shadow DOM, inline config, theme and a sized logo', () => {
  const result = run('render', '--config', CONFIG, '--public-dir', PUBLIC, '--lang', 'fr');
  assert.equal(result.status, 0, result.stderr);
  const html = result.stdout;
  assert.match(html, /^<loket-header [^>]*data-loket-lang="fr"/);
  assert.match(html, /<template shadowroot="open" shadowrootmode="open">/);
  assert.match(html, /<style data-loket-theme="lindegem">/, 'the theme, inline');
  assert.match(html, /<img part="logo" class="logo" width="48" height="56"/, 'the logo has its width and height');
  assert.match(html, /Se connecter/, 'in the language asked for');
  assert.doesNotMatch(html, /<script(?! type="application\/json")/, 'no script but the JSON data block');
  const json = /<script type="application\/json">([^<]*)<\/script><\/loket-header>$/.exec(html.trim());
  assert.ok(json, 'the config as inline JSON, the last child of <loket-header>');
  assert.equal(JSON.parse(json[1]).municipality.id, 'lindegem');
});

test('the printed hashes are those of the inline <style> elements, for style-src', () => {
  const result = run('render', '--config', CONFIG, '--public-dir', PUBLIC);
  assert.equal(result.status, 0, result.stderr);
  const expected = [...new Set(inlineStyles(result.stdout).map(sha256))];
  assert.ok(expected.length >= 2, 'the header styles and the theme are inline');
  const line = /style-src ((?:'sha256-[A-Za-z0-9+/=]+' ?)+)/.exec(result.stderr);
  assert.ok(line, `stderr names the hashes: ${result.stderr}`);
  assert.deepEqual(line[1].trim().split(' '), expected);
  const only = run('render', '--config', CONFIG, '--public-dir', PUBLIC, '--hashes');
  assert.deepEqual(only.stdout.trim().split(' '), expected, '--hashes prints the same, alone');
});

test('--styles link: stylesheet links beside the drop-in, no inline style, no hashes', () => {
  const result = run(
    'render',
    '--config',
    CONFIG,
    '--public-dir',
    PUBLIC,
    '--styles',
    'link',
    '--asset-base',
    'https://cdn.example/loket/',
  );
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(inlineStyles(result.stdout), []);
  assert.match(result.stdout, /<link rel="stylesheet" href="https:\/\/cdn.example\/loket\/loket-header.css">/);
  assert.match(
    result.stdout,
    /<link rel="stylesheet" href="https:\/\/cdn.example\/loket\/themes\/lindegem.css" data-loket-theme="lindegem">/,
  );
  assert.doesNotMatch(result.stderr, /style-src/);
  // The linked file holds exactly what the inline style would.
  const inline = inlineStyles(run('render', '--config', CONFIG, '--public-dir', PUBLIC).stdout)[0];
  assert.equal(readFileSync('dist/loket-header.css', 'utf8'), inline);
});

test('a bad config: exit 1, each bad field named with the form it expects', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-cli-'));
  const file = path.join(dir, 'bad.json');
  const config = JSON.parse(readFileSync(CONFIG, 'utf8'));
  config.municipality.href = 'javascript:alert(1)';
  config.theme = 'Not A Theme';
  writeFileSync(file, JSON.stringify(config));
  const result = run('render', '--config', file);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '', 'no HTML for a bad config');
  assert.match(result.stderr, /municipality\.href: expected an http\(s\) or relative URL/);
  assert.match(result.stderr, /theme: expected a bundled theme id/);

  const badLang = run('render', '--config', CONFIG, '--lang', 'xx');
  assert.equal(badLang.status, 1);
  assert.match(badLang.stderr, /lang: expected one of nl, fr, en, de; got "xx"/);

  writeFileSync(file, '{ not json');
  const notJson = run('render', '--config', file);
  assert.equal(notJson.status, 1);
  assert.match(notJson.stderr, /not valid JSON/);
});

test('--help prints the usage and exits 0; a missing --config is a usage error', () => {
  const help = run('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: loket-header render --config <loket.json>/);
  assert.match(help.stdout, /--styles MODE/);
  const missing = run('render');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--config is required/);
});

test('renderHeader() is the same as the command, as a function', async () => {
  const { renderHeader, RenderHeaderError } = await import(path.resolve('dist/render/render.js'));
  const config = JSON.parse(readFileSync(CONFIG, 'utf8'));
  const { html, styleHashes, warnings } = renderHeader(config, { logoSize: { width: 48, height: 56 }, page: '/afval' });
  assert.deepEqual(warnings, []);
  assert.match(html, /<a href="\/afval" {2,}aria-current="page">/);
  assert.deepEqual(styleHashes, [...new Set(inlineStyles(html).map(sha256))]);
  assert.throws(
    () => renderHeader({ municipality: { id: 'x', name: 'X' } }),
    (error) => error instanceof RenderHeaderError && /municipality\.href/.test(error.message),
  );
  // Without a readable logo size: rendered all the same, with a warning saying what to give.
  assert.match(renderHeader(config).warnings.join('\n'), /logoSize/);
});
