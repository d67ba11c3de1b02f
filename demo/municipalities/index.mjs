// The municipality registry of the demo: one JSON file per municipality (demo/municipalities/<id>.json, described
// by municipality.schema.json): its name, theme, logo, the site origins it owns and its links. The profile
// service will read it to render a citizen's pages in the look of the municipality whose site they came from;
// the site server reads it to serve each municipality's demo site on a port (an origin) of its own.
//
//   import { MUNICIPALITIES, municipalityForOrigin, siteOrigins } from './demo/municipalities/index.mjs';

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REGISTRY_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMA_FILE = path.join(REGISTRY_DIR, 'municipality.schema.json');

/** The registry files, sorted by id. */
export function registryFiles(dir = REGISTRY_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every municipality of the registry (parsed, not validated: test/node/municipalities.test.mjs validates). */
export const MUNICIPALITIES = Object.freeze(
  registryFiles().map((file) => Object.freeze(JSON.parse(readFileSync(file, 'utf8')))),
);

/** The municipality by id, or undefined. */
export function municipality(id) {
  return MUNICIPALITIES.find((m) => m.id === id);
}

/** The port a municipality's demo site listens on: its environment variable, else the registry's default. */
export function sitePort(entry, env = process.env) {
  return Number(entry.site.portEnv && env[entry.site.portEnv]) || entry.site.port;
}

/** The origins of every demo site, with the ports as configured in the environment (for the backend's CORS and redirect URIs). */
export function siteOrigins(env = process.env) {
  return MUNICIPALITIES.map((m) => `http://localhost:${sitePort(m, env)}`);
}

/** The municipality that owns a site origin (e.g. the Origin or Referer a citizen came with), or undefined. */
export function municipalityForOrigin(origin, env = process.env) {
  let wanted;
  try {
    wanted = new URL(origin).origin;
  } catch {
    return undefined;
  }
  return MUNICIPALITIES.find(
    (m) => m.site.origins.includes(wanted) || `http://localhost:${sitePort(m, env)}` === wanted,
  );
}
