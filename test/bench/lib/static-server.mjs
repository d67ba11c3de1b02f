// A tiny static server (node:http) for the bench's own pages: the same headers as the demo site server (no-cache,
// the strict Content-Security-Policy on HTML), so the drop-in page and the static baseline page are served alike.
//
//   /bench/   test/bench/pages/   the bench pages (drop-in, element with inline config, static baseline)
//   /loket/   dist/               the built drop-in, its lazy modules and the themes (or the bench's snapshot of it)
//   /         demo/site/          site.css, the logo, loket.json (unchanged: an anonymous view never calls the backend)

import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../../../demo/site-server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const mountsFor = (distDir) => [
  { prefix: '/bench/', dir: path.join(ROOT, 'test', 'bench', 'pages') },
  { prefix: '/loket/', dir: distDir },
  { prefix: '/', dir: path.join(ROOT, 'demo', 'site') },
];

async function serve(req, res, mounts, pages) {
  const pathname = decodeURIComponent((req.url ?? '/').split(/[?#]/, 1)[0]);
  const made = pages[pathname];
  if (made) {
    const body = Buffer.from(made.html);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES['.html'],
      'content-length': body.length,
      'cache-control': 'no-cache',
      'content-security-policy': made.csp,
    });
    res.end(body);
    return;
  }
  const mount = mounts.find((m) => pathname.startsWith(m.prefix));
  let file = path.join(mount.dir, pathname.slice(mount.prefix.length));
  if (!file.startsWith(mount.dir) || req.method !== 'GET') {
    res.writeHead(404).end();
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file);
    const extension = path.extname(file);
    const headers = {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-cache',
    };
    if (extension === '.html') headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    res.writeHead(200, headers).end(body);
  } catch {
    res.writeHead(404).end();
  }
}

/**
 * Starts the server on a free loopback port; resolves with { url, close }.
 * @param {{ distDir?: string, pages?: Record<string, { html: string, csp: string }> }} [options] the built files
 *   to serve at /loket/ (default dist/); pages made by the bench (path -> HTML and its policy)
 */
export async function startStaticServer({ distDir = path.join(ROOT, 'dist'), pages = {} } = {}) {
  const mounts = mountsFor(distDir);
  const server = createServer((req, res) => {
    serve(req, res, mounts, pages).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 2000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
