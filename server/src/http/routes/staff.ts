// The service's staff pages: the staff sign-in (/medewerkers/aanmelden, /medewerkers/afmelden), the audit
// console for the security consultant (/audit, /audit/export.csv) and the corrections work list for the
// municipal officers (/behandeling, /behandeling/:id). Staff are not citizens: they sign in against the staff
// registry (LOKET_STAFF_FILE) into a staff session of their own (a cookie, an idle limit, CSRF-protected forms).
// A citizen or a publish client gets 403, and so does staff of the other role. Every step is an audit row
// naming `staff:<id>`; a row that touched a citizen's data names them in `concerns`.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { auditCsvHeader, auditCsvRow } from '../../audit/csv.js';
import { SIGNING_ALG } from '../../auth/keys.js';
import { verifyPassword } from '../../auth/passwords.js';
import { PUBLISH_RESOURCE } from '../../auth/publish-clients.js';
import { STAFF_COOKIE, type StaffSession } from '../../auth/staff-sessions.js';
import { errorPage, layout, notice } from '../../pages/layout.js';
import {
  AUDIT_EXPORT_PATH,
  AUDIT_PATH,
  auditBody,
  fieldLabel,
  HOME_OF_ROLE,
  requestBody,
  STAFF_SIGN_IN_PATH,
  STAFF_SIGN_OUT_PATH,
  staffBar,
  staffLoginBody,
  worklistBody,
  WORKLIST_PATH,
} from '../../pages/staff.js';
import { fill, STAFF_TEXT } from '../../pages/staff-texts.js';
import { pickLanguage, type Lang } from '../../pages/texts.js';
import { createAuditSearch } from '../../services/audit-search.js';
import { staffSubject, type StaffRole } from '../../staff/registry.js';
import { createHtml, SAME_ORIGIN_REFERRER } from '../html.js';
import { registerTable, type RouteEntry } from '../route-table.js';
import type { HttpDeps } from '../types.js';

const CSRF_COOKIE = 'loket_staff_csrf';
const PAGE_SIZE = 50;
/** the most rows one CSV export holds */
export const EXPORT_MAX_ROWS = 50_000;

type Form = Record<string, string | undefined>;
const ID = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$' } },
  required: ['id'],
} as const;

declare module 'fastify' {
  interface FastifyRequest {
    /** the staff member of a staff page (set by the role guard) */
    staff?: StaffSession;
  }
}

export function staffRoutes(deps: HttpDeps) {
  const { issuer, keys, store, staff, staffSessions, corrections, authenticate, audit } = deps;
  const html = createHtml(deps);
  const parseSearch = createAuditSearch(store, staff);
  const publishKeys = createLocalJWKSet(keys.publicJwks);
  const secure = new URL(issuer).protocol === 'https:';
  const issuerOrigin = new URL(issuer).origin;

  const langOf = (request: FastifyRequest): Lang =>
    request.lang ?? pickLanguage((request.query as Form)?.lang, (request.body as Form | undefined)?.lang);
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    { title, body, referrer = 'same-origin' }: { title: string; body: string; referrer?: string },
  ) => {
    const lang = langOf(request);
    const bar = request.staff ? staffBar(lang, request.staff.member, formToken(request.staff)) : '';
    const path = request.url.split('?')[0]!;
    return html.send(
      reply,
      status,
      // staff pages: the header without its citizen sign-in button (staff sign in here, not as citizens)
      layout({ lang, title, body, nav: bar, currentUrl: `${issuer}${path}`, referrer, signIn: true }),
      referrer === 'same-origin' ? SAME_ORIGIN_REFERRER : {},
    );
  };

  // CSRF: a token bound to the staff session (an HMAC of its cookie value: nothing stored), and the Origin and
  // Sec-Fetch-Site headers, when sent, must name this service.
  const formKey = createHmac('sha256', keys.cookieKeys[0]!).update('loket:staff-form').digest();
  const formToken = (session: StaffSession) =>
    createHmac('sha256', formKey).update(session.sessionId).digest('base64url');
  const same = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const fromThisOrigin = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    return (origin === undefined || origin === issuerOrigin) && (site === undefined || site === 'same-origin');
  };
  const setCookie = (reply: FastifyReply, name: string, value: string, options: { maxAge?: number; path?: string }) =>
    reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'strict', secure, ...options });

  function expired(request: FastifyRequest, reply: FastifyReply) {
    const t = STAFF_TEXT[langOf(request)];
    request.auditOutcome = 'denied';
    return html.send(reply, 403, notice({ lang: langOf(request), title: t.formExpiredTitle, text: t.formExpired }));
  }

  // ---- who is asking ----

  /** Not staff: the citizen (profile token, host cookie or provider session) or the publish client, if any. */
  async function otherCaller(request: FastifyRequest, reply: FastifyReply): Promise<string | null | undefined> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const citizenCaller = await authenticate(request, undefined).catch(() => undefined);
      if (citizenCaller) return citizenCaller.user.id;
      const token = /^Bearer +(\S+)$/.exec(header)?.[1];
      const client = token
        ? await jwtVerify(token, publishKeys, { issuer, audience: PUBLISH_RESOURCE, algorithms: [SIGNING_ALG] })
            .then(({ payload }) => (typeof payload.client_id === 'string' ? `client:${payload.client_id}` : null))
            .catch(() => null)
        : null;
      // a bearer token of any kind is not a staff session: refused (named when it is one of ours)
      return client;
    }
    const found = await html.identify(request, reply);
    return found ? found.user.id : undefined;
  }

  /** onRequest: the staff session and its role. Nobody signed in: the sign-in form (no row); anyone else: 403. */
  const staffOnly = (role: StaffRole) => async (request: FastifyRequest, reply: FastifyReply) => {
    request.lang = langOf(request);
    const lang = request.lang;
    const t = STAFF_TEXT[lang];
    const cookie = request.cookies[STAFF_COOKIE];
    const session = await staffSessions.sessionFor(cookie);
    if (session) {
      request.staff = session;
      request.auditWho = { subject: staffSubject(session.member.id), onBehalfOf: null, concerns: null };
      if (session.member.role === role) return undefined;
      return page(request, reply, 403, {
        title: t.forbiddenTitle,
        body: `<h1>${t.forbiddenTitle}</h1><p>${fill(t.forbidden, { role: t.roles[role] })}</p>`,
      });
    }
    const other = await otherCaller(request, reply);
    if (other !== undefined) {
      request.auditWho = { subject: other, onBehalfOf: null, concerns: null };
      const signIn = `${STAFF_SIGN_IN_PATH}?lang=${lang}`;
      return html.send(
        reply,
        403,
        notice({
          lang,
          title: t.forbiddenTitle,
          text: t.forbiddenCitizen,
          button: { href: signIn, label: t.signInAsStaff },
        }),
      );
    }
    // anonymous: no personal data was touched, no row (a sign-in follows, and that is audited)
    request.audited = true;
    if (request.method !== 'GET' && request.method !== 'HEAD') return expired(request, reply);
    const path = request.url.split('?')[0]!;
    const target = new URL(STAFF_SIGN_IN_PATH, issuer);
    target.searchParams.set('return', path);
    target.searchParams.set('lang', lang);
    if (cookie) target.searchParams.set('ended', '1');
    return reply.header('cache-control', 'no-store').redirect(target.pathname + target.search, 303);
  };

  /** the form's CSRF token and origin, checked by every staff POST's handler (the body is parsed by then) */
  const formOk = (request: FastifyRequest) => {
    const body = (request.body ?? {}) as Form;
    request.lang = pickLanguage(body.lang, request.lang);
    return Boolean(request.staff && fromThisOrigin(request) && same(String(body.csrf ?? ''), formToken(request.staff)));
  };

  const staffMember = (request: FastifyRequest) => {
    if (!request.staff) throw new Error('staff page without a staff session');
    return request.staff;
  };

  // ---- sign-in and sign-out ----

  /** a staff page to return to after signing in; anything else: the role's own page */
  const safeReturn = (value: unknown): string | undefined =>
    typeof value === 'string' && /^\/(audit|behandeling)(\/[A-Za-z0-9_-]*)?$/.test(value) ? value : undefined;

  function loginForm(
    request: FastifyRequest,
    reply: FastifyReply,
    {
      csrf,
      returnTo,
      error = false,
      status = 200,
      message,
    }: { csrf: string; returnTo: string; error?: boolean; status?: number; message?: string },
  ) {
    const lang = langOf(request);
    return page(request, reply, status, {
      title: STAFF_TEXT[lang].signInTitle,
      body: staffLoginBody({ lang, csrf, returnTo, error, ...(message ? { notice: message } : {}) }),
    });
  }

  async function showLogin(request: FastifyRequest, reply: FastifyReply) {
    const query = request.query as Form;
    const t = STAFF_TEXT[langOf(request)];
    const csrf = request.cookies[CSRF_COOKIE] || randomBytes(16).toString('base64url');
    setCookie(reply, CSRF_COOKIE, csrf, { path: '/medewerkers/' });
    const message = query.signedOut ? t.signedOut : query.ended ? t.sessionEnded : undefined;
    return loginForm(request, reply, {
      csrf,
      returnTo: safeReturn(query.return) ?? '',
      ...(message ? { message } : {}),
    });
  }

  async function postLogin(request: FastifyRequest, reply: FastifyReply) {
    const body = (request.body ?? {}) as Form;
    request.lang = pickLanguage(body.lang);
    const csrf = request.cookies[CSRF_COOKIE];
    if (!csrf || !same(String(body.csrf ?? ''), csrf) || !fromThisOrigin(request)) {
      await audit(request, { resource: STAFF_SIGN_IN_PATH, operation: 'staff-sign-in', outcome: 'invalid' });
      return expired(request, reply);
    }
    const username = String(body.username ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 100);
    const member = username ? staff.byUsername(username) : undefined;
    // an unknown username costs as much as a known one (verifyPassword hashes all the same)
    const ok = await verifyPassword(String(body.password ?? '').slice(0, 200), member?.passwordHash);
    await audit(request, {
      subject: member ? staffSubject(member.id) : null,
      resource: STAFF_SIGN_IN_PATH,
      operation: 'staff-sign-in',
      outcome: ok && member ? 'ok' : 'denied',
    });
    const returnTo = safeReturn(body.return);
    if (!ok || !member) return loginForm(request, reply, { csrf, returnTo: returnTo ?? '', error: true, status: 401 });
    await staffSessions.destroy(request.cookies[STAFF_COOKIE]);
    setCookie(reply, STAFF_COOKIE, await staffSessions.create(member.id), {});
    const target = returnTo ?? HOME_OF_ROLE[member.role];
    return reply.header('cache-control', 'no-store').redirect(`${target}?lang=${request.lang}`, 303);
  }

  async function signOut(request: FastifyRequest, reply: FastifyReply) {
    const body = (request.body ?? {}) as Form;
    const lang = pickLanguage(body.lang);
    request.lang = lang;
    const cookie = request.cookies[STAFF_COOKIE];
    const session = await staffSessions.sessionFor(cookie);
    if (session && (!fromThisOrigin(request) || !same(String(body.csrf ?? ''), formToken(session)))) {
      request.auditWho = { subject: staffSubject(session.member.id), onBehalfOf: null };
      return expired(request, reply);
    }
    await staffSessions.destroy(cookie);
    request.auditWho = { subject: session ? staffSubject(session.member.id) : null, onBehalfOf: null };
    if (!session) request.audited = true;
    setCookie(reply, STAFF_COOKIE, '', { maxAge: 0 });
    return reply.header('cache-control', 'no-store').redirect(`${STAFF_SIGN_IN_PATH}?signedOut=1&lang=${lang}`, 303);
  }

  // ---- the audit console ----

  async function auditConsole(request: FastifyRequest, reply: FastifyReply) {
    const session = staffMember(request);
    const csrf = formToken(session);
    if (request.method === 'GET') {
      // the empty form: nothing searched, no row
      request.audited = true;
      const lang = langOf(request);
      return page(request, reply, 200, { title: STAFF_TEXT[lang].auditTitle, body: auditBody({ lang, csrf }) });
    }
    if (!formOk(request)) return expired(request, reply);
    const lang = langOf(request);
    const t = STAFF_TEXT[lang];
    const body = (request.body ?? {}) as Form;
    const search = await parseSearch(body);
    if (search.citizenId) request.auditWho = { ...request.auditWho!, concerns: search.citizenId };
    if (!search.query)
      return page(request, reply, 422, { title: t.auditTitle, body: auditBody({ lang, csrf, search }) });
    const before = /^\d{1,15}$/.test(body.before ?? '') ? Number(body.before) : undefined;
    const rows = await store.auditRows({
      ...search.query,
      newestFirst: true,
      limit: PAGE_SIZE + 1,
      ...(before !== undefined ? { beforeId: before } : {}),
    });
    const shown = rows.slice(0, PAGE_SIZE);
    const nextBefore = rows.length > PAGE_SIZE ? shown.at(-1)!.id : undefined;
    return page(request, reply, 200, {
      title: t.auditTitle,
      body: auditBody({
        lang,
        csrf,
        search,
        rows: shown,
        ...(before !== undefined ? { before } : {}),
        ...(nextBefore !== undefined ? { nextBefore } : {}),
      }),
    });
  }

  async function auditExport(request: FastifyRequest, reply: FastifyReply) {
    const session = staffMember(request);
    if (!formOk(request)) return expired(request, reply);
    const lang = langOf(request);
    const search = await parseSearch((request.body ?? {}) as Form);
    if (search.citizenId) request.auditWho = { ...request.auditWho!, concerns: search.citizenId };
    if (!search.query)
      return page(request, reply, 422, {
        title: STAFF_TEXT[lang].auditTitle,
        body: auditBody({ lang, csrf: formToken(session), search }),
      });
    let csv = auditCsvHeader();
    let beforeId: number | undefined;
    for (let count = 0; count < EXPORT_MAX_ROWS;) {
      const rows = await store.auditRows({
        ...search.query,
        newestFirst: true,
        limit: Math.min(1000, EXPORT_MAX_ROWS - count),
        ...(beforeId !== undefined ? { beforeId } : {}),
      });
      for (const row of rows) csv += auditCsvRow(row);
      count += rows.length;
      if (rows.length < 1000) break;
      beforeId = rows.at(-1)!.id;
    }
    const name = `audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}Z.csv`;
    return reply
      .headers({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': `attachment; filename="${name}"`,
      })
      .type('text/csv; charset=utf-8; header=present')
      .send(csv);
  }

  // ---- the corrections work list ----

  async function worklist(request: FastifyRequest, reply: FastifyReply) {
    const lang = langOf(request);
    return page(request, reply, 200, {
      title: STAFF_TEXT[lang].worklistTitle,
      body: worklistBody({ lang, items: await corrections.queue() }),
    });
  }

  async function requestPage(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      status?: number;
      error?: 'decision' | 'answer' | 'answer-length' | 'stale';
      values?: { decision?: string; answer?: string };
    } = {},
  ) {
    const session = staffMember(request);
    const lang = langOf(request);
    const t = STAFF_TEXT[lang];
    const { id } = request.params as { id: string };
    const correction = await corrections.byId(id);
    if (!correction)
      return page(request, reply, 404, {
        title: t.notFoundTitle,
        body: `<h1>${t.notFoundTitle}</h1><p>${t.notFound}</p>`,
      });
    request.auditWho = { ...request.auditWho!, concerns: correction.owner.userId };
    const user = await store.userById(correction.owner.userId);
    const party = correction.owner.partyId
      ? (await store.mandates(correction.owner.userId)).find((m) => m.id === correction.owner.partyId)
      : undefined;
    const query = request.query as Form;
    const message =
      query.decided === '1'
        ? t.decidedNotice
        : query.decided === 'applied'
          ? fill(t.appliedNotice, { fact: correction.fact?.label ?? fieldLabel(lang, correction.field) })
          : query.decided === 'already'
            ? t.alreadyDecided
            : undefined;
    return page(request, reply, options.status ?? 200, {
      title: `${t.request} ${correction.id}`,
      body: requestBody({
        lang,
        csrf: formToken(session),
        correction,
        user,
        party,
        ...(options.error ? { error: options.error } : {}),
        ...(options.values ? { values: options.values } : {}),
        ...(message ? { notice: message } : {}),
      }),
    });
  }

  async function decide(request: FastifyRequest, reply: FastifyReply) {
    const session = staffMember(request);
    if (!formOk(request)) return expired(request, reply);
    const body = (request.body ?? {}) as Form;
    const lang = langOf(request);
    const { id } = request.params as { id: string };
    const error = corrections.checkDecision(body.decision, body.answer);
    if (error) {
      return requestPage(request, reply, {
        status: 422,
        error,
        values: { decision: body.decision ?? '', answer: body.answer ?? '' },
      });
    }
    const result = await corrections.decide(id, {
      status: body.decision as 'accepted' | 'rejected',
      answer: String(body.answer ?? ''),
      decidedBy: staffSubject(session.member.id),
      // the state of the fact the officer saw on the page (absent: its value when the request was made)
      ...(typeof body.factVersion === 'string' ? { factVersion: body.factVersion } : {}),
    });
    if (!result) {
      const t = STAFF_TEXT[lang];
      return page(request, reply, 404, {
        title: t.notFoundTitle,
        body: `<h1>${t.notFoundTitle}</h1><p>${t.notFound}</p>`,
      });
    }
    request.auditWho = { ...request.auditWho!, concerns: result.row.owner.userId };
    if ('stale' in result && result.stale) {
      // the fact changed since the officer saw it (or is gone): nothing decided; the page again, with the fact
      // as it is now and the message naming it (the decision row: invalid, 409)
      return requestPage(request, reply, {
        status: 409,
        error: 'stale',
        values: { decision: body.decision ?? '', answer: body.answer ?? '' },
      });
    }
    if (!result.changed) request.auditOutcome = 'denied';
    if ('applied' in result && result.applied) {
      // the fact's change, a row of its own (no value in it): the officer, for the citizen, on the fact
      await audit(request, {
        subject: staffSubject(session.member.id),
        onBehalfOf: result.row.owner.partyId,
        concerns: result.row.owner.userId,
        resource: `/gegevens/${result.applied.factId}`,
        operation: 'correction-apply',
        outcome: 'ok',
      });
    }
    const outcome = !result.changed ? 'already' : 'applied' in result && result.applied ? 'applied' : '1';
    return reply
      .header('cache-control', 'no-store')
      .redirect(`${WORKLIST_PATH}/${encodeURIComponent(id)}?lang=${lang}&decided=${outcome}`, 303);
  }

  const consultant = staffOnly('security-consultant');
  const officer = staffOnly('behandelaar');
  const signInLimit = { rateLimit: { max: deps.signInRateLimit.max, timeWindow: deps.signInRateLimit.timeWindowMs } };
  const table: RouteEntry[] = [
    { method: 'GET', url: STAFF_SIGN_IN_PATH, handler: showLogin },
    { method: 'POST', url: STAFF_SIGN_IN_PATH, config: signInLimit, handler: postLogin },
    { method: 'POST', url: STAFF_SIGN_OUT_PATH, audit: 'staff-sign-out', handler: signOut },
    { method: 'GET', url: AUDIT_PATH, audit: 'audit-search', onRequest: consultant, handler: auditConsole },
    {
      method: 'POST',
      url: AUDIT_PATH,
      audit: 'audit-search',
      onRequest: consultant,
      handler: auditConsole,
    },
    {
      method: 'POST',
      url: AUDIT_EXPORT_PATH,
      audit: 'audit-export',
      onRequest: consultant,
      handler: auditExport,
    },
    { method: 'GET', url: WORKLIST_PATH, audit: 'correction-list', onRequest: officer, handler: worklist },
    {
      method: 'GET',
      url: `${WORKLIST_PATH}/:id`,
      audit: 'correction-open',
      schema: { params: ID },
      onRequest: officer,
      handler: (request, reply) => requestPage(request, reply),
    },
    {
      method: 'POST',
      url: `${WORKLIST_PATH}/:id`,
      audit: 'correction-decide',
      schema: { params: ID },
      onRequest: officer,
      handler: decide,
    },
  ];

  return async function plugin(scope: FastifyInstance) {
    registerTable(scope, table, { methodNotAllowed: html.methodNotAllowed });
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.validation && error.validationContext === 'params' ? 404 : (error.statusCode ?? 500);
      if (status >= 500) request.log.error({ err: error }, 'staff page failed');
      return html.send(
        reply,
        status,
        errorPage({
          lang: langOf(request),
          details: [
            [
              'error',
              status === 404
                ? 'not_found'
                : status === 429
                  ? 'too_many_requests'
                  : status >= 500
                    ? 'server_error'
                    : 'invalid_request',
            ],
          ],
        }),
      );
    });
  };
}
