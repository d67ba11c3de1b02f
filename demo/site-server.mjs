// A small static server for the demo site (node:http only, no frameworks).
//
//   /              demo/site/         the sample municipal website of "Lindegem"
//   /loket/        dist/              the built drop-in script and bundled themes
//   /preview/      demo/preview/      the theme preview: every theme in every state, with its contrast report
//   /test-pages/   test/e2e/pages/    fixture pages for the end-to-end tests
//   /__loket/events                   server-sent events after each rebuild (only with `liveReload: true`)
//
// `startSiteServer({ site: 'havenstad' })` serves another municipality's demo site at `/` instead (the folder
// named in its registry entry, demo/municipalities/havenstad.json: demo/sites/havenstad/), with the same other
// mounts. Each demo site runs on a port of its own, so each is its own origin, as real municipal sites are.
//
// Every response carries `cache-control: no-cache` (edits show on reload; the browser revalidates with
// ETag). HTML is served with a strict Content-Security-Policy (no inline script or style, Trusted Types
// required), so the demo proves that the header works under one. Request bodies are never read or logged.
//
//   import { startSiteServer } from './demo/site-server.mjs';
//   const server = await startSiteServer({ port: 0 }); // port 0: any free port
//   console.log(server.url); await server.close();
//   server.notify('themes');                             // with liveReload: tells open previews to refresh

import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MUNICIPALITIES, municipality, sitePort } from './municipalities/index.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** URL prefix -> folder. The longest matching prefix wins; `/` is the fallback. */
export const MOUNTS = Object.freeze([
  { prefix: '/loket/', dir: path.join(ROOT, 'dist') },
  { prefix: '/preview/', dir: path.join(ROOT, 'demo', 'preview') },
  { prefix: '/test-pages/', dir: path.join(ROOT, 'test', 'e2e', 'pages') },
  { prefix: '/', dir: path.join(ROOT, 'demo', 'site') },
]);

/** The municipalities whose demo sites run next to Lindegem's (at `/` of the default server), each on its own port. */
export const OTHER_SITES = Object.freeze(MUNICIPALITIES.map((m) => m.id).filter((id) => id !== 'lindegem'));

/** The mounts of one municipality's demo site: its folder at `/`, the others as in MOUNTS. */
export function mountsFor(site) {
  if (site === undefined) return MOUNTS;
  const entry = municipality(site);
  if (!entry) throw new Error(`unknown demo site "${site}" (known: ${MUNICIPALITIES.map((m) => m.id).join(', ')})`);
  return Object.freeze([
    ...MOUNTS.filter((m) => m.prefix !== '/'),
    { prefix: '/', dir: path.join(ROOT, entry.site.folder) },
  ]);
}

/**
 * A service for `npm start` (scripts/start.mjs): starts one municipality's demo site on its registry port
 * (or the port in its environment variable) and returns { name, url, close, describe }.
 */
export function municipalSiteService(site, { log = false, backendUrl } = {}) {
  const entry = municipality(site);
  if (!entry) throw new Error(`unknown demo site "${site}"`);
  return async function startMunicipalSite() {
    const server = await startSiteServer({ port: sitePort(entry), site, log, backendUrl });
    return {
      name: `site ${site}`,
      url: server.url,
      close: server.close,
      describe: () => [
        `  ${site.padEnd(9)} ${server.url}   ${entry.name.nl}: its own demo site (theme "${entry.theme}")`,
      ],
    };
  };
}

/** The live-reload event stream (server-sent events), offered only with `liveReload: true`. */
export const EVENTS_PATH = '/__loket/events';

export const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
});

/** The policy a careful municipal site would send: nothing inline, nothing from elsewhere, Trusted Types on. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

const COMMON_HEADERS = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function send(res, status, body, headers = {}) {
  const text = `${body}\n`;
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

function isInside(dir, file) {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Maps a request path onto a file inside one of the mounts, or returns why not.
 * @returns {{ file: string, mount: object } | { redirect: string } | { status: number, reason: string }}
 */
export function resolveRequestPath(rawPath, mounts = MOUNTS) {
  let pathname;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return { status: 400, reason: 'Bad request: malformed URL encoding' };
  }
  // NUL bytes and backslashes have no business in a URL path here; refusing them closes Windows-style tricks.
  if (pathname.includes('\0') || pathname.includes('\\')) return { status: 400, reason: 'Bad request' };
  if (!pathname.startsWith('/')) return { status: 400, reason: 'Bad request' };
  // "..", or "." as a path segment, is refused outright rather than normalised away.
  if (pathname.split('/').some((segment) => segment === '..' || segment === '.')) {
    return { status: 400, reason: 'Bad request: dot segments are not allowed' };
  }
  // `/loket` (no slash) is the folder `/loket/`.
  for (const mount of mounts) {
    if (mount.prefix !== '/' && pathname === mount.prefix.slice(0, -1)) return { redirect: mount.prefix };
  }
  const mount = mounts.find((m) => pathname.startsWith(m.prefix));
  if (!mount) return { status: 404, reason: 'Not found' };
  const file = path.resolve(mount.dir, `.${pathname.slice(mount.prefix.length - 1)}`);
  if (!isInside(mount.dir, file)) return { status: 403, reason: 'Forbidden' };
  return { file, mount };
}

/** The backend origin the demo configs name; replaced by the real one when the backend runs elsewhere. */
export const DEFAULT_BACKEND_URL = 'http://localhost:8081';

/** The CSP for a page: the profile API and the provider's token endpoint are fetched from the backend's origin. */
function policyFor(csp, backendUrl) {
  if (!csp || !backendUrl) return csp;
  return csp.replace("connect-src 'self'", `connect-src 'self' ${new URL(backendUrl).origin}`);
}

async function serve(req, res, { mounts, csp, backendUrl }) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    return;
  }
  // Only the path matters; the query string is ignored. The raw URL is used, before any normalisation.
  const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] || '/';
  const resolved = resolveRequestPath(rawPath, mounts);
  if ('redirect' in resolved) {
    res.writeHead(301, { ...COMMON_HEADERS, location: resolved.redirect, 'content-length': 0 });
    res.end();
    return;
  }
  if ('status' in resolved) {
    send(res, resolved.status, resolved.reason);
    return;
  }
  let file = resolved.file;
  let info;
  try {
    info = await stat(file);
    if (info.isDirectory()) {
      if (!rawPath.endsWith('/')) {
        // Relative links in a folder's index.html need the trailing slash.
        const query = (req.url ?? '').slice(rawPath.length);
        res.writeHead(301, { ...COMMON_HEADERS, location: `${rawPath}/${query}`, 'content-length': 0 });
        res.end();
        return;
      }
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    // A symbolic link must not lead out of its mount either.
    const [realFile, realDir] = await Promise.all([realpath(file), realpath(resolved.mount.dir)]);
    if (!isInside(realDir, realFile)) {
      send(res, 403, 'Forbidden');
      return;
    }
  } catch (error) {
    if (error?.code === 'ENOENT' || error?.code === 'ENOTDIR') send(res, 404, 'Not found');
    else send(res, 500, 'Internal server error');
    return;
  }

  const extension = path.extname(file).toLowerCase();
  const type = CONTENT_TYPES[extension] ?? 'application/octet-stream';
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    ...COMMON_HEADERS,
    'content-type': type,
    etag,
    'last-modified': info.mtime.toUTCString(),
  };
  const backend = typeof backendUrl === 'function' ? backendUrl() : backendUrl;
  if (extension === '.html' && csp) headers['content-security-policy'] = policyFor(csp, backend ?? DEFAULT_BACKEND_URL);
  if (extension === '.json' && backend && backend !== DEFAULT_BACKEND_URL) {
    // A demo config names the backend at its default address: point it at the one that runs.
    const text = (await readFile(file, 'utf8')).replaceAll(DEFAULT_BACKEND_URL, backend.replace(/\/$/, ''));
    send(res, 200, text, { ...COMMON_HEADERS, 'content-type': type });
    return;
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['content-length'] = info.size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Starts the site server.
 * @param {object} [options]
 * @param {number} [options.port] 0 picks a free port (for tests); default LOKET_SITE_PORT or 8080
 * @param {string} [options.site] serve this municipality's demo site at `/` (an id of demo/municipalities/);
 *   default Lindegem's demo/site/
 * @param {string} [options.host] default 127.0.0.1
 * @param {string | false} [options.csp] the Content-Security-Policy of HTML responses; false sends none
 * @param {boolean} [options.log] print one line per request (method, path, status; never bodies)
 * @param {boolean} [options.liveReload] offer server-sent events at /__loket/events (see `notify`)
 * @param {string} [options.publicHost] the host name in `url` (default localhost, the demo backend's site)
 * @param {string | (() => string | undefined)} [options.backendUrl] where the reference backend runs, when not
 *   at http://localhost:8081: JSON configs are rewritten to it and pages may connect to it
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void>,
 *   notify: (event: string, data?: unknown) => number }>} `notify` sends one event to every open event
 *   stream (nothing without liveReload) and returns how many received it.
 */
export async function startSiteServer({
  port = Number(process.env.LOKET_SITE_PORT) || 8080,
  host = '127.0.0.1',
  csp = CONTENT_SECURITY_POLICY,
  log = false,
  site,
  mounts = mountsFor(site),
  liveReload = false,
  publicHost = 'localhost',
  backendUrl,
} = {}) {
  const streams = new Set();
  const server = createServer((req, res) => {
    if (log) {
      res.on('finish', () => console.log(`${res.statusCode} ${req.method} ${(req.url ?? '').split('?', 1)[0]}`));
    }
    if (liveReload && req.method === 'GET' && (req.url ?? '').split('?', 1)[0] === EVENTS_PATH) {
      openEventStream(req, res, streams);
      return;
    }
    serve(req, res, { mounts, csp, backendUrl }).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal server error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 2000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  // Named `localhost` by default: the backend's host-mode cookie needs the site and the backend on one site.
  const shownHost = publicHost ?? host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${actualPort}/`;
  const heartbeat = liveReload
    ? setInterval(() => streams.forEach((res) => res.write(': keep-alive\n\n')), 15_000)
    : undefined;
  heartbeat?.unref();
  return {
    url,
    port: actualPort,
    notify(event, data = {}) {
      const message = `event: ${String(event).replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const res of streams) res.write(message);
      return streams.size;
    },
    close: () =>
      new Promise((resolve) => {
        clearInterval(heartbeat);
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Keeps a server-sent events response open until the client goes away. */
function openEventStream(req, res, streams) {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
  });
  res.write('retry: 1000\n: connected\n\n');
  streams.add(res);
  req.on('close', () => streams.delete(res));
}

// `node demo/site-server.mjs` serves the site on its own (no build, no watching; see `npm start`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startSiteServer({ log: process.argv.includes('--log') });
  console.log(`Lindegem demo site: ${server.url}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
