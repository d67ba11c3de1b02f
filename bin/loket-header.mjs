#!/usr/bin/env node
// `npx loket-header render --config loket.json`: prints the pre-rendered header (see `loket-header/render`).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: loket-header render --config <loket.json> [options]

Prints <loket-header> rendered on the server (declarative shadow DOM), with its config as inline JSON and its
theme, for a page template. The page then needs only <script src=".../loket-header.js" defer></script>.

Options:
  --config FILE        the header's config (JSON), required
  --lang LANG          the page's language: nl, fr, en or de (default nl)
  --theme THEME        a bundled theme id or a theme CSS URL (default: the config's "theme")
  --styles MODE        inline (default): <style> elements, whose CSP hashes are printed on stderr;
                       link: stylesheet links to loket-header.css etc. beside loket-header.js
  --asset-base URL     where the site serves the package's dist/ folder (loket-header.js), default /loket/
  --page URL           the page the header is for: its link is marked current, {returnUrl} filled in
  --public-dir DIR     the folder the site's root is served from, to read the logo's size
                       (default: the config file's folder)
  --logo-size WxH      the logo's intrinsic size, instead of reading it
  --hashes             print only the style-src hashes (one line), not the HTML
  --out FILE           write the HTML to FILE instead of stdout
  --help               this text

Exit status: 0 when rendered; 1 for a bad config or option (each field named on stderr); 2 for a usage error.`;

function fail(message, status = 2) {
  process.stderr.write(`loket-header: ${message}\n`);
  process.exit(status);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      lang: { type: 'string' },
      theme: { type: 'string' },
      styles: { type: 'string' },
      'asset-base': { type: 'string' },
      page: { type: 'string' },
      'public-dir': { type: 'string' },
      'logo-size': { type: 'string' },
      hashes: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (error) {
  fail(`${error.message}\n\n${USAGE}`);
}
const { values, positionals } = parsed;
if (values.help || positionals.length === 0) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}
if (positionals[0] !== 'render' || positionals.length > 1)
  fail(`unknown command "${positionals.join(' ')}"; expected "render"\n\n${USAGE}`);
if (!values.config) fail("--config is required: the path of the header's JSON config, such as --config loket.json");

let config;
try {
  config = JSON.parse(readFileSync(values.config, 'utf8'));
} catch (error) {
  fail(
    `--config ${values.config}: ${error.code === 'ENOENT' ? 'no such file' : `not valid JSON (${error.message})`}`,
    1,
  );
}
let logoSize;
if (values['logo-size'] !== undefined) {
  const match = /^(\d+)x(\d+)$/.exec(values['logo-size']);
  if (!match) fail(`--logo-size: expected WIDTHxHEIGHT in pixels, such as 48x56; got "${values['logo-size']}"`, 1);
  logoSize = { width: Number(match[1]), height: Number(match[2]) };
}

const { renderHeader, RenderHeaderError } = await import('../dist/render/render.js').catch((error) =>
  fail(`the package is not built (dist/render/render.js: ${error.message}); run npm run build`, 1),
);
let result;
try {
  result = renderHeader(config, {
    lang: values.lang,
    theme: values.theme,
    styles: values.styles,
    assetBase: values['asset-base'],
    page: values.page,
    logoSize,
    publicDir: values['public-dir'] ?? dirname(resolve(values.config)),
  });
} catch (error) {
  if (error instanceof RenderHeaderError) fail(`${values.config}: ${error.message}`, 1);
  throw error;
}
for (const warning of result.warnings) process.stderr.write(`loket-header: warning: ${warning}\n`);
if (values.hashes) {
  process.stdout.write(`${result.styleHashes.join(' ')}\n`);
} else {
  if (values.out) writeFileSync(values.out, `${result.html}\n`);
  else process.stdout.write(`${result.html}\n`);
  if (result.styleHashes.length > 0) {
    process.stderr.write(
      `loket-header: add to your Content-Security-Policy: style-src ${result.styleHashes.join(' ')}\n`,
    );
  }
}
