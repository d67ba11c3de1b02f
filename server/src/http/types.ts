// What the HTTP layer is given by the composition root, and what it adds to Fastify's request.

import type { ProviderInstance } from 'oidc-provider';
import type { Writable } from 'node:stream';
import type { AuditLog, Outcome } from '../audit/audit-log.js';
import type { HostSessions } from '../auth/host-sessions.js';
import type { Keys } from '../auth/keys.js';
import type { Authenticator, Caller } from '../auth/tokens.js';
import type { CitizenServices } from '../services/citizen.js';
import type { Store } from '../store/store.js';
import type { Contract } from './contract.js';
import type { Representer } from './represent.js';

/** The open event streams of this instance, ended on shutdown. */
export interface EventStreams {
  add(end: () => void): () => void;
  closeAll(): void;
}

export interface HttpDeps {
  /** the public URL: the issuer and the origin of every absolute link */
  issuer: string;
  /** the public URL was configured (LOKET_PUBLIC_URL): the provider sees every request as one to it */
  publicUrlConfigured: boolean;
  siteOrigins: string[];
  store: Store;
  citizen: CitizenServices;
  represent: Representer;
  authenticate: Authenticator;
  hostSessions: HostSessions;
  provider: ProviderInstance;
  keys: Keys;
  contract: Contract;
  audit: AuditLog;
  streams: EventStreams;
  sseKeepAliveMs: number;
  quiet: boolean;
  /** Fastify's trustProxy: addresses (or a count) of the proxies whose X-Forwarded-For is believed */
  trustProxy: boolean | string | string[] | number;
  /** where the JSON request log goes (default stdout) */
  logStream?: Writable | undefined;
  /** the publish API's services (issue 12) */
  publish: import('../services/publish.js').PublishServices;
  /** the citizen's choices: correspondence, e-mail notices (issue 14) */
  choices: import('../services/choices.js').Choices;
  /** issue 14: "who looked at my data" (the audit log by `concerns`) and "download all my data" */
  accessLog: import('../services/access-log.js').AccessLog;
  exports: import('../services/export.js').ExportService;
  /** publish API requests per client and window */
  publishRateLimit: { max: number; timeWindowMs: number };
  /** the municipalities whose look the pages take, and how a request's is chosen (http/municipality.ts) */
  municipalities: import('../municipalities/registry.js').MunicipalityRegistry;
  /** the pages' looks (theme, logo, pre-rendered header) per municipality and language */
  looks: import('../pages/look.js').PageLooks;
  /** the files under /loket/ (the header's drop-in, themes, logos) */
  assets: ReturnType<typeof import('./routes/assets.js').loadAssets>;
  /** growing delays per account and address, and the cap on concurrent password checks */
  signInThrottle: import('../auth/sign-in-throttle.js').SignInThrottle;
  /** seconds: how old a provider sign-in the service's own pages accept */
  recentSignInSeconds: number;
  /** sign-in posts per address and window */
  signInRateLimit: { max: number; timeWindowMs: number };
  /** the staff registry (LOKET_STAFF_FILE), the staff sessions and the officers' corrections services */
  staff: import('../staff/registry.js').StaffRegistry;
  staffSessions: import('../auth/staff-sessions.js').StaffSessions;
  corrections: import('../services/corrections.js').CorrectionServices;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the citizen calling the profile API (set by the API's authentication hook) */
    caller?: Caller;
    /** who the audit row names, when the route knows (pages, host endpoints) */
    /** who the audit row names, when not the caller: `concerns` is the citizen whose data it touched */
    auditWho?: { subject: string | null; onBehalfOf: string | null; concerns?: string | null };
    /** the outcome when it is not the status's (e.g. a refused form answered 200) */
    auditOutcome?: Outcome;
    /** the row's resource when the path holds a personal value (a national register number: issue 14) */
    auditResource?: string;
    /** the operation when the route's config does not fix it (unknown paths, wrong methods) */
    auditOperation?: string;
    /** the row is written (or is not wanted) */
    audited?: boolean;
  }
  interface FastifyContextConfig {
    /** the operation this route's audit row names; routes without it write no row (or write their own) */
    audit?: string;
  }
}
