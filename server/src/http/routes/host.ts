// Host mode: the site's server owns the session. /host/login (the sign-in form and its post), /host/session
// (who is signed in, for the header: CORS with credentials), /host/logout (the sign-out form and its post).

import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HOST_COOKIE } from '../../auth/host-sessions.js';
import { hasControlCharacter, isSiteUrl } from '../../auth/provider.js';
import { escapeHtml as e } from '../../pages/html.js';
import { errorPage, layout, loginPage } from '../../pages/layout.js';
import { pickLanguage, TEXT } from '../../pages/texts.js';
import type { CheckCredentials } from '../../services/sign-in.js';
import { createCors } from '../cors.js';
import { createHtml, SAME_ORIGIN_REFERRER, signInRefusal } from '../html.js';
import { HttpError } from '../problem.js';
import { registerTable, type RouteEntry } from '../route-table.js';
import type { HttpDeps } from '../types.js';

const CSRF_COOKIE = 'loket_host_csrf';

type Query = Record<string, string | undefined>;
type Form = Record<string, string | undefined>;
const field = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function hostRoutes(deps: HttpDeps & { checkCredentials: CheckCredentials }) {
  const { issuer, siteOrigins, hostSessions, citizen, represent, audit, checkCredentials } = deps;
  const cors = createCors(deps);
  const html = createHtml(deps);
  const secure = new URL(issuer).protocol === 'https:';
  const safeReturn = (value: unknown) =>
    isSiteUrl(value, siteOrigins) || isSiteUrl(value, [issuer]) ? (value as string) : `${siteOrigins[0]}/`;
  const setHostCookie = (reply: FastifyReply, value: string, maxAge?: number) =>
    reply.setCookie(HOST_COOKIE, value, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      ...(maxAge === undefined ? {} : { maxAge }),
    });
  const trusted = new Set([...siteOrigins, new URL(issuer).origin]);
  /**
   * The navigation comes from one of the sites or from this service (its Referer's origin; browsers send at least
   * the origin cross-origin unless a page asks for no referrer): only then may the sign-out page post itself.
   */
  const fromTrustedPage = (request: FastifyRequest) => {
    if (request.headers['sec-fetch-site'] === 'same-origin') return true;
    const referer = request.headers.referer;
    if (!referer) return false;
    try {
      return trusted.has(new URL(referer).origin);
    } catch {
      return false;
    }
  };

  /**
   * A return URL with a control character (CR, LF ...) is refused with a 400 page before anything changes: URL
   * parsers drop some of them, but a Location header cannot carry them. Any other bad value falls back to the
   * first site.
   */
  function badReturn(request: FastifyRequest, reply: FastifyReply, ...values: unknown[]) {
    if (!values.some((value) => typeof value === 'string' && hasControlCharacter(value))) return undefined;
    request.auditOutcome = 'invalid';
    const lang = pickLanguage((request.query as Query).lang, (request.body as Form | undefined)?.lang);
    return html.send(
      reply,
      400,
      errorPage({
        lang,
        details: [
          ['error', 'invalid_request'],
          ['error_description', 'The return address (return) holds a line break or another control character.'],
        ],
      }),
    );
  }

  /** the sign-in form; referrer policy same-origin: with no-referrer the browser posts it with `Origin: null` */
  function form(
    reply: FastifyReply,
    {
      lang,
      returnTo,
      csrf,
      loginHint,
      error = false,
      refusal,
    }: {
      lang: ReturnType<typeof pickLanguage>;
      returnTo: string;
      csrf: string;
      loginHint: string | undefined;
      error?: boolean;
      refusal?: ReturnType<typeof signInRefusal>;
    },
  ) {
    const pageUrl = new URL('/host/login', issuer);
    pageUrl.searchParams.set('return', returnTo);
    pageUrl.searchParams.set('lang', lang);
    if (loginHint && !error) pageUrl.searchParams.set('login_hint', loginHint);
    return html.send(
      reply,
      refusal?.status ?? 200,
      loginPage({
        lang,
        action: '/host/login',
        currentUrl: pageUrl.href,
        hidden: { return: returnTo, csrf, login_hint: loginHint },
        cancelHref: returnTo,
        error,
        ...(refusal?.errorText ? { errorText: refusal.errorText } : {}),
        referrer: 'same-origin',
        identityRequested: loginHint !== undefined,
      }),
      { ...SAME_ORIGIN_REFERRER, ...refusal?.headers },
    );
  }

  async function showLogin(request: FastifyRequest, reply: FastifyReply) {
    const query = request.query as Query;
    const refused = badReturn(request, reply, query.return);
    if (refused) return refused;
    const lang = pickLanguage(query.lang, query.ui_locales);
    const csrf = request.cookies[CSRF_COOKIE] || randomBytes(16).toString('base64url');
    // `login_hint`: the identity to act for (the header's auth.switchUrl), checked after the password
    const loginHint = query.login_hint?.slice(0, 128) || undefined;
    reply.setCookie(CSRF_COOKIE, csrf, { path: '/host/', sameSite: 'strict', httpOnly: true, secure });
    return form(reply, { lang, returnTo: safeReturn(query.return), csrf, loginHint });
  }

  async function postLogin(request: FastifyRequest, reply: FastifyReply) {
    const body = (request.body ?? {}) as Form;
    if (badReturn(request, reply, body.return)) {
      await audit(request, { resource: '/host/login', operation: 'sign-in', outcome: 'invalid' });
      return reply;
    }
    const lang = pickLanguage(body.lang);
    const returnTo = safeReturn(body.return);
    const csrf = request.cookies[CSRF_COOKIE];
    if (!csrf || field(body.csrf) !== csrf || cors.check(request) === false) {
      await audit(request, { resource: '/host/login', operation: 'sign-in', outcome: 'invalid' });
      return html.send(
        reply,
        403,
        errorPage({
          lang,
          details: [
            ['error', 'invalid_request'],
            ['error_description', 'The sign-in form has expired. Open it again.'],
          ],
        }),
      );
    }
    const loginHint = field(body.login_hint)?.slice(0, 128) || undefined;
    const attempt = await checkCredentials(body.username, body.password, loginHint, request.ip);
    await audit(request, {
      subject: attempt.subject,
      onBehalfOf: attempt.party?.id ?? null,
      resource: '/host/login',
      operation: 'sign-in',
      outcome: attempt.user ? 'ok' : 'denied',
    });
    if (!attempt.user)
      return form(reply, { lang, returnTo, csrf, loginHint, error: true, refusal: signInRefusal(attempt, lang) });
    const previous = await hostSessions.sessionFor(request.cookies[HOST_COOKIE]);
    await hostSessions.destroy(request.cookies[HOST_COOKIE]);
    // a hint that is not one of this citizen's identities acts for themselves
    const token = await hostSessions.create(attempt.user.id, attempt.party?.id ?? null);
    if (previous?.userId === attempt.user.id && previous.partyId !== (attempt.party?.id ?? null))
      await audit(request, {
        subject: attempt.user.id,
        onBehalfOf: attempt.party?.id ?? null,
        resource: '/host/login',
        operation: 'identity-switch',
        outcome: 'ok',
      });
    setHostCookie(reply, token);
    return reply.code(303).header('cache-control', 'no-store').redirect(returnTo, 303);
  }

  async function session(request: FastifyRequest) {
    const found = await hostSessions.sessionFor(request.cookies[HOST_COOKIE]);
    // a mandate that is gone ends the session
    const who = found && (await citizen.citizen(found.userId, found.partyId));
    request.auditWho = {
      subject: who?.user.id ?? null,
      onBehalfOf: who?.party?.id ?? null,
      concerns: who?.user.id ?? null,
    };
    if (!who) throw new HttpError(401, 'No one is signed in.');
    return { user: represent.me(who.user, who.party, await citizen.mandates(who.user.id)) };
  }

  async function logout(request: FastifyRequest, reply: FastifyReply) {
    const body = (request.body ?? {}) as Form;
    const refused = badReturn(request, reply, body.return, (request.query as Query).return);
    if (refused) return refused;
    const token = request.cookies[HOST_COOKIE];
    const found = await hostSessions.sessionFor(token);
    await hostSessions.destroy(token);
    request.auditWho = { subject: found?.userId ?? null, onBehalfOf: null, concerns: found?.userId ?? null };
    setHostCookie(reply, '', 0);
    reply.header('cache-control', 'no-store');
    if (body.return !== undefined)
      return reply.redirect(safeReturn(body.return || (request.query as Query).return), 303);
    return reply.code(204).send();
  }

  /**
   * A page that posts the sign-out form: auto-submitted by /static/auto-submit.js when a site (or this service)
   * sent the browser here; from anywhere else it asks (another site cannot sign the citizen out). A button
   * without JS.
   */
  async function logoutPage(request: FastifyRequest, reply: FastifyReply) {
    const query = request.query as Query;
    const refused = badReturn(request, reply, query.return);
    if (refused) return refused;
    const lang = pickLanguage(query.lang);
    const t = TEXT[lang];
    const returnTo = safeReturn(query.return);
    const auto = fromTrustedPage(request);
    return html.send(
      reply,
      200,
      layout({
        lang,
        title: t.signOutTitle,
        scripts: auto ? ['/static/auto-submit.js'] : [],
        referrer: 'same-origin',
        body: `<h1>${e(t.signOutTitle)}</h1>${auto ? '' : `<p>${e(t.signOutQuestion)}</p>`}<form id="host-logout" method="post" action="/host/logout"><input type="hidden" name="return" value="${e(returnTo)}"></form>
<div class="actions"${auto ? ' data-auto-submit="host-logout"' : ''}><button type="submit" form="host-logout" name="confirm" value="yes" autofocus>${e(t.signOutYes)}</button><a class="secondary" href="${e(returnTo)}">${e(t.signOutNo)}</a></div>`,
      }),
      SAME_ORIGIN_REFERRER,
    );
  }

  const signInLimit = { rateLimit: { max: deps.signInRateLimit.max, timeWindow: deps.signInRateLimit.timeWindowMs } };
  const loginTable: RouteEntry[] = [
    { method: 'GET', url: '/host/login', handler: showLogin },
    { method: 'POST', url: '/host/login', config: signInLimit, handler: postLogin },
  ];
  const sessionTable: RouteEntry[] = [
    { method: 'GET', url: '/host/session', audit: 'read', handler: session },
    { method: 'GET', url: '/host/logout', handler: logoutPage },
    { method: 'POST', url: '/host/logout', audit: 'sign-out', handler: logout },
  ];

  return async function plugin(scope: FastifyInstance) {
    registerTable(scope, loginTable);
    // the JSON endpoints: CORS with credentials for the site origins, 403 for another origin
    await scope.register(async (json) => {
      json.addHook('onRequest', async (request, reply) => {
        if (cors.check(request) === false) {
          request.audited = true;
          throw new HttpError(403, 'This origin is not allowed.');
        }
        reply.headers(cors.headers(request, ''));
      });
      registerTable(json, sessionTable, {
        options: (request, reply, allow) =>
          reply
            .code(204)
            .headers({ ...cors.headers(request, allow), allow })
            .send(),
      });
    });
    scope.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/host/*',
      handler: () => {
        throw new HttpError(404, 'There is no such host-mode endpoint.');
      },
    });
  };
}
