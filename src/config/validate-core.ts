import { isSafeUrl } from '../internal/url.js';
import { Checker, isRecord, URL_FORM } from './checker.js';
import type { AlertConfig, AuthConfig, ConfigIssue, Link, LoketConfig, PartialLoketConfig } from './types.js';

const ID_FORM = 'lowercase letters, digits and dashes, such as "lindegem"';
const ALERT_VARIANTS = ['info', 'success', 'warning', 'error'] as const;
const TOP_LEVEL = ['municipality', 'theme', 'umbrella', 'auth', 'api', 'links', 'alert', 'help'];

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
    c.unknownKeys('auth', a, ['mode', 'loginUrl', 'logoutUrl', 'sessionUrl', 'switchUrl']);
    const loginUrl = c.url('auth.loginUrl', a.loginUrl);
    const logoutUrl = c.url('auth.logoutUrl', a.logoutUrl);
    const sessionUrl = a.sessionUrl === undefined ? undefined : c.url('auth.sessionUrl', a.sessionUrl);
    // `{returnUrl}` and `{loginHint}` are placeholders; a bad switchUrl only disables switching identity
    const switchUrl = a.switchUrl === undefined ? undefined : c.url('auth.switchUrl', a.switchUrl);
    return loginUrl && logoutUrl
      ? { mode, loginUrl, logoutUrl, ...(sessionUrl && { sessionUrl }), ...(switchUrl && { switchUrl }) }
      : undefined;
  }
  if (mode === 'oidc') {
    c.unknownKeys('auth', a, ['mode', 'authority', 'clientId', 'scope', 'callbackPath', 'signInPage', 'silentSignIn']);
    const authority = c.absoluteHttpUrl('auth.authority', a.authority);
    const clientId = c.string('auth.clientId', a.clientId);
    const scope =
      a.scope === undefined
        ? undefined
        : c.string('auth.scope', a.scope, 'space-separated scopes, such as "openid profile"');
    const callbackPath =
      a.callbackPath === undefined
        ? undefined
        : typeof a.callbackPath === 'string' && /^\/(?!\/)/.test(a.callbackPath)
          ? a.callbackPath
          : c.fail('auth.callbackPath', 'a path on this site starting with "/", such as "/"', a.callbackPath);

    // A form's GET drops an action's query: the page is given without one.
    const signInPage =
      a.signInPage === undefined
        ? undefined
        : /[?#]/.test(String(a.signInPage))
          ? c.fail('auth.signInPage', 'an absolute http(s) URL without a query', a.signInPage)
          : c.absoluteHttpUrl('auth.signInPage', a.signInPage);
    if (!authority || !clientId) return undefined;
    return {
      mode,
      authority,
      clientId,
      ...(scope && { scope }),
      ...(callbackPath && { callbackPath }),
      ...(signInPage && { signInPage }),
      ...(a.silentSignIn !== undefined && c.boolean('auth.silentSignIn', a.silentSignIn) && { silentSignIn: true }),
    };
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

export interface ValidationResult {
  /** Everything that passed; bad fields are left out. */
  config: PartialLoketConfig;
  issues: ConfigIssue[];
}

/** How the `help` field is checked: in full (validate-help.ts), or only its shape (the drop-in). */
export type HelpCheck = (c: Checker, value: unknown) => LoketConfig['help'];

/**
 * The shape of `help` only: an object whose `options` is an array of objects. The options themselves are
 * checked by the help menu when its module has loaded (and in full by `validateConfig`).
 */
export const checkHelpShape: HelpCheck = (c, value) => {
  const h = c.object('help', value);
  if (!h) return undefined;
  if (!Array.isArray(h.options)) return c.fail('help.options', 'an array of { kind, label, value, hours }', h.options);
  return h as LoketConfig['help'];
};

/**
 * Checks a config field by field. Never throws: a bad field is reported and left out, so the header can
 * still render what is valid. `checkHelp` checks the `help` field (validate.ts passes the full check).
 */
export function validateCoreConfig(input: unknown, checkHelp: HelpCheck = checkHelpShape): ValidationResult {
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
