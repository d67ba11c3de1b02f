// The provider's interactions: our sign-in page (/interaction/:uid), its post (/interaction/:uid/login) and
// the cancel link (/interaction/:uid/abort). The provider finishes each on the raw request and response.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorPage, loginPage } from '../../pages/layout.js';
import { pickLanguage } from '../../pages/texts.js';
import type { CheckCredentials } from '../../services/sign-in.js';
import { createHtml, signInRefusal } from '../html.js';
import { registerTable, type RouteEntry } from '../route-table.js';
import type { HttpDeps } from '../types.js';

type Uid = { uid: string };
const uidParams = {
  type: 'object',
  properties: { uid: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' } },
  required: ['uid'],
} as const;

export function interactionRoutes(deps: HttpDeps & { checkCredentials: CheckCredentials }) {
  const { provider, issuer, audit, checkCredentials } = deps;
  const html = createHtml(deps);

  /** the interaction of this uid, or an error page (expired or unknown) */
  async function details(request: FastifyRequest, reply: FastifyReply) {
    try {
      const found = await provider.interactionDetails(request.raw, reply.raw);
      if (found.uid !== (request.params as Uid).uid) throw new Error('interaction mismatch');
      return found;
    } catch {
      const lang = pickLanguage((request.query as Record<string, string>).lang);
      await html.send(
        reply,
        400,
        errorPage({
          lang,
          details: [
            ['error', 'invalid_request'],
            ['error_description', 'The sign-in request has expired or is unknown. Start again from the website.'],
          ],
        }),
      );
      return undefined;
    }
  }

  /** hands the raw response to the provider, which redirects back to /auth */
  async function finish(request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>, merge: boolean) {
    reply.hijack();
    await provider.interactionFinished(request.raw, reply.raw, result, { mergeWithLastSubmission: merge });
  }

  const page = (
    uid: string,
    lang: ReturnType<typeof pickLanguage>,
    identityRequested: boolean,
    error = false,
    errorText?: string,
  ) => {
    const pageUrl = new URL(`/interaction/${uid}`, issuer);
    pageUrl.searchParams.set('lang', lang);
    return loginPage({
      lang,
      action: `/interaction/${uid}/login`,
      currentUrl: pageUrl.href,
      cancelHref: `/interaction/${uid}/abort`,
      error,
      ...(errorText ? { errorText } : {}),
      identityRequested,
    });
  };

  async function show(request: FastifyRequest, reply: FastifyReply) {
    const found = await details(request, reply);
    if (!found) return reply;
    const { prompt, params } = found;
    if (prompt.name === 'consent') {
      // not expected (loadExistingGrant grants loket-demo), but finish it the same way
      const grant = new provider.Grant({ accountId: found.session.accountId, clientId: params.client_id });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(
        (prompt.details.missingResourceScopes ?? {}) as Record<string, string[]>,
      )) {
        grant.addResourceScope(resource, scopes.join(' '));
      }
      const grantId = await grant.save();
      return finish(request, reply, { consent: { grantId } }, true);
    }
    // a login hint asks for an identity: the page says why the citizen signs in again (it never names the party:
    // nobody is authenticated yet)
    const lang = pickLanguage((request.query as Record<string, string>).lang, params.ui_locales);
    return html.send(reply, 200, page(found.uid, lang, typeof params.login_hint === 'string'));
  }

  async function login(request: FastifyRequest, reply: FastifyReply) {
    const found = await details(request, reply);
    if (!found) return reply;
    const { params } = found;
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const lang = pickLanguage(body.lang, params.ui_locales);
    const attempt = await checkCredentials(body.username, body.password, params.login_hint, request.ip);
    await audit(request, {
      subject: attempt.subject,
      onBehalfOf: attempt.party?.id ?? null,
      resource: '/interaction/login',
      operation: 'sign-in',
      outcome: attempt.user ? 'ok' : 'denied',
    });
    if (!attempt.user) {
      const refusal = signInRefusal(attempt, lang);
      const identityRequested = typeof params.login_hint === 'string';
      return html.send(
        reply,
        refusal.status,
        page(found.uid, lang, identityRequested, true, refusal.errorText),
        refusal.headers,
      );
    }
    return finish(request, reply, { login: { accountId: attempt.user.id, amr: ['pwd'] } }, false);
  }

  async function abort(request: FastifyRequest, reply: FastifyReply) {
    const found = await details(request, reply);
    if (!found) return reply;
    return finish(
      request,
      reply,
      { error: 'access_denied', error_description: 'End-user aborted the sign-in.' },
      false,
    );
  }

  const signInLimit = { rateLimit: { max: deps.signInRateLimit.max, timeWindow: deps.signInRateLimit.timeWindowMs } };
  const table: RouteEntry[] = [
    { method: 'GET', url: '/interaction/:uid', schema: { params: uidParams }, handler: show },
    {
      method: 'POST',
      url: '/interaction/:uid/login',
      schema: { params: uidParams },
      config: signInLimit,
      handler: login,
    },
    { method: 'GET', url: '/interaction/:uid/abort', schema: { params: uidParams }, handler: abort },
  ];

  return async function plugin(scope: FastifyInstance) {
    registerTable(scope, table, { methodNotAllowed: html.methodNotAllowed });
  };
}
