// The OpenID Connect provider (oidc-provider 9), mounted at the root of the service: issuer = the public URL.
// One public client, `loket-demo`: code + PKCE (S256), JWT access tokens for the profile API, rotating
// refresh tokens, revocation, RP-initiated logout. Its tokens are sender-constrained with DPoP (RFC 9449): the
// header's token requests carry a proof of its browser key, the access token names the key (`cnf.jkt`) and the
// refresh token is bound to it (oidc-provider binds a public client's refresh tokens), so neither works without
// the key; `requireDpop` refuses a token request without a proof. The sign-in pages are ours (http/routes/interaction.ts).
// Its state (sessions, grants, codes, refresh tokens, interactions) lives in the store, shared by instances.
//
// Identities: an authorization request with `login_hint=<identity's hint>` always asks for the password again
// (the interaction policy's `identity_requested` check, whatever `prompt` says) and then acts for that party when
// it is one of the signed-in citizen's mandates (any other hint: for themselves). The party belongs to the grant:
// a grant never changes party, a switch ends the old grant (its refresh tokens) and starts a new one. The ID token
// says whom the citizen acts for (`on_behalf_of`) and lists their identities (`identities`); the access token
// carries the party's opaque id (`acting_for`) for the profile API.
//
// Session timing: a refresh token lives `sessionIdleTtl` (a session nobody uses ends), each refresh rotates it
// and starts that time again, up to `refreshTokenTtl` after the sign-in (the chain's absolute end). Every ID
// token says when the refresh token issued with it expires (`session_expires_at`, epoch seconds), so the header
// can warn before the session ends (WCAG 2.2.1) and offer a refresh to extend it.

import Provider, { errors, interactionPolicy, type KoaContextWithOIDC, type ProviderInstance } from 'oidc-provider';
import type { MandateRow, Store } from '../store/store.js';
import { createOidcAdapter } from '../store/oidc-adapter.js';
import type { CitizenServices } from '../services/citizen.js';
import { party, SELF_HINT } from '../http/represent.js';
import { contentSecurityPolicy } from '../pages/html.js';
import { errorPage, logoutPage, messagePage } from '../pages/layout.js';
import { pickLanguage, TEXT } from '../pages/texts.js';
import { SIGNING_ALG, type Keys } from './keys.js';
import { ACTING_FOR_CLAIM, API_SCOPE, RESOURCE } from './tokens.js';
import { DPOP_SIGNING_ALGS } from './dpop.js';
import { clientAdapter, limitAssertionLifetime, PUBLISH_RESOURCE, PUBLISH_SCOPES } from './publish-clients.js';

export const CLIENT_ID = 'loket-demo';
export const SCOPE = `openid profile offline_access ${API_SCOPE}`;
const OIDC_SCOPE = 'openid profile offline_access';
export const SESSION_EXPIRES_CLAIM = 'session_expires_at';

/** A control character (CR, LF, tab, NUL ...): URL parsers drop some of them silently, a header refuses them. */
export const hasControlCharacter = (value: string): boolean =>
  [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** `uri` is on one of the origins: any path, no fragment, no credentials, no control character. */
export function isSiteUrl(uri: unknown, origins: readonly string[]): boolean {
  if (typeof uri !== 'string' || hasControlCharacter(uri)) return false;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return origins.includes(url.origin) && !url.hash && !url.username && !url.password && uri.startsWith(url.origin);
}

/** The sign-in callback of each site: its origin + "/" (the header's default `callbackPath`, DESIGN.md section 8). */
export const callbackUrls = (siteOrigins: readonly string[]): string[] => siteOrigins.map((origin) => `${origin}/`);

/**
 * The silent sign-in's callback of each site (the header's `auth.silentSignIn: true`): the header package's
 * `loket-silent.html` served under /loket/, as this service serves it for its own pages. It only hands the
 * answer to a page of its own origin that framed it; the code is bound to that page's DPoP key and PKCE verifier.
 */
export const SILENT_CALLBACK_PATH = '/loket/loket-silent.html';
export const silentCallbackUrls = (siteOrigins: readonly string[]): string[] =>
  siteOrigins.map((origin) => `${origin}${SILENT_CALLBACK_PATH}`);

/** The ID token's `identities` claim: themselves first, then each mandate (snake_case, like every claim). */
function identitiesClaim(mandates: MandateRow[]) {
  if (mandates.length === 0) return undefined;
  return [{ login_hint: SELF_HINT }, ...mandates.map((m) => ({ login_hint: m.loginHint, on_behalf_of: party(m) }))];
}

/** The login prompt, plus: a request for an identity (`login_hint`) signs in again, even within a session. */
function interactionPolicyWithIdentities() {
  const policy = interactionPolicy.base();
  policy
    .get('login')
    .checks.add(
      new interactionPolicy.Check(
        'identity_requested',
        'Acting for an identity requires signing in again',
        (ctx: KoaContextWithOIDC) =>
          ctx.oidc.params.login_hint !== undefined && !ctx.oidc.result?.login
            ? interactionPolicy.Check.REQUEST_PROMPT
            : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
    );
  return policy;
}

/** Seconds since 1970, as oidc-provider counts them. */
const epochNow = () => Math.floor(Date.now() / 1000);

/**
 * A refresh token's lifetime: the idle timeout, cut at the rotation chain's absolute end (`iiat`, the first
 * token's issue time, is carried from token to token by the rotation).
 */
export function refreshTokenLifetime(
  token: { iiat?: number } | undefined,
  { sessionIdleTtl, refreshTokenTtl }: { sessionIdleTtl: number; refreshTokenTtl: number },
  now = epochNow(),
): number {
  const chainStart = token?.iiat ?? now;
  return Math.max(1, Math.min(sessionIdleTtl, chainStart + refreshTokenTtl - now));
}

/**
 * When a just-saved refresh token expires: oidc-provider stores `now + expiration` in the payload without
 * setting `exp` on the instance (it may be a second later here, never earlier).
 */
function refreshTokenEnd(
  token: { exp?: number; iiat?: number } | undefined,
  ttls: { sessionIdleTtl: number; refreshTokenTtl: number },
): number | undefined {
  if (!token) return undefined;
  // One clock reading for both terms: `now + token.expiration` read the clock twice (the lifetime is computed
  // when asked), and a second boundary between the two moved the absolute end by a second.
  const now = epochNow();
  return token.exp ?? now + refreshTokenLifetime(token, ttls, now);
}

export interface ProviderOptions {
  issuer: string;
  siteOrigins: string[];
  store: Store;
  citizen: CitizenServices;
  keys: Keys;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  sessionIdleTtl: number;
  /** behind a trusted proxy: the provider reads X-Forwarded-* (it builds no URL from them: the issuer is fixed) */
  proxy?: boolean;
  /**
   * `loket-demo` gets tokens only with a DPoP proof (default). Without it a proof still binds the tokens, but
   * a token request without one gets unbound (bearer) tokens.
   */
  requireDpop?: boolean;
}

/**
 * Emitted by the provider (ctx, { accountId, partyId }) when a sign-in for another identity ends the grant of
 * the previous one (audit/provider-events.ts writes its row).
 */
export const IDENTITY_SWITCH_EVENT = 'loket.identity_switch';

export function createProvider({
  issuer,
  siteOrigins,
  store,
  citizen,
  keys,
  accessTokenTtl,
  refreshTokenTtl,
  sessionIdleTtl,
  proxy = false,
  requireDpop = true,
}: ProviderOptions): ProviderInstance {
  const secure = new URL(issuer).protocol === 'https:';
  const htmlHeaders = (ctx: KoaContextWithOIDC) => {
    ctx.set('content-security-policy', contentSecurityPolicy(siteOrigins));
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'no-referrer');
  };

  const configuration = {
    // the publish API's clients (issue 12) are stored: the Client model reads them, every other model is state
    adapter: (model: string) =>
      model === 'Client' ? clientAdapter(store.publish) : createOidcAdapter(store.oidc)(model),
    jwks: keys.jwks,
    cookies: {
      keys: keys.cookieKeys,
      // Secure whenever the public URL is https (oidc-provider would also set it on a request it sees as https)
      long: { httpOnly: true, sameSite: 'lax', secure },
      short: { httpOnly: true, sameSite: 'lax', secure },
    },
    clients: [
      {
        client_id: CLIENT_ID,
        client_name: 'Loket',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // each site's callback only, matched exactly: a code never goes to another page of a site (one that
        // leaks its URL through a referrer, a log or a third-party script would hand the code to whoever reads it)
        redirect_uris: [...callbackUrls(siteOrigins), ...silentCallbackUrls(siteOrigins)],
        post_logout_redirect_uris: callbackUrls(siteOrigins),
        id_token_signed_response_alg: SIGNING_ALG,
        // sender-constrained: every token of the browser is bound to its DPoP key
        dpop_bound_access_tokens: requireDpop,
      },
    ],
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: SIGNING_ALG,
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    clientBasedCORS: (_ctx: unknown, origin: string) => siteOrigins.includes(origin),
    // the publish scopes are listed so that publish clients' metadata may name them (the resource server grants them)
    scopes: ['openid', 'offline_access', 'profile', ...PUBLISH_SCOPES],
    claims: {
      // when the session ends (the refresh token issued with this ID token expires)
      openid: ['sub', SESSION_EXPIRES_CLAIM],
      // on_behalf_of and identities: for the header, which shows them without asking the API
      profile: ['given_name', 'family_name', 'name', 'locale', 'on_behalf_of', 'identities'],
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
    },
    // the access token is for the profile API, not for userinfo: the ID token carries the profile claims
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      // proofs of the header's key at the token endpoint bind its tokens; each proof once (ReplayDetection,
      // in the store); no server nonces: a proof's iat must be within the provider's 5 minutes
      dPoP: { enabled: true, allowReplay: false },
      pushedAuthorizationRequests: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) =>
          token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          const lang = pickLanguage(ctx.oidc.params.ui_locales);
          htmlHeaders(ctx);
          ctx.type = 'html';
          // No click only for the session's own relying party: an ID token of this session's citizen
          // (id_token_hint, checked by the provider). Any other page that sends the browser here (another
          // site's link, a hint of someone else's token) gets the question, so it cannot sign anyone out.
          const hint = ctx.oidc.entities.IdTokenHint as { payload?: { sub?: string } } | undefined;
          const own = hint?.payload?.sub !== undefined && hint.payload.sub === ctx.oidc.session?.accountId;
          ctx.body = logoutPage({ lang, formHtml: form, formId: 'op.logoutForm', autoSubmit: own });
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          const lang = pickLanguage();
          htmlHeaders(ctx);
          ctx.type = 'html';
          ctx.body = messagePage({ lang, title: TEXT[lang].signOutTitle, body: `<h1>${TEXT[lang].signedOut}</h1>` });
        },
      },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // no `resource` parameter needed: every authorization request is for the profile API, every
        // client_credentials request of a publish client for the publish API
        defaultResource: async (_ctx: unknown, client: { clientId: string }, oneOf?: string[]) => {
          if (client.clientId !== CLIENT_ID) return PUBLISH_RESOURCE;
          return oneOf ? (oneOf.includes(RESOURCE) ? RESOURCE : oneOf[0]) : RESOURCE;
        },
        // refresh (and code) exchanges without `resource` get a token for the granted resource
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resourceIndicator: string, client: { clientId: string }) => {
          if (client.clientId !== CLIENT_ID) {
            // a publish client: the publish API only, five minutes
            if (resourceIndicator !== PUBLISH_RESOURCE) throw new errors.InvalidTarget!();
            return {
              scope: PUBLISH_SCOPES.join(' '),
              audience: PUBLISH_RESOURCE,
              accessTokenTTL: 300,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: SIGNING_ALG } },
            };
          }
          if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget!();
          return {
            scope: API_SCOPE,
            audience: RESOURCE,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    issueRefreshToken: async (_ctx: unknown, client: { clientId: string; grantTypeAllowed(type: string): boolean }) =>
      client.clientId === CLIENT_ID && client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: (_ctx: unknown, token: { resourceServer?: { accessTokenTTL?: number } }) =>
        token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
      ClientCredentials: (_ctx: unknown, token: { resourceServer?: { accessTokenTTL?: number } }) =>
        token.resourceServer?.accessTokenTTL ?? 300,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      // the provider's session ends with the tokens' idle limit (a shared computer left alone is signed out),
      // at the latest with the rotation chain
      Session: Math.min(sessionIdleTtl, refreshTokenTtl),
      Grant: refreshTokenTtl,
      // idle timeout per token, the rotation chain as a whole ends refreshTokenTtl after the sign-in
      RefreshToken: (_ctx: unknown, token: { iiat?: number }) =>
        refreshTokenLifetime(token, { sessionIdleTtl, refreshTokenTtl }),
    },
    // first-party client: consent is granted without asking
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider: op } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      let grant = grantId ? await op.Grant.find(grantId) : undefined;
      if (client.clientId !== CLIENT_ID) return grant;
      // Whom to act for is decided at a sign-in only (the check above makes a login_hint sign in again);
      // without one, the session goes on acting for whom its grant acts for.
      const partyId = ctx.oidc.result?.login
        ? ((await citizen.partyForHint(session.accountId, ctx.oidc.params.login_hint))?.id ?? null)
        : undefined;
      if (
        grant &&
        (grant.accountId !== session.accountId ||
          (partyId !== undefined && (await store.grantParty(grant.jti)) !== partyId))
      ) {
        // every token of the grant ends with it (the store revokes per model)
        for (const model of ['AccessToken', 'AuthorizationCode', 'RefreshToken'])
          await op[model].revokeByGrantId(grant.jti);
        await grant.destroy();
        if (grant.accountId === session.accountId)
          op.emit(IDENTITY_SWITCH_EVENT, ctx, { accountId: session.accountId, partyId: partyId ?? null });
        grant = undefined;
      }
      const created = !grant;
      grant ??= new op.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(OIDC_SCOPE);
      grant.addResourceScope(RESOURCE, API_SCOPE);
      await grant.save(); // gives a new grant its id
      if (created) await store.setGrantParty(grant.jti, partyId ?? null);
      return grant;
    },
    // `token` is the authorization code or refresh token an ID token is issued for (its grant says the party).
    // The ID token is issued after the new refresh token is saved (code exchange and refresh alike), so its
    // expiry is the session's end as the provider will enforce it.
    findAccount: async (ctx: KoaContextWithOIDC | undefined, sub: string, token?: { grantId?: string }) => {
      const user = await store.userById(sub);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: async (use: string) => {
          const [mandates, partyId] = await Promise.all([store.mandates(user.id), store.grantParty(token?.grantId)]);
          const acting = partyId ? mandates.find((m) => m.id === partyId) : undefined;
          const sessionEnd =
            use === 'id_token'
              ? refreshTokenEnd(ctx?.oidc?.entities?.RefreshToken, { sessionIdleTtl, refreshTokenTtl })
              : undefined;
          return {
            ...(sessionEnd ? { [SESSION_EXPIRES_CLAIM]: sessionEnd } : {}),
            sub: user.id,
            given_name: user.givenName,
            family_name: user.familyName,
            name: `${user.givenName} ${user.familyName}`,
            ...(user.language ? { locale: user.language } : {}),
            ...(acting ? { on_behalf_of: party(acting) } : {}),
            ...(mandates.length ? { identities: identitiesClaim(mandates) } : {}),
          };
        },
      };
    },
    // the profile API learns the party from the access token (an opaque id, no name)
    extraTokenClaims: async (_ctx: unknown, token: { kind: string; grantId?: string }) => {
      const partyId = token.kind === 'AccessToken' ? await store.grantParty(token.grantId) : null;
      return partyId ? { [ACTING_FOR_CLAIM]: partyId } : undefined;
    },
    interactions: {
      policy: interactionPolicyWithIdentities(),
      url: async (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    renderError: async (ctx: KoaContextWithOIDC, out: Record<string, string>) => {
      const lang = pickLanguage(ctx.oidc?.params?.ui_locales);
      htmlHeaders(ctx);
      ctx.type = 'html';
      ctx.body = errorPage({
        lang,
        details: Object.entries(out).filter(([key]) => ['error', 'error_description'].includes(key)),
      });
    },
    discovery: { ui_locales_supported: ['nl', 'fr', 'en', 'de'], claims_locales_supported: undefined },
    enabledJWA: {
      idTokenSigningAlgValues: [SIGNING_ALG],
      dPoPSigningAlgValues: [...DPOP_SIGNING_ALGS],
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = proxy;
  provider.use(limitAssertionLifetime());

  return provider;
}
