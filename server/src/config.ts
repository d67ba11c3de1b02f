// The service's options from the environment (`npm run server`; docs/deploy.md lists every variable). A bad
// value stops the start with a message naming the variable and the form it expects.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (server/dist/.. or server/src/..): relative data folders are under it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServiceOptions {
  /** 0 = any free port */
  port?: number;
  /** the interface to listen on */
  host?: string;
  /** the issuer and the origin of every absolute link; default http://localhost:<port> */
  publicUrl?: string;
  /**
   * The key-encryption key's file (LOKET_KEK_FILE; docs/deploy.md). Absent: demo/.keys/kek, created when
   * missing, outside production; with NODE_ENV=production the service does not start without it.
   */
  kekFile?: string;
  /** postgres://… : PostgreSQL; otherwise SQLite under dataDir */
  databaseUrl?: string;
  /** SQLite's folder (created with mode 0700); relative to the project root */
  dataDir?: string;
  /** origins of the sites that embed the header (CORS, redirect and post-logout URIs) */
  siteOrigins?: string[];
  /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe */
  trustProxy?: boolean | string | string[] | number;
  /** seconds */
  accessTokenTtl?: number;
  /** seconds, for the whole rotation chain (the session's absolute end) */
  refreshTokenTtl?: number;
  /** seconds a refresh token lives unused (each refresh starts it again, up to the absolute end) */
  sessionIdleTtl?: number;
  /** no request log */
  quiet?: boolean;
  /** keep-alive comment interval on /api/me/events */
  sseKeepAliveMs?: number;
  /** sign-in posts per client address and minute */
  signInRateLimit?: number;
  /** the throttling curves per account and address and the cap on concurrent password checks (docs/privacy.md) */
  signInThrottle?: import('./auth/sign-in-throttle.js').SignInThrottleOptions;
  /**
   * seconds: the service's own pages accept a provider sign-in no older than this (default sessionIdleTtl);
   * an older one asks for the password again
   */
  recentSignInSeconds?: number;
  /**
   * the browser client (loket-demo) gets tokens only with a DPoP proof, so every token it holds is bound to its
   * key (default true); false: a proof still binds, a token request without one gets bearer tokens
   */
  requireDpop?: boolean;
  /** seed the demo citizens into an empty database (the demo, the tests); default true */
  seedDemo?: boolean;
  /** issue 12: days a registered letter waits for its acknowledgement before it reads as unclaimed (default 15) */
  letterClaimDays?: number;
  /** issue 12: publish API requests per client and minute (default 120) */
  publishRateLimit?: number;
  /** issue 12: the dossier statuses per case type (default demo/dossier-statuses.json) */
  dossierStatusesFile?: string;
  /**
   * The municipality registry (LOKET_MUNICIPALITIES_DIR): a folder of <id>.json files (relative to the project
   * root), or the entries themselves (scripts and tests). Absent: one default municipality owning every site origin.
   */
  municipalities?: string | import('./municipalities/registry.js').Municipality[];
  /** where the JSON request log goes (default stdout) */
  logStream?: import('node:stream').Writable;
  /** issue 14: the SMTP server for e-mail notices (smtp:// or smtps://, user:password@ when needed); none: no mail */
  smtpUrl?: string;
  /** issue 14: the From of the mails (default `"Gemeente Lindegem" <no-reply@localhost>`) */
  mailFrom?: string;
  /** issue 14: the municipality the mails name (default Gemeente Lindegem) */
  mailMunicipality?: string;
  /** issue 14: seconds an e-mail confirmation link works (default 86400) */
  emailConfirmTtl?: number;
  /** issue 14: waits before a failed mail's next attempts, in ms (default 2 s, 30 s, 5 min, 30 min, 2 h, 6 h) */
  mailRetryDelaysMs?: number[];
  /** issue 14: ms a sending instance holds a queued mail before another may take it over (default 5 min) */
  mailLeaseMs?: number;
  /** issue 14: ms between looks at the mail outbox when nothing is due here (default 5 s) */
  mailPollMs?: number;
  /** issue 14: the roles of staff members, for "who looked at my data" (default: nobody's role is known) */
  staffDirectory?: import('./services/staff-directory.js').StaffDirectory;
  /**
   * The staff registry (LOKET_STAFF_FILE; docs/deploy.md): the staff who sign in to /audit and /behandeling.
   * Default outside production: demo/data/staff.json (the demo staff); in production none unless given.
   */
  staffFile?: string;
  /** seconds a staff session lives unused (LOKET_STAFF_IDLE_TTL, default 900) */
  staffIdleTtl?: number;
}

export class ConfigError extends Error {
  constructor(variable: string, value: string, expected: string) {
    super(`${variable}=${JSON.stringify(value)} is not valid: expected ${expected}.`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * In production (NODE_ENV=production) the service is reached over TLS only: its public URL must be https, or its
 * cookies would travel in the clear and no Strict-Transport-Security could be sent.
 */
export function checkTransport(publicUrl: string | undefined, production: boolean): void {
  if (!production) return;
  if (publicUrl === undefined)
    throw new ConfigError(
      'LOKET_PUBLIC_URL',
      '',
      'the https URL the service is reached at (NODE_ENV=production serves over TLS only; docs/deploy.md)',
    );
  if (new URL(publicUrl).protocol !== 'https:')
    throw new ConfigError(
      'LOKET_PUBLIC_URL',
      publicUrl,
      'an https URL, such as https://loket.lindegem.be: NODE_ENV=production serves over TLS only (a TLS proxy in front, docs/deploy.md)',
    );
}

function integer(env: Env, name: string, { min, max }: { min: number; max: number }): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(name, value, `a whole number from ${min} to ${max}`);
  return n;
}

function origin(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, value, 'an http(s) origin such as https://www.lindegem.be');
  }
  if (!/^https?:$/.test(url.protocol) || url.origin === 'null')
    throw new ConfigError(name, value, 'an http(s) origin such as https://www.lindegem.be');
  return url.origin;
}

/** The options of `startService` from LOKET_* variables. */
export function optionsFromEnv(env: Env = process.env): ServiceOptions {
  const options: ServiceOptions = {};
  const port = integer(env, 'LOKET_BACKEND_PORT', { min: 0, max: 65535 });
  if (port !== undefined) options.port = port;
  if (env.LOKET_HOST) options.host = env.LOKET_HOST;
  if (env.LOKET_PUBLIC_URL) {
    const value = env.LOKET_PUBLIC_URL;
    const parsed = origin('LOKET_PUBLIC_URL', value);
    const url = new URL(value);
    if (url.pathname !== '/' || url.search || url.hash)
      throw new ConfigError('LOKET_PUBLIC_URL', value, 'an origin without a path, such as https://loket.lindegem.be');
    options.publicUrl = parsed;
  }
  if (env.LOKET_DATABASE_URL) {
    const value = env.LOKET_DATABASE_URL;
    if (!/^postgres(ql)?:\/\/./.test(value))
      throw new ConfigError(
        'LOKET_DATABASE_URL',
        '<hidden>',
        'postgres://user:password@host:5432/database (leave it unset for SQLite)',
      );
    options.databaseUrl = value;
  }
  if (env.LOKET_DATA_DIR) options.dataDir = env.LOKET_DATA_DIR;
  if (env.LOKET_KEK_FILE !== undefined && env.LOKET_KEK_FILE !== '') {
    const value = env.LOKET_KEK_FILE;
    if (value.trim() !== value || value.endsWith('/') || (existsSync(value) && !statSync(value).isFile())) {
      throw new ConfigError(
        'LOKET_KEK_FILE',
        value,
        "the path of the key-encryption key's file (32 random bytes, base64), such as /run/secrets/loket-kek",
      );
    }
    options.kekFile = value;
  }
  if (env.LOKET_SITE_ORIGINS !== undefined && env.LOKET_SITE_ORIGINS !== '') {
    options.siteOrigins = env.LOKET_SITE_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => origin('LOKET_SITE_ORIGINS', s));
  }
  if (env.LOKET_TRUST_PROXY !== undefined && env.LOKET_TRUST_PROXY !== '') {
    const value = env.LOKET_TRUST_PROXY.trim();
    if (value === 'true' || value === 'false') options.trustProxy = value === 'true';
    else if (/^\d+$/.test(value)) options.trustProxy = Number(value);
    else if (/^[\d.:a-fA-F/]+(\s*,\s*[\d.:a-fA-F/]+)*$/.test(value))
      options.trustProxy = value.split(',').map((s) => s.trim());
    else
      throw new ConfigError(
        'LOKET_TRUST_PROXY',
        value,
        'proxy addresses or CIDR ranges, comma-separated (e.g. 10.0.0.0/8,127.0.0.1), a hop count, true or false',
      );
  }
  const ttl = (name: string) => integer(env, name, { min: 1, max: 366 * 24 * 3600 });
  const accessTokenTtl = ttl('LOKET_ACCESS_TOKEN_TTL');
  if (accessTokenTtl !== undefined) options.accessTokenTtl = accessTokenTtl;
  const refreshTokenTtl = ttl('LOKET_REFRESH_TOKEN_TTL');
  if (refreshTokenTtl !== undefined) options.refreshTokenTtl = refreshTokenTtl;
  const sessionIdleTtl = ttl('LOKET_SESSION_IDLE_TTL');
  if (sessionIdleTtl !== undefined) options.sessionIdleTtl = sessionIdleTtl;
  const limit = integer(env, 'LOKET_SIGN_IN_RATE_LIMIT', { min: 1, max: 1_000_000 });
  if (limit !== undefined) options.signInRateLimit = limit;
  const claimDays = integer(env, 'LOKET_LETTER_CLAIM_DAYS', { min: 0, max: 3650 });
  if (claimDays !== undefined) options.letterClaimDays = claimDays;
  const publishLimit = integer(env, 'LOKET_PUBLISH_RATE_LIMIT', { min: 1, max: 1_000_000 });
  if (publishLimit !== undefined) options.publishRateLimit = publishLimit;
  if (env.LOKET_DOSSIER_STATUSES_FILE) options.dossierStatusesFile = env.LOKET_DOSSIER_STATUSES_FILE;
  if (env.LOKET_SEED_DEMO !== undefined && env.LOKET_SEED_DEMO !== '') {
    if (!['true', 'false'].includes(env.LOKET_SEED_DEMO))
      throw new ConfigError('LOKET_SEED_DEMO', env.LOKET_SEED_DEMO, 'true or false');
    options.seedDemo = env.LOKET_SEED_DEMO === 'true';
  }
  if (env.LOKET_SMTP_URL) {
    let url: URL | undefined;
    try {
      url = new URL(env.LOKET_SMTP_URL);
    } catch {
      url = undefined;
    }
    if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname)
      throw new ConfigError(
        'LOKET_SMTP_URL',
        '<hidden>',
        'smtp://host:port or smtps://user:password@host:465 (leave it unset to send no mail)',
      );
    options.smtpUrl = env.LOKET_SMTP_URL;
  }
  if (env.LOKET_MAIL_FROM) options.mailFrom = env.LOKET_MAIL_FROM;
  if (env.LOKET_MAIL_MUNICIPALITY) options.mailMunicipality = env.LOKET_MAIL_MUNICIPALITY;
  const confirmTtl = integer(env, 'LOKET_EMAIL_CONFIRM_TTL', { min: 60, max: 30 * 24 * 3600 });
  if (confirmTtl !== undefined) options.emailConfirmTtl = confirmTtl;
  if (env.LOKET_MUNICIPALITIES_DIR) {
    const value = env.LOKET_MUNICIPALITIES_DIR;
    const dir = path.resolve(PROJECT_ROOT, value);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new ConfigError(
        'LOKET_MUNICIPALITIES_DIR',
        value,
        'the folder of the municipality registry (one <id>.json per municipality), such as demo/municipalities',
      );
    options.municipalities = value;
  }
  if (env.LOKET_STAFF_FILE !== undefined && env.LOKET_STAFF_FILE !== '') {
    const value = env.LOKET_STAFF_FILE;
    if (!existsSync(value) || !statSync(value).isFile())
      throw new ConfigError(
        'LOKET_STAFF_FILE',
        value,
        'the path of an existing staff registry (JSON), such as /etc/loket/staff.json',
      );
    options.staffFile = value;
  }
  const staffIdle = integer(env, 'LOKET_STAFF_IDLE_TTL', { min: 60, max: 24 * 3600 });
  if (staffIdle !== undefined) options.staffIdleTtl = staffIdle;
  if (env.LOKET_LOG === 'silent') options.quiet = true;
  return options;
}
