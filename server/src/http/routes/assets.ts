// /loket/*: what the pages' header and look need, from the service's own origin (so the pages' strict policy
// stays 'self'): the header package's drop-in and the modules it loads beside itself, the elements' stylesheets,
// the built themes (header and page tokens, loket-pages.css), and each municipality's logo (registry logo.file).
// Read once at start: a missing build stops the start with a message saying to build.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Municipality } from '../../municipalities/registry.js';
import { ASSET_BASE, DIST_DIR, logoPath } from '../../pages/look.js';
import { HttpError } from '../problem.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

/**
 * The one page under /loket/: the silent sign-in's callback (dist/loket-silent.html), framed by this service's
 * pages only; its URL carries a code, which no referrer carries on.
 */
const SILENT_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; base-uri 'none'; frame-ancestors 'self'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The files under /loket/ by path (relative to it) and their content. */
export function loadAssets(municipalities: readonly Municipality[], dist = DIST_DIR) {
  if (!existsSync(path.join(dist, 'loket-header.js')))
    throw new Error(
      `the header package is not built (${path.join(dist, 'loket-header.js')} is missing): run npm run build`,
    );
  const files = new Map<string, { type: string; content: Buffer }>();
  const add = (name: string, file: string) =>
    files.set(name, { type: TYPES[path.extname(file)]!, content: readFileSync(file) });
  // the drop-in, its lazily loaded modules and the elements' stylesheets (not the source maps)
  for (const f of readdirSync(dist)) if (/^loket-[a-z-]+\.(js|css)$/.test(f)) add(f, path.join(dist, f));
  // the silent sign-in's callback page (auth.silentSignIn; its script is loket-silent.js, above)
  if (existsSync(path.join(dist, 'loket-silent.html'))) add('loket-silent.html', path.join(dist, 'loket-silent.html'));
  const themes = path.join(dist, 'themes');
  for (const f of readdirSync(themes)) if (f.endsWith('.css')) add(`themes/${f}`, path.join(themes, f));
  for (const m of municipalities) if (m.logo?.file) add(logoPath(m.id).slice(ASSET_BASE.length), m.logo.file);
  return files;
}

export function assetRoutes(files: ReturnType<typeof loadAssets>) {
  return async function plugin(scope: FastifyInstance) {
    scope.get(`${ASSET_BASE}*`, (request, reply) => {
      const name = (request.params as { '*': string })['*'];
      const file = files.get(name);
      if (!file) throw new HttpError(404, 'No such file.');
      return reply
        .headers({
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
          ...(name === 'loket-silent.html' && SILENT_PAGE_HEADERS),
        })
        .type(file.type)
        .send(file.content);
    });
  };
}
