// Section 1: the bytes a site downloads for the header, raw, gzip -9 and brotli (max quality, for information),
// per kind of page view and per theme. Each file is compressed on its own (each is its own response).

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from '../lib/static-server.mjs';

export const BUDGET_GZIP = 20 * 1024;

let distRoot = path.join(ROOT, 'dist');

function sizes(file) {
  const body = readFileSync(file);
  return {
    file: file.startsWith(ROOT) ? path.relative(ROOT, file) : path.join('dist', path.relative(distRoot, file)),
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length,
  };
}

const add = (...parts) => ({
  raw: parts.reduce((s, p) => s + p.raw, 0),
  gzip: parts.reduce((s, p) => s + p.gzip, 0),
  brotli: parts.reduce((s, p) => s + p.brotli, 0),
  files: parts.map((p) => p.file),
});

/** The static baseline's header: its HTML fragment (inside the page) and its stylesheet. */
function staticHeader() {
  const html = readFileSync(path.join(ROOT, 'test/bench/pages/static-header.html'), 'utf8');
  const fragment = /<header class="static-header">[\s\S]*?<\/header>/.exec(html)[0];
  const css = readFileSync(path.join(ROOT, 'test/bench/pages/static-header.css'));
  const part = (body, file) => ({
    file,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body).length,
  });
  return add(
    part(Buffer.from(fragment), 'test/bench/pages/static-header.html (the <header> element)'),
    part(css, 'test/bench/pages/static-header.css'),
  );
}

/**
 * What an anonymous view of the demo site (`demo/site/index.html` with `demo/site/loket.json`) downloads for the
 * header, derived from that config: the drop-in, the config JSON, its theme, the help module when it has help
 * options, the alert module when it has an alert, and its logo. Reported next to the budget, not asserted.
 * @param {string} [dist] the built files
 */
export function demoAnonymousView(dist = path.join(ROOT, 'dist')) {
  distRoot = dist;
  const configFile = path.join(ROOT, 'demo/site/loket.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  const parts = [sizes(path.join(dist, 'loket-header.js')), sizes(configFile)];
  if (config.theme) parts.push(sizes(path.join(dist, 'themes', `${config.theme}.css`)));
  if (config.help?.options?.length) parts.push(sizes(path.join(dist, 'loket-help.js')));
  if (config.alert) parts.push(sizes(path.join(dist, 'loket-alert.js')));
  const logo = config.municipality?.logo?.src;
  if (logo && logo.startsWith('/')) parts.push(sizes(path.join(ROOT, 'demo/site', logo)));
  return { ...add(...parts), parts };
}

/** @param {string} [dist] the built files (default dist/; the bench passes its snapshot) */
export function measureBytes(dist = path.join(ROOT, 'dist')) {
  distRoot = dist;
  const dropIn = sizes(path.join(dist, 'loket-header.js'));
  const signedIn = sizes(path.join(dist, 'loket-signed-in.js'));
  const oidc = sizes(path.join(dist, 'loket-oidc.js'));
  const api = sizes(path.join(dist, 'loket-api.js'));
  const help = sizes(path.join(dist, 'loket-help.js'));
  const alert = sizes(path.join(dist, 'loket-alert.js'));
  const globalHeader = sizes(path.join(dist, 'loket-global-header.js'));
  const config = sizes(path.join(ROOT, 'demo/site/loket.json'));
  // the header's theme files only, as test/node/budget.test.mjs counts them (<id>.page.css and loket-pages.css
  // style the service's own pages, not a site's view)
  const themes = readdirSync(path.join(dist, 'themes'))
    .filter((f) => f.endsWith('.css') && !f.endsWith('.page.css') && f !== 'loket-pages.css')
    .sort()
    .map((f) => ({ id: path.basename(f, '.css'), ...sizes(path.join(dist, 'themes', f)) }));
  const largest = themes.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  const views = (theme) => ({
    anonymous: add(dropIn, theme, config),
    help: add(dropIn, theme, config, help),
    alert: add(dropIn, theme, config, alert),
    flemish: add(globalHeader, theme, config, api, help),
    // A signed-in header loads the alert bar too, so that a session message can show when the network is gone.
    signedIn: add(dropIn, theme, config, signedIn, alert),
    // The view that signs in (the callback), renews the access token or signs out also loads oidc-client-ts.
    signingIn: add(dropIn, theme, config, signedIn, alert, oidc),
    api: add(dropIn, theme, config, api),
    apiSignedIn: add(dropIn, theme, config, signedIn, alert, api),
  });
  return {
    files: { dropIn, signedIn, oidc, api, help, alert, globalHeader, config },
    themes: themes.map((theme) => ({ ...theme, views: views(theme) })),
    largest,
    budget: { limit: BUDGET_GZIP, used: dropIn.gzip + largest.gzip },
    demoAnonymous: demoAnonymousView(dist),
    baseline: staticHeader(),
  };
}
