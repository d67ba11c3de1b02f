// The municipality registry: one JSON file per municipality (name, theme, logo, the site origins it owns, its
// links), in the folder LOKET_MUNICIPALITIES_DIR names (the demo: demo/municipalities). Checked at start against
// the registry's JSON Schema and against what the service has (the built themes, the logo files); a bad file stops
// the start with a message naming the file and the field. Without a folder the service has one default
// municipality ("Loket", the default theme, no logo) owning every site origin.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { PROJECT_ROOT } from '../config.js';
import { LANGUAGES, type Lang } from '../pages/texts.js';

/** The registry's JSON Schema (one source: the demo registry's own `$schema`). */
export const REGISTRY_SCHEMA_FILE = path.join(PROJECT_ROOT, 'demo', 'municipalities', 'municipality.schema.json');
/** The built themes (`<id>.css` for the header, `<id>.page.css` for the pages). */
export const THEMES_DIR = path.join(PROJECT_ROOT, 'dist', 'themes');

export type Text = Record<Lang, string>;
export interface RegistryLink {
  label: Text;
  href: string;
}

/** One municipality as the service uses it. */
export interface Municipality {
  id: string;
  name: Text;
  theme: string;
  /** `file`: the logo file the service serves itself (absolute path), when the registry names one */
  logo?: { src: string; alt: Text; file?: string };
  /** the site origins it owns (normalised) */
  origins: string[];
  links: { main: RegistryLink[]; applications: RegistryLink[] };
}

/** A registry entry as written (the schema's shape). */
interface RegistryFile {
  id: string;
  name: Text;
  theme: string;
  logo: { src: string; alt: Text; file?: string };
  site: { origins: string[] };
  links: { main: RegistryLink[]; applications: RegistryLink[] };
}

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

const sameText = (value: string): Text => Object.fromEntries(LANGUAGES.map((l) => [l, value])) as Text;

/** The one municipality of a service without a registry: the default look, every site origin its own. */
export function defaultMunicipality(siteOrigins: readonly string[]): Municipality {
  return {
    id: 'loket',
    name: sameText('Loket'),
    theme: 'loket',
    origins: [...siteOrigins],
    links: { main: [], applications: [] },
  };
}

/** The bundled themes that have both files the pages link. */
export function builtThemes(dir = THEMES_DIR): string[] {
  if (!existsSync(dir)) return [];
  const files = new Set(readdirSync(dir));
  return [...files]
    .filter((f) => /^[a-z][a-z0-9-]*\.css$/.test(f) && !f.endsWith('.page.css') && f !== 'loket-pages.css')
    .map((f) => f.slice(0, -4))
    .filter((id) => files.has(`${id}.page.css`))
    .sort();
}

/**
 * Reads and checks every `<id>.json` of `dir` (not `*.schema.json`). Throws a RegistryError listing each problem
 * as `<file>: <field> <what is wrong>`.
 */
export function loadMunicipalities(
  dir: string,
  { themes = builtThemes() }: { themes?: string[] } = {},
): Municipality[] {
  const folder = path.resolve(PROJECT_ROOT, dir);
  if (!existsSync(folder))
    throw new RegistryError(
      `LOKET_MUNICIPALITIES_DIR: the folder ${folder} does not exist (expected a folder of <id>.json files).`,
    );
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort();
  if (files.length === 0)
    throw new RegistryError(`LOKET_MUNICIPALITIES_DIR: ${folder} holds no municipality (expected <id>.json files).`);
  const schema = JSON.parse(readFileSync(REGISTRY_SCHEMA_FILE, 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const problems: string[] = [];
  const entries: Municipality[] = [];
  const owner = new Map<string, string>();
  for (const name of files) {
    const file = path.join(folder, name);
    const where = path.relative(PROJECT_ROOT, file) || file;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${where}: is not valid JSON (${(error as Error).message})`);
      continue;
    }
    if (!validate(data)) {
      for (const e of validate.errors ?? []) {
        const field = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(the file)';
        const extra =
          e.keyword === 'additionalProperties'
            ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
            : e.keyword === 'required'
              ? ` (${(e.params as { missingProperty: string }).missingProperty})`
              : '';
        problems.push(`${where}: ${field} ${e.message ?? 'is not valid'}${extra}`);
      }
      continue;
    }
    const entry = data as RegistryFile;
    if (entry.id !== name.slice(0, -5)) problems.push(`${where}: id "${entry.id}" must match the file name`);
    if (!themes.includes(entry.theme))
      problems.push(`${where}: theme "${entry.theme}" is not a built theme (expected one of ${themes.join(', ')})`);
    let logoFile: string | undefined;
    if (entry.logo.file !== undefined) {
      logoFile = path.resolve(folder, entry.logo.file);
      if (!existsSync(logoFile)) problems.push(`${where}: logo.file ${logoFile} does not exist`);
    }
    const origins = entry.site.origins.map((o) => new URL(o).origin);
    for (const origin of origins) {
      const other = owner.get(origin);
      if (other && other !== entry.id)
        problems.push(
          `${where}: site.origins ${origin} is already owned by "${other}" (an origin has one municipality)`,
        );
      owner.set(origin, entry.id);
    }
    entries.push({
      id: entry.id,
      name: entry.name,
      theme: entry.theme,
      logo: { src: entry.logo.src, alt: entry.logo.alt, ...(logoFile ? { file: logoFile } : {}) },
      origins,
      links: entry.links,
    });
  }
  if (problems.length)
    throw new RegistryError(
      `the municipality registry (${folder}) has errors:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return entries;
}

/** The municipalities of a service and how a request's origin maps onto one. */
export interface MunicipalityRegistry {
  all: readonly Municipality[];
  /** the one used when nothing says which: the owner of the first site origin, else the first */
  fallback: Municipality;
  byId(id: unknown): Municipality | undefined;
  /** the owner of a URL's origin (a redirect URI, a Referer, a return URL), if any */
  forUrl(url: unknown): Municipality | undefined;
}

export function createRegistry(all: readonly Municipality[], siteOrigins: readonly string[]): MunicipalityRegistry {
  if (all.length === 0) throw new RegistryError('the municipality registry is empty');
  const byOrigin = new Map(all.flatMap((m) => m.origins.map((o) => [o, m] as const)));
  const forUrl = (url: unknown) => {
    if (typeof url !== 'string' || url === '') return undefined;
    try {
      return byOrigin.get(new URL(url).origin);
    } catch {
      return undefined;
    }
  };
  return {
    all,
    fallback: (siteOrigins[0] && byOrigin.get(siteOrigins[0])) || all[0]!,
    byId: (id) => all.find((m) => m.id === id),
    forUrl,
  };
}
