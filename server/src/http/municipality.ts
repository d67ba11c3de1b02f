// Which municipality a request's pages are for: the one whose site the citizen came from, remembered for the
// browser session in a cookie. In order:
//   1. the site named by the request itself: the redirect URI of a sign-in (/auth, any OIDC client of a site), the
//      return URL of a host-mode sign-in (/host/login?return=);
//   2. the Referer's origin, when it is a municipality's site (a link of its header, e.g. "Mijn berichten");
//   3. the cookie (the choice of an earlier request of this browser session);
//   4. the registry's fallback: the owner of the first site origin (LOKET_SITE_ORIGINS).
// A choice of 1 or 2 that differs from the cookie replaces it. The choice only changes the look of the pages; it
// names no person (the cookie holds a municipality's id).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Municipality, MunicipalityRegistry } from '../municipalities/registry.js';
import { requestLook, type PageLooks } from '../pages/look.js';

export const MUNICIPALITY_COOKIE = 'loket_municipality';
/** The provider's authorization endpoint (oidc-provider's default route). */
const AUTHORIZATION_PATH = '/auth';
/** Requests that are no page (the APIs, the pages' files): they neither choose nor remember. */
const NOT_A_PAGE = /^\/(api|loket|static)\//;

declare module 'fastify' {
  interface FastifyRequest {
    /** the municipality whose look this request's pages take */
    municipality?: Municipality;
  }
}

/** The municipality the request itself names (a sign-in's redirect or return URL, then the Referer). */
function named(request: FastifyRequest, registry: MunicipalityRegistry): Municipality | undefined {
  const path = request.url.split('?')[0];
  const query = (request.query ?? {}) as Record<string, unknown>;
  const fromRequest =
    path === AUTHORIZATION_PATH ? query.redirect_uri : path === '/host/login' ? query.return : undefined;
  return registry.forUrl(fromRequest) ?? registry.forUrl(request.headers.referer);
}

export function registerMunicipality(
  app: FastifyInstance,
  { registry, looks, issuer }: { registry: MunicipalityRegistry; looks: PageLooks; issuer: string },
): void {
  // Secure behind an https public URL, as every cookie of the service
  const secure = new URL(issuer).protocol === 'https:';
  const remember = (request: FastifyRequest, reply: FastifyReply, m: Municipality) => {
    const options = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
    if (request.url.split('?')[0] === AUTHORIZATION_PATH) {
      // the provider answers on the raw response (its own cookies are added to what is set here)
      reply.raw.appendHeader('set-cookie', app.serializeCookie(MUNICIPALITY_COOKIE, m.id, options));
    } else {
      reply.setCookie(MUNICIPALITY_COOKIE, m.id, options);
    }
  };

  app.addHook('onRequest', (request, reply, done) => {
    const remembered = registry.byId(request.cookies[MUNICIPALITY_COOKIE]);
    const chosen = NOT_A_PAGE.test(request.url) ? undefined : named(request, registry);
    if (chosen && chosen !== remembered) remember(request, reply, chosen);
    const municipality = chosen ?? remembered ?? registry.fallback;
    request.municipality = municipality;
    requestLook.run({ municipality, looks, via: () => request.identity?.via }, done);
  });
  // A request body is read between onRequest and preValidation, in the stream's own async context: enter the
  // request's again for the handler (and its hooks) that render the page.
  app.addHook('preValidation', (request, _reply, done) => {
    if (!request.municipality) return done();
    return requestLook.run({ municipality: request.municipality, looks, via: () => request.identity?.via }, done);
  });
}
