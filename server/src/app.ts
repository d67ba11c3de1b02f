// The composition root: options -> store -> keys -> services -> provider -> HTTP. Nothing else in the service
// builds or holds state; every module exports factories.
//
//   import { startService } from 'loket-server';
//   const service = await startService({ port: 0, dataDir: tmp, quiet: true });
//   service.url        // http://localhost:<port>  (also the OIDC issuer)
//   await service.close();

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ProviderInstance } from 'oidc-provider';
import { createAuditLog } from './audit/audit-log.js';
import { auditProviderEvents } from './audit/provider-events.js';
import { createHostSessions } from './auth/host-sessions.js';
import { loadKeys } from './auth/keys.js';
import { createProvider } from './auth/provider.js';
import { createAuthenticator } from './auth/tokens.js';
import { createSignInThrottle } from './auth/sign-in-throttle.js';
import { checkTransport, PROJECT_ROOT, type ServiceOptions } from './config.js';
import { loadDemoData } from './demo/demo-data.js';
import { seedDemoClient } from './demo/clients.js';
import { resetDemoData, seedIfEmpty } from './demo/seed.js';
import { buildHttpApp } from './http/app.js';
import { trackConnections } from './http/connections.js';
import { loadContract } from './http/contract.js';
import { createRepresenter } from './http/represent.js';
import type { EventStreams } from './http/types.js';
import { createMailer, type MailLog } from './mail/mailer.js';
import { auditMail, createChoices } from './services/choices.js';
import { createAccessLog } from './services/access-log.js';
import { createCitizenServices } from './services/citizen.js';
import { createExportService } from './services/export.js';
import { createCorrectionServices } from './services/corrections.js';
import { createStaffSessions } from './auth/staff-sessions.js';
import { DEMO_STAFF_FILE, loadStaffRegistry } from './staff/registry.js';
import { createPublishServices, loadStatusConfig } from './services/publish.js';
import { openStore } from './store/index.js';
import { kekFromFile } from './crypto/kek.js';
import type { Store } from './store/store.js';
import { createRegistry, defaultMunicipality, loadMunicipalities } from './municipalities/registry.js';
import { createPageLooks, loadRenderer, prerenderAll } from './pages/look.js';
import { loadAssets } from './http/routes/assets.js';
import { CLIENT_ID } from './auth/provider.js';

export { PROJECT_ROOT };

/** At a stop, how long a request in flight may take to finish before its connection is cut (bin/server.ts exits after 10 s). */
const REQUESTS_IN_FLIGHT_GRACE_MS = 8_000;

export interface Service {
  /** the public URL (also the OIDC issuer) */
  url: string;
  issuer: string;
  port: number;
  store: Store;
  provider: ProviderInstance;
  siteOrigins: string[];
  /** SQLite's folder (also when PostgreSQL is used: nothing is written there then) */
  dataDir: string;
  /** deletes and seeds the demo citizens and their data again (keeps the audit log unless told) */
  resetDemoData(options?: { clearAudit?: boolean }): Promise<void>;
  /** stops accepting, ends the event streams, lets requests in flight finish, closes the store */
  close(): Promise<void>;
}

function createEventStreams(): EventStreams {
  const open = new Set<() => void>();
  return {
    add(end) {
      open.add(end);
      return () => open.delete(end);
    },
    closeAll() {
      for (const end of [...open]) end();
      open.clear();
    },
  };
}

export async function startService(options: ServiceOptions = {}): Promise<Service> {
  const {
    port = 8081,
    host = '127.0.0.1',
    siteOrigins = ['http://localhost:8080'],
    dataDir = 'demo/.data',
    databaseUrl,
    kekFile,
    trustProxy = false,
    accessTokenTtl = 300,
    refreshTokenTtl = 8 * 3600,
    sessionIdleTtl = 30 * 60,
    quiet = false,
    sseKeepAliveMs = 25_000,
    signInRateLimit = 30,
    seedDemo = true,
    letterClaimDays = 15,
    publishRateLimit = 120,
    logStream,
    smtpUrl,
    mailMunicipality = 'Gemeente Lindegem',
    mailFrom = `"${mailMunicipality}" <no-reply@localhost>`,
    emailConfirmTtl = 24 * 3600,
    mailRetryDelaysMs,
    staffIdleTtl = 15 * 60,
  } = options;
  // the municipalities (a bad registry stops the start before anything is opened): their site origins are sites
  // that embed the header too
  const entries =
    options.municipalities === undefined
      ? undefined
      : typeof options.municipalities === 'string'
        ? loadMunicipalities(options.municipalities)
        : options.municipalities;
  const origins = [
    ...new Set([...siteOrigins, ...(entries ?? []).flatMap((m) => m.origins)].map((origin) => new URL(origin).origin)),
  ];
  const municipalities = createRegistry(entries ?? [defaultMunicipality(origins)], origins);
  const assets = loadAssets(municipalities.all);
  const renderer = await loadRenderer();
  // the staff registry: a bad file stops the start, naming the field (demo staff outside production only)
  const staffFile =
    options.staffFile !== undefined
      ? path.resolve(options.staffFile)
      : process.env.NODE_ENV === 'production'
        ? undefined
        : DEMO_STAFF_FILE;
  const staff = loadStaffRegistry(staffFile);
  const dir = path.resolve(PROJECT_ROOT, dataDir);
  // production serves over TLS only: an http public URL (or none) stops the start before anything is opened
  checkTransport(options.publicUrl, process.env.NODE_ENV === 'production');

  // the key-encryption key from the service's own options (LOKET_KEK_FILE through config.ts), not the store's guess
  const kek = kekFromFile(
    kekFile === undefined ? undefined : path.resolve(kekFile),
    process.env.NODE_ENV === 'production',
  );
  const rawStore = await openStore({ dataDir: dir, kek, ...(databaseUrl ? { databaseUrl } : {}) });
  let app: Awaited<ReturnType<typeof buildHttpApp>> | undefined;
  const silent: MailLog = { info: () => {}, warn: () => {} };
  // issue 14: mails wait in the store's outbox (they outlive a stop); each instance's sender loop sends them
  const mailer = createMailer({
    smtpUrl,
    from: mailFrom,
    outbox: rawStore.mailOutbox,
    ...(mailRetryDelaysMs ? { retryDelaysMs: mailRetryDelaysMs } : {}),
    ...(options.mailLeaseMs ? { leaseMs: options.mailLeaseMs } : {}),
    ...(options.mailPollMs ? { pollMs: options.mailPollMs } : {}),
    onDone: auditMail(rawStore),
    log: () => app?.log ?? silent,
  });
  // Fastify's default: keep idle connections longer than a load balancer's usual idle timeout (60 s)
  const server = createServer({ keepAliveTimeout: 72_000 });
  const connections = trackConnections(server);
  try {
    if (seedDemo) await seedIfEmpty(rawStore, await loadDemoData());
    if (seedDemo) await seedDemoClient(rawStore);
    await Promise.all([
      rawStore.oidc.purgeExpired(),
      rawStore.hostSessions.purgeExpired(),
      rawStore.staffSessions.purgeExpired(),
      rawStore.dpopProofs.purgeExpired(),
    ]);
    const keys = await loadKeys(rawStore);

    // the issuer needs the port when no public URL is configured: listen first, then build the provider and
    // the Fastify app (which cannot take routes after it listens) and hand it the bound server's requests.
    let closing = false;
    const streams = createEventStreams();
    const contract = loadContract();
    const statuses = loadStatusConfig(
      options.dossierStatusesFile ? path.resolve(PROJECT_ROOT, options.dossierStatusesFile) : undefined,
    );
    // until the app is ready, a request is told to come back (a load balancer tries another instance)
    const ready: { handle?: (req: IncomingMessage, res: ServerResponse) => void } = {};
    server.on('request', (req, res) => {
      if (ready.handle) return ready.handle(req, res);
      res.writeHead(503, { 'retry-after': '1', 'content-length': 0 }).end();
      return undefined;
    });
    const actualPort = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
    const issuer = options.publicUrl ?? `http://localhost:${actualPort}`;
    // issue 14: the services that write citizens' items get a store that sends e-mail notices after them
    const choices = createChoices({
      store: rawStore,
      mailer,
      issuer,
      municipality: mailMunicipality,
      confirmTtlSeconds: emailConfirmTtl,
      log: () => app?.log ?? silent,
    });
    const store = choices.withNotices(rawStore);
    const citizen = createCitizenServices(store);
    const hostSessions = createHostSessions(store, refreshTokenTtl, sessionIdleTtl);
    const audit = createAuditLog(store);
    // the pages' looks: every municipality's header rendered in every language now (a bad config stops the start)
    const looks = createPageLooks({ renderer, issuer, clientId: CLIENT_ID });
    prerenderAll(looks, municipalities.all);
    for (const warning of looks.warnings) if (!quiet) process.emitWarning(warning, 'LoketPageLook');
    const provider = createProvider({
      // with a public URL the provider reads the X-Forwarded-* headers that the provider route sets itself
      issuer,
      // the header on the service's own pages signs in too: its origin is one of loket-demo's
      siteOrigins: [...new Set([...origins, new URL(issuer).origin])],
      store,
      citizen,
      keys,
      accessTokenTtl,
      refreshTokenTtl,
      sessionIdleTtl,
      proxy: options.publicUrl !== undefined,
      ...(options.requireDpop !== undefined ? { requireDpop: options.requireDpop } : {}),
    });
    // before the HTTP app takes the provider's callback (Koa composes its middleware then): the rows of the
    // provider's events are written before its answers leave
    auditProviderEvents(provider, {
      audit,
      store,
      onError: (error) => app?.log.error({ err: error }, 'audit row of a provider event not written'),
    });
    const publish = createPublishServices({ store, issuer, signingKey: keys.jwks.keys[0]!, statuses, letterClaimDays });
    // staff are named to citizens by their role, from the staff registry (or the directory given)
    const staffDirectory = options.staffDirectory ?? {
      roleOf: async (staffId: string) => staff.roleOfSubject(`staff:${staffId}`),
    };
    const accessLog = createAccessLog({ store, staff: staffDirectory });
    const exports = createExportService({ store, citizen, publish, accessLog, preferences: store.preferences });
    const authenticate = createAuthenticator({
      issuer,
      publicJwks: keys.publicJwks,
      citizen,
      hostSessions,
      dpopProofs: store.dpopProofs,
    });
    app = await buildHttpApp({
      issuer,
      publicUrlConfigured: options.publicUrl !== undefined,
      siteOrigins: origins,
      store,
      citizen,
      represent: createRepresenter(issuer),
      authenticate,
      hostSessions,
      provider,
      keys,
      contract,
      audit,
      publish,
      choices,
      accessLog,
      exports,
      publishRateLimit: { max: publishRateLimit, timeWindowMs: 60_000 },
      streams,
      sseKeepAliveMs,
      quiet,
      trustProxy,
      logStream,
      signInRateLimit: { max: signInRateLimit, timeWindowMs: 60_000 },
      municipalities,
      looks,
      assets,
      staff,
      staffSessions: createStaffSessions(store, staff, { idleSeconds: staffIdleTtl, maxSeconds: 10 * 3600 }),
      corrections: createCorrectionServices(store, citizen),
      signInThrottle: createSignInThrottle(options.signInThrottle),
      recentSignInSeconds: options.recentSignInSeconds ?? sessionIdleTtl,
      isClosing: () => closing,
    });
    provider.on('server_error', (_ctx: unknown, error: Error) => app?.log.error({ err: error }, 'provider error'));
    await app.ready();
    if (!mailer.enabled) app.log.info('LOKET_SMTP_URL is not set: no e-mail is sent (confirmations, notices)');
    ready.handle = (req, res) => app!.routing(req, res);
    // the outbox's rows, those left by an earlier run or another instance's included, go out from now on
    mailer.start();

    const purge = setInterval(() => {
      Promise.all([
        store.oidc.purgeExpired(),
        store.hostSessions.purgeExpired(),
        store.staffSessions.purgeExpired(),
        store.dpopProofs.purgeExpired(),
      ]).catch((error: unknown) => app?.log.error({ err: error }, 'purge failed'));
    }, 3600 * 1000);
    purge.unref();

    let closed: Promise<void> | undefined;
    return {
      url: issuer,
      issuer,
      port: actualPort,
      store,
      provider,
      siteOrigins: origins,
      dataDir: dir,
      resetDemoData: async (resetOptions) => resetDemoData(store, await loadDemoData(), resetOptions),
      close() {
        closed ??= (async () => {
          closing = true;
          clearInterval(purge);
          streams.closeAll();
          // stop accepting; connections without a request close now, the others after their response
          await connections.close(REQUESTS_IN_FLIGHT_GRACE_MS);
          await app!.close();
          await mailer.close();
          await store.close();
          // let clients in this process see their keep-alive sockets close before anyone reconnects
          await new Promise((resolve) => setTimeout(resolve, 20));
        })();
        return closed;
      },
    };
  } catch (error) {
    await app?.close().catch(() => {});
    server.close();
    await mailer.close().catch(() => {});
    await rawStore.close().catch(() => {});
    throw error;
  }
}

/**
 * The citizen's choices for the export, when the store keeps them (`store.preferences`, added with the choices
 * of issue 14); until then the export has no `preferences` and `emailNotices`.
 */

/** The name the tests and scripts of the reference backend used. */
export const startBackend = startService;
