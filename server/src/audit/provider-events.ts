// The provider's own security events in the audit log, from oidc-provider's events: the token endpoint's
// grants (renewal = refresh_token, the code exchange, a publish client's token) and their refusals, revocation,
// sign-out (RP-initiated logout) and an identity switch. Sign-in itself is written by the sign-in form
// (http/routes/interaction.ts), which knows the typed username's account.
//
// The provider works on the raw request: the HTTP layer remembers each raw request's client address (Fastify's,
// which believes X-Forwarded-For only from the proxies of LOKET_TRUST_PROXY) and request id, and the rows here
// take them from it, never from the provider's own view of the headers.

import type { IncomingMessage } from 'node:http';
import type { KoaContextWithOIDC, ProviderInstance } from 'oidc-provider';
import { CLIENT_ID, IDENTITY_SWITCH_EVENT } from '../auth/provider.js';
import type { Store } from '../store/store.js';
import type { AuditFields, AuditLog, Outcome, RequestFacts } from './audit-log.js';

const facts = new WeakMap<IncomingMessage, RequestFacts>();
/** rows being written for a request: its answer waits for them, so a client that got its answer finds its row */
const pending = new WeakMap<IncomingMessage, Promise<void>[]>();

/** Called by the HTTP layer for every request: what the provider's events will name. */
export function rememberRequest(raw: IncomingMessage, request: RequestFacts): void {
  facts.set(raw, { ip: request.ip, id: request.id });
}

const factsOf = (ctx: KoaContextWithOIDC): RequestFacts => facts.get(ctx.req) ?? { ip: undefined, id: '' };

/** The token endpoint's operation per grant type. */
const GRANT_OPERATIONS: Record<string, string> = {
  refresh_token: 'renewal',
  authorization_code: 'code-exchange',
  client_credentials: 'client-token',
};

interface TokenLike {
  accountId?: string;
  grantId?: string;
  clientId?: string;
}

/** The OAuth error of a refusal as an outcome: a bad grant or client is denied, a malformed request invalid. */
function refusalOutcome(error: { error?: string; status?: number } | undefined): Outcome {
  if (!error || (error.status ?? 400) >= 500) return 'error';
  return ['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied'].includes(error.error ?? '')
    ? 'denied'
    : 'invalid';
}

export function auditProviderEvents(
  provider: ProviderInstance,
  { audit, store, onError }: { audit: AuditLog; store: Pick<Store, 'grantParty'>; onError: (error: unknown) => void },
): void {
  const write = (ctx: KoaContextWithOIDC, fields: () => Promise<AuditFields>) => {
    // the events are synchronous: the row is written by a promise the answer waits for (the middleware below)
    const row = fields()
      .then((entry) => audit(factsOf(ctx), entry))
      .catch(onError);
    pending.set(ctx.req, [...(pending.get(ctx.req) ?? []), row]);
  };
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const rows = pending.get(ctx.req);
    if (rows) await Promise.all(rows);
  });
  const resourceOf = (ctx: KoaContextWithOIDC) => ctx.path;
  /** the citizen of a grant, and whom it acts for; a publish client is named `client:<id>` */
  const who = async (ctx: KoaContextWithOIDC, token: TokenLike | undefined) => {
    const clientId = ctx.oidc.client?.clientId ?? token?.clientId;
    if (clientId && clientId !== CLIENT_ID) return { subject: `client:${clientId}`, onBehalfOf: null };
    const accountId = token?.accountId ?? ctx.oidc.session?.accountId;
    return { subject: accountId ?? null, onBehalfOf: await store.grantParty(token?.grantId) };
  };
  const grantToken = (ctx: KoaContextWithOIDC): TokenLike | undefined =>
    (ctx.oidc.entities.RefreshToken ?? ctx.oidc.entities.AuthorizationCode) as TokenLike | undefined;
  const grantOperation = (ctx: KoaContextWithOIDC) =>
    GRANT_OPERATIONS[String(ctx.oidc.params?.grant_type ?? '')] ?? 'token';

  provider.on('grant.success', (ctx: KoaContextWithOIDC) =>
    write(ctx, async () => ({
      ...(await who(ctx, grantToken(ctx))),
      resource: resourceOf(ctx),
      operation: grantOperation(ctx),
      outcome: 'ok',
    })),
  );
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: { error?: string; status?: number }) =>
    write(ctx, async () => ({
      ...(await who(ctx, grantToken(ctx))),
      resource: resourceOf(ctx),
      operation: grantOperation(ctx),
      outcome: refusalOutcome(error),
    })),
  );

  // revocation: oidc-provider emits no success event of its own; revoking a refresh or access token revokes
  // its grant, which it announces (an unknown or foreign token is answered 200 and changes nothing: no row)
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.route !== 'revocation') return;
    const token = (ctx.oidc.entities.RefreshToken ?? ctx.oidc.entities.AccessToken) as TokenLike | undefined;
    write(ctx, async () => ({
      ...(await who(ctx, token)),
      resource: resourceOf(ctx),
      operation: 'revocation',
      outcome: 'ok',
    }));
  });
  provider.on('revocation.error', (ctx: KoaContextWithOIDC, error: { error?: string; status?: number }) =>
    write(ctx, async () => ({
      subject: null,
      onBehalfOf: null,
      resource: resourceOf(ctx),
      operation: 'revocation',
      outcome: refusalOutcome(error),
    })),
  );

  // sign-out: the confirmation's post ended the session (the party is read before its grant is gone)
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    const accountId = ctx.oidc.session?.accountId ?? null;
    write(ctx, async () => ({
      subject: accountId,
      onBehalfOf: null,
      resource: resourceOf(ctx),
      operation: 'sign-out',
      outcome: 'ok',
    }));
  });
  for (const event of ['end_session.error', 'end_session_confirm.error'])
    provider.on(event, (ctx: KoaContextWithOIDC, error: { error?: string; status?: number }) =>
      write(ctx, async () => ({
        subject: ctx.oidc.session?.accountId ?? null,
        onBehalfOf: null,
        resource: resourceOf(ctx),
        operation: 'sign-out',
        outcome: refusalOutcome(error),
      })),
    );

  provider.on(
    IDENTITY_SWITCH_EVENT,
    (ctx: KoaContextWithOIDC, switched: { accountId: string; partyId: string | null }) =>
      write(ctx, async () => ({
        subject: switched.accountId,
        onBehalfOf: switched.partyId,
        resource: resourceOf(ctx),
        operation: 'identity-switch',
        outcome: 'ok',
      })),
  );
}
