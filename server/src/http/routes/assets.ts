// /loket/*: what the pages' header and look need, from the service's own origin (so the pages' strict policy
// stays 'self'): the header package's drop-in and the modules it loads beside itself, the elements' stylesheets,
// the built themes (header and page tokens, loket-pages.css), and each municipality's logo (registry logo.file).
// Read at start: a missing build stops the start with a message saying to build. The themes and logos, which a
// designer changes (npm run build:themes), are read again when their file changed, so the pages follow without
// a restart; the drop-in and its modules stay as started, to match the header pre-rendered with them.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

interface Asset {
  type: string;
  content: Buffer;
  file: string;
  /** read again when the file changed (themes, logos) */
  live: boolean;
  mtimeMs: number;
}

/** The files under /loket/ by path (relative to it) and their content. */
export function loadAssets(municipalities: readonly Municipality[], dist = DIST_DIR) {
  if (!existsSync(path.join(dist, 'loket-header.js')))
    throw new Error(
      `the header package is not built (${path.join(dist, 'loket-header.js')} is missing): run npm run build`,
    );
  const files = new Map<string, Asset>();
  const add = (name: string, file: string, live = false) =>
    files.set(name, {
      type: TYPES[path.extname(file)]!,
      content: readFileSync(file),
      file,
      live,
      mtimeMs: statSync(file).mtimeMs,
    });
  // the drop-in, its lazily loaded modules and the elements' stylesheets (not the source maps)
  for (const f of readdirSync(dist)) if (/^loket-[a-z-]+\.(js|css)$/.test(f)) add(f, path.join(dist, f));
  // the silent sign-in's callback page (auth.silentSignIn; its script is loket-silent.js, above)
  if (existsSync(path.join(dist, 'loket-silent.html'))) add('loket-silent.html', path.join(dist, 'loket-silent.html'));
  const themes = path.join(dist, 'themes');
  for (const f of readdirSync(themes)) if (f.endsWith('.css')) add(`themes/${f}`, path.join(themes, f), true);
  for (const m of municipalities) if (m.logo?.file) add(logoPath(m.id).slice(ASSET_BASE.length), m.logo.file, true);
  return files;
}

/** A live asset as its file is now: read again when it changed; as last read while it is missing or half written. */
function current(asset: Asset): Asset {
  if (!asset.live) return asset;
  const stat = statSync(asset.file, { throwIfNoEntry: false });
  if (stat && stat.mtimeMs !== asset.mtimeMs) {
    try {
      const content = readFileSync(asset.file);
      // a build writes the file anew: an empty read is one caught between truncation and write
      if (content.length > 0) Object.assign(asset, { content, mtimeMs: stat.mtimeMs });
    } catch {
      // gone between the stat and the read: the last content stays
    }
  }
  return asset;
}

export function assetRoutes(files: ReturnType<typeof loadAssets>) {
  return async function plugin(scope: FastifyInstance) {
    scope.get(`${ASSET_BASE}*`, (request, reply) => {
      const name = (request.params as { '*': string })['*'];
      const known = files.get(name);
      if (!known) throw new HttpError(404, 'No such file.');
      const file = current(known);
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
