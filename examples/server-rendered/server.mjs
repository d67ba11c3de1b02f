// A municipal site that renders its pages on the server, with the header pre-rendered by `renderHeader` on every
// request (declarative shadow DOM), under a strict Content-Security-Policy: no inline script, inline styles only
// by their hashes, Trusted Types required. The page adds nothing but `<script src="/loket/loket-header.js" defer>`,
// which hydrates the header in place.
//
//   node examples/server-rendered/server.mjs        (after npm run build; http://localhost:8090)
//   LOKET_BACKEND_URL=http://localhost:8081         the sign-in provider and profile API (npm start runs one)
//
//   /                 /afval  /parkeren    pages rendered per request (?lang=fr|en|de for another language)
//   /static/          the same page from the CLI's output (`loket-header render --styles link`), see build-static.mjs
//   /loket/           the package's dist/ (the drop-in, its modules, the themes, the element CSS)

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// In a site: import { renderHeader } from 'loket-header/render';
import { renderHeader } from '../../dist/render/render.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(HERE, '..', '..', 'dist');
const PUBLIC = path.join(HERE, 'public');
const STATIC = path.join(HERE, 'static');

const TYPES = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json',
};

const PAGES = {
  '/': {
    nl: 'Welkom in Lindegem',
    fr: 'Bienvenue à Lindegem',
    en: 'Welcome to Lindegem',
    de: 'Willkommen in Lindegem',
  },
  '/afval': { nl: 'Afval', fr: 'Déchets', en: 'Waste', de: 'Abfall' },
  '/parkeren': { nl: 'Parkeren', fr: 'Stationnement', en: 'Parking', de: 'Parken' },
};

/** The example's config, pointed at the backend the site uses. */
export async function exampleConfig(backendUrl) {
  const config = JSON.parse(await readFile(path.join(HERE, 'loket.json'), 'utf8'));
  const origin = new URL(backendUrl).origin;
  config.auth = { ...config.auth, authority: origin, signInPage: `${origin}/berichten` };
  config.api = { ...config.api, baseUrl: `${origin}/api` };
  return config;
}

function csp({ styleHashes = [], backendOrigin }) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${styleHashes.join(' ')}`.trim(),
    "img-src 'self'",
    `connect-src 'self' ${backendOrigin}`,
    // The pre-rendered sign-in button is a form to the service's sign-in page (used only without JavaScript).
    `form-action 'self' ${backendOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

export function pageHtml({ lang, title, header }) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - Gemeente Lindegem</title>
<link rel="stylesheet" href="/site.css">
<script src="/loket/loket-header.js" defer></script>
</head>
<body>
${header}
<main><h1>${title}</h1><p>This page was rendered on the server, its header too.</p></main>
</body>
</html>
`;
}

async function serveFile(res, dir, relative, headers = {}) {
  const file = path.join(dir, path.normalize(`/${relative}`));
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...headers,
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
}

/**
 * @param {{ port?: number, backendUrl?: string | (() => string), styles?: 'inline' | 'link' }} [options]
 */
export async function startExampleServer({
  port = 8090,
  backendUrl = process.env.LOKET_BACKEND_URL ?? 'http://localhost:8081',
  styles = 'inline',
} = {}) {
  const backend = () => (typeof backendUrl === 'function' ? backendUrl() : backendUrl);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const backendOrigin = new URL(backend()).origin;
    if (url.pathname.startsWith('/loket/')) return serveFile(res, DIST, url.pathname.slice('/loket/'.length));
    if (url.pathname === '/static/' || url.pathname === '/static/index.html') {
      return serveFile(res, STATIC, 'index.html', { 'content-security-policy': csp({ backendOrigin }) });
    }
    const title = PAGES[url.pathname];
    if (!title) return serveFile(res, PUBLIC, url.pathname);
    const lang = ['nl', 'fr', 'en', 'de'].includes(url.searchParams.get('lang')) ? url.searchParams.get('lang') : 'nl';
    const config = await exampleConfig(backend());
    // Per request: the page marks its own link current and sends the citizen back here after sign-in.
    const header = renderHeader(config, { lang, styles, assetBase: '/loket/', page: url.pathname, publicDir: PUBLIC });
    const body = pageHtml({ lang, title: title[lang], header: header.html });
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': csp({ styleHashes: header.styleHashes, backendOrigin }),
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://localhost:${server.address().port}/`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startExampleServer({ port: Number(process.env.PORT ?? 8090) });
  console.log(`server-rendered example at ${url}`);
}
