// /static/*: the pages' CSS and their one script, from server/static/ (read once at start).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../problem.js';

export const STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'static');
const TYPES: Record<string, string> = {
  'loket.css': 'text/css; charset=utf-8',
  'auto-submit.js': 'text/javascript; charset=utf-8',
};

export function staticRoutes() {
  const files = new Map(
    Object.entries(TYPES).map(([name, type]) => [name, { type, content: readFileSync(path.join(STATIC_DIR, name)) }]),
  );
  return async function plugin(scope: FastifyInstance) {
    scope.get('/static/:name', (request, reply) => {
      const file = files.get((request.params as { name: string }).name);
      if (!file) throw new HttpError(404, 'No such file.');
      return reply
        .headers({ 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' })
        .type(file.type)
        .send(file.content);
    });
  };
}
