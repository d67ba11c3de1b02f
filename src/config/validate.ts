import { LOCALES } from '../i18n/locales.js';
import { isSafeUrl } from '../internal/url.js';
import type {
  AlertConfig,
  AuthConfig,
  ConfigIssue,
  HelpOption,
  Link,
  LoketConfig,
  PartialLoketConfig,
  Translatable,
} from './types.js';

const URL_FORM = 'an http(s) or relative URL';
const TEXT_FORM = 'a non-empty string, or an object with "nl", "fr", "en" or "de" strings';
const ID_FORM = 'lowercase letters, digits and dashes, such as "lindegem"';
const ALERT_VARIANTS = ['info', 'success', 'warning', 'error'] as const;
const HELP_KINDS = ['phone', 'email', 'link', 'hours', 'address'] as const;
const TOP_LEVEL = ['municipality', 'theme', 'umbrella', 'auth', 'api', 'links', 'alert', 'help'];

/** A short, safe description of a bad value for an error message (never the whole value). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects issues while checking one config; each check returns the valid value or undefined. */
class Checker {
  readonly issues: ConfigIssue[] = [];

  fail(path: string, expected: string, value: unknown): undefined {
    this.issues.push({ path, expected, received: describe(value) });
    return undefined;
  }

  object(path: string, value: unknown): Record<string, unknown> | undefined {
    return isRecord(value) ? value : this.fail(path, 'an object', value);
  }

  url(path: string, value: unknown): string | undefined {
    return isSafeUrl(value) ? value : this.fail(path, URL_FORM, value);
  }

  absoluteHttpUrl(path: string, value: unknown): string | undefined {
    if (typeof value === 'string' && /^https?:\/\/[^/\s]/i.test(value) && isSafeUrl(value)) return value;
    return this.fail(path, 'an absolute http(s) URL', value);
  }

  string(path: string, value: unknown, expected = 'a non-empty string'): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value : this.fail(path, expected, value);
  }

  boolean(path: string, value: unknown): boolean | undefined {
    return typeof value === 'boolean' ? value : this.fail(path, 'true or false', value);
  }

  oneOf<T extends string>(path: string, value: unknown, options: readonly T[]): T | undefined {
    return (options as readonly unknown[]).includes(value)
      ? (value as T)
      : this.fail(path, `one of ${options.map((o) => `"${o}"`).join(', ')}`, value);
  }

  text(path: string, value: unknown): Translatable<string> | undefined {
    if (typeof value === 'string') return value.trim() !== '' ? value : this.fail(path, TEXT_FORM, value);
    if (!isRecord(value)) return this.fail(path, TEXT_FORM, value);
    const result: Partial<Record<(typeof LOCALES)[number], string>> = {};
    for (const [key, text] of Object.entries(value)) {
      if (!(LOCALES as readonly string[]).includes(key)) {
        this.fail(`${path}.${key}`, 'a language key "nl", "fr", "en" or "de"', key);
      } else if (typeof text === 'string' && text.trim() !== '') {
        result[key as (typeof LOCALES)[number]] = text;
      } else {
        this.fail(`${path}.${key}`, 'a non-empty string', text);
      }
    }
    return Object.keys(result).length > 0 ? result : this.fail(path, TEXT_FORM, value);
  }

  unknownKeys(path: string, value: Record<string, unknown>, known: string[]) {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.fail(path ? `${path}.${key}` : key, `no such field (known: ${known.join(', ')})`, value[key]);
    }
  }
}

function checkMunicipality(c: Checker, value: unknown): PartialLoketConfig['municipality'] {
  const m = c.object('municipality', value);
  if (!m) return undefined;
  c.unknownKeys('municipality', m, ['id', 'name', 'href', 'logo']);
  const result: PartialLoketConfig['municipality'] = {};
  if (typeof m.id === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.id)) result.id = m.id;
  else c.fail('municipality.id', ID_FORM, m.id);
  result.name = c.text('municipality.name', m.name);
  result.href = c.url('municipality.href', m.href);
  if (m.logo !== undefined) {
    const logo = c.object('municipality.logo', m.logo);
    const src = logo && c.url('municipality.logo.src', logo.src);
    const alt = logo && c.text('municipality.logo.alt', logo.alt);
    if (src && alt) result.logo = { src, alt };
  }
  return result;
}

function checkTheme(c: Checker, value: unknown): string | undefined {
  if (typeof value === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) return value;
  if (typeof value === 'string' && /[/.]/.test(value) && isSafeUrl(value)) return value;
  return c.fail('theme', `a bundled theme id (${ID_FORM}) or ${URL_FORM} of a theme CSS file`, value);
}

function checkAuth(c: Checker, value: unknown): AuthConfig | undefined {
  const a = c.object('auth', value);
  if (!a) return undefined;
  const mode = c.oneOf('auth.mode', a.mode, ['oidc', 'host', 'none'] as const);
  if (mode === 'none') return { mode };
  if (mode === 'host') {
    c.unknownKeys('auth', a, ['mode', 'loginUrl', 'logoutUrl', 'sessionUrl']);
    const loginUrl = c.url('auth.loginUrl', a.loginUrl);
    const logoutUrl = c.url('auth.logoutUrl', a.logoutUrl);
    const sessionUrl = a.sessionUrl === undefined ? undefined : c.url('auth.sessionUrl', a.sessionUrl);
    return loginUrl && logoutUrl ? { mode, loginUrl, logoutUrl, ...(sessionUrl && { sessionUrl }) } : undefined;
  }
  if (mode === 'oidc') {
    c.unknownKeys('auth', a, ['mode', 'authority', 'clientId', 'scope', 'callbackPath']);
    const authority = c.absoluteHttpUrl('auth.authority', a.authority);
    const clientId = c.string('auth.clientId', a.clientId);
    const scope = a.scope === undefined ? undefined : c.string('auth.scope', a.scope, 'space-separated scopes, such as "openid profile"');
    const callbackPath =
      a.callbackPath === undefined
        ? undefined
        : typeof a.callbackPath === 'string' && /^\/(?!\/)/.test(a.callbackPath)
          ? a.callbackPath
          : c.fail('auth.callbackPath', 'a path on this site starting with "/", such as "/"', a.callbackPath);
    if (!authority || !clientId) return undefined;
    return { mode, authority, clientId, ...(scope && { scope }), ...(callbackPath && { callbackPath }) };
  }
  return undefined;
}

function checkApi(c: Checker, value: unknown): LoketConfig['api'] {
  const a = c.object('api', value);
  if (!a) return undefined;
  c.unknownKeys('api', a, ['baseUrl', 'refreshSeconds']);
  const baseUrl = c.url('api.baseUrl', a.baseUrl);
  if (!baseUrl) return undefined;
  if (a.refreshSeconds === undefined) return { baseUrl };
  const valid = typeof a.refreshSeconds === 'number' && Number.isFinite(a.refreshSeconds) && a.refreshSeconds >= 5;
  if (!valid) c.fail('api.refreshSeconds', 'a number of seconds, 5 or more', a.refreshSeconds);
  return valid ? { baseUrl, refreshSeconds: a.refreshSeconds as number } : { baseUrl };
}

function checkLink(c: Checker, path: string, value: unknown): Link | undefined {
  const l = c.object(path, value);
  if (!l) return undefined;
  c.unknownKeys(path, l, ['label', 'href', 'external', 'target']);
  const label = c.text(`${path}.label`, l.label);
  const href = c.url(`${path}.href`, l.href);
  if (!label || !href) return undefined;
  const link: Link = { label, href };
  if (l.external !== undefined) {
    const external = c.boolean(`${path}.external`, l.external);
    if (external !== undefined) link.external = external;
  }
  if (l.target !== undefined) {
    const target = c.oneOf(`${path}.target`, l.target, ['_blank', '_self'] as const);
    if (target) link.target = target;
  }
  return link;
}

function checkLinkList(c: Checker, path: string, value: unknown): Link[] | undefined {
  if (!Array.isArray(value)) return c.fail(path, 'an array of links { label, href }', value);
  return value.map((item, i) => checkLink(c, `${path}[${i}]`, item)).filter((l): l is Link => l !== undefined);
}

function checkLinks(c: Checker, value: unknown): LoketConfig['links'] {
  const l = c.object('links', value);
  if (!l) return undefined;
  c.unknownKeys('links', l, ['main', 'application']);
  const result: NonNullable<LoketConfig['links']> = {};
  if (l.main !== undefined) result.main = checkLinkList(c, 'links.main', l.main);
  if (l.application !== undefined) result.application = checkLinkList(c, 'links.application', l.application);
  return result;
}

export function checkAlert(c: Checker, value: unknown, path = 'alert'): AlertConfig | undefined {
  const a = c.object(path, value);
  if (!a) return undefined;
  c.unknownKeys(path, a, ['message', 'variant', 'dismissible']);
  const message = c.text(`${path}.message`, a.message);
  const variant = c.oneOf(`${path}.variant`, a.variant, ALERT_VARIANTS);
  if (!message || !variant) return undefined;
  const alert: AlertConfig = { message, variant };
  if (a.dismissible !== undefined) {
    const dismissible = c.boolean(`${path}.dismissible`, a.dismissible);
    if (dismissible !== undefined) alert.dismissible = dismissible;
  }
  return alert;
}

function checkHelp(c: Checker, value: unknown): LoketConfig['help'] {
  const h = c.object('help', value);
  if (!h) return undefined;
  c.unknownKeys('help', h, ['label', 'options']);
  const label = h.label === undefined ? undefined : c.text('help.label', h.label);
  if (!Array.isArray(h.options)) return c.fail('help.options', 'an array of { kind, label, value }', h.options);
  const options = h.options
    .map((item, i): HelpOption | undefined => {
      const path = `help.options[${i}]`;
      const o = c.object(path, item);
      if (!o) return undefined;
      const kind = c.oneOf(`${path}.kind`, o.kind, HELP_KINDS);
      const optionLabel = c.text(`${path}.label`, o.label);
      const optionValue =
        kind === 'link' ? c.url(`${path}.value`, o.value) : c.string(`${path}.value`, o.value);
      return kind && optionLabel && optionValue ? { kind, label: optionLabel, value: optionValue } : undefined;
    })
    .filter((o): o is HelpOption => o !== undefined);
  return { ...(label && { label }), options };
}

export interface ValidationResult {
  /** Everything that passed; bad fields are left out. */
  config: PartialLoketConfig;
  issues: ConfigIssue[];
}

/**
 * Checks a config field by field. Never throws: a bad field is reported and left out, so the header can
 * still render what is valid.
 */
export function validateConfig(input: unknown): ValidationResult {
  const c = new Checker();
  if (!isRecord(input)) {
    c.fail('(config)', 'a JSON object with at least "municipality"', input);
    return { config: {}, issues: c.issues };
  }
  c.unknownKeys('', input, TOP_LEVEL);
  const config: PartialLoketConfig = {};
  if (input.municipality === undefined) c.fail('municipality', 'an object { id, name, href }', undefined);
  else config.municipality = checkMunicipality(c, input.municipality);
  if (input.theme !== undefined) config.theme = checkTheme(c, input.theme);
  if (input.umbrella !== undefined) {
    const u = c.object('umbrella', input.umbrella);
    const label = u && c.text('umbrella.label', u.label);
    const href = u && c.url('umbrella.href', u.href);
    if (label && href) config.umbrella = { label, href };
  }
  if (input.auth !== undefined) config.auth = checkAuth(c, input.auth);
  if (input.api !== undefined) config.api = checkApi(c, input.api);
  if (input.links !== undefined) config.links = checkLinks(c, input.links);
  if (input.alert !== undefined && input.alert !== null) config.alert = checkAlert(c, input.alert);
  if (input.help !== undefined) config.help = checkHelp(c, input.help);
  for (const key of Object.keys(config) as (keyof PartialLoketConfig)[]) {
    if (config[key] === undefined) delete config[key];
  }
  return { config, issues: c.issues };
}

/** Checks one alert, as `setAlert()` takes it. */
export function validateAlert(input: unknown): { alert?: AlertConfig; issues: ConfigIssue[] } {
  const c = new Checker();
  const alert = checkAlert(c, input);
  return { alert, issues: c.issues };
}

/** One line per issue, naming the field and the expected form. */
export function formatIssues(issues: ConfigIssue[]): string {
  return issues.map((i) => `- ${i.path}: expected ${i.expected}; got ${i.received}`).join('\n');
}
