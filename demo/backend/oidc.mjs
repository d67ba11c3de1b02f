// The OpenID Connect provider (oidc-provider 9), mounted at the root of the backend: issuer = origin.
// One public client, `loket-demo`: code + PKCE (S256), JWT access tokens for the profile API, rotating
// refresh tokens, revocation, RP-initiated logout. The sign-in pages are in server.mjs (interactions).

import Provider, { errors } from 'oidc-provider';
import { API_SCOPE, RESOURCE } from './auth.mjs';
import { contentSecurityPolicy } from './http-util.mjs';
import { SIGNING_ALG } from './keys.mjs';
import { createSqliteAdapter } from './oidc-adapter.mjs';
import { errorPage, logoutPage, messagePage, pickLanguage, TEXT } from './pages.mjs';

export const CLIENT_ID = 'loket-demo';
export const SCOPE = `openid profile offline_access ${API_SCOPE}`;
const OIDC_SCOPE = 'openid profile offline_access';

/** `uri` is on one of the site origins: any path, no fragment, no credentials. */
export function isSiteUrl(uri, siteOrigins) {
  let url;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return siteOrigins.includes(url.origin) && !url.hash && !url.username && !url.password && uri.startsWith(url.origin);
}

export function createProvider({ issuer, siteOrigins, db, keys, store, accessTokenTtl, refreshTokenTtl }) {
  const htmlHeaders = (ctx) => {
    ctx.set('content-security-policy', contentSecurityPolicy(siteOrigins));
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'no-referrer');
  };

  const configuration = {
    adapter: createSqliteAdapter(db),
    jwks: keys.jwks,
    cookies: {
      keys: keys.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    clients: [
      {
        client_id: CLIENT_ID,
        client_name: 'Loket',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // every site origin + "/"; any other path on these origins is allowed by redirectUriAllowed below
        redirect_uris: siteOrigins.map((origin) => `${origin}/`),
        post_logout_redirect_uris: siteOrigins.map((origin) => `${origin}/`),
        id_token_signed_response_alg: SIGNING_ALG,
      },
    ],
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: SIGNING_ALG,
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    clientBasedCORS: (_ctx, origin) => siteOrigins.includes(origin),
    scopes: ['openid', 'offline_access', 'profile'],
    claims: {
      openid: ['sub'],
      profile: ['given_name', 'family_name', 'name', 'locale'],
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
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          const lang = pickLanguage(ctx.oidc.params.ui_locales);
          htmlHeaders(ctx);
          ctx.type = 'html';
          ctx.body = logoutPage({ lang, formHtml: form, formId: 'op.logoutForm' });
        },
        postLogoutSuccessSource: async (ctx) => {
          const lang = pickLanguage();
          htmlHeaders(ctx);
          ctx.type = 'html';
          ctx.body = messagePage({ lang, title: TEXT[lang].signOutTitle, body: `<h1>${TEXT[lang].signedOut}</h1>` });
        },
      },
      resourceIndicators: {
        enabled: true,
        // no `resource` parameter needed: every authorization request is for the profile API
        defaultResource: async (_ctx, _client, oneOf) => (oneOf ? (oneOf.includes(RESOURCE) ? RESOURCE : oneOf[0]) : RESOURCE),
        // refresh (and code) exchanges without `resource` get a token for the granted resource
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget();
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
    issueRefreshToken: async (_ctx, client) => client.clientId === CLIENT_ID && client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: refreshTokenTtl,
      Grant: refreshTokenTtl,
      // the rotation chain as a whole lives refreshTokenTtl: a rotated token inherits what is left
      RefreshToken: (ctx) => {
        const rotated = ctx?.oidc?.entities?.RotatedRefreshToken;
        return rotated ? Math.max(1, rotated.remainingTTL) : refreshTokenTtl;
      },
    },
    // first-party client: consent is granted without asking
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      let grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (client.clientId !== CLIENT_ID) return grant;
      if (!grant) grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(OIDC_SCOPE);
      grant.addResourceScope(RESOURCE, API_SCOPE);
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, sub) => {
      const user = store.userById(sub);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: async () => ({
          sub: user.id,
          given_name: user.given_name,
          family_name: user.family_name,
          name: `${user.given_name} ${user.family_name}`,
          ...(user.language ? { locale: user.language } : {}),
        }),
      };
    },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => {
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
    },
  };

  const provider = new Provider(issuer, configuration);

  // any path on a site origin is a valid redirect / post-logout redirect for loket-demo
  const { redirectUriAllowed, postLogoutRedirectUriAllowed } = provider.Client.prototype;
  provider.Client.prototype.redirectUriAllowed = function allowed(value) {
    if (this.clientId === CLIENT_ID) return isSiteUrl(value, siteOrigins);
    return redirectUriAllowed.call(this, value);
  };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function allowed(value) {
    if (this.clientId === CLIENT_ID) return isSiteUrl(value, siteOrigins);
    return postLogoutRedirectUriAllowed.call(this, value);
  };

  return provider;
}
