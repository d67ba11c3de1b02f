// The citizen's own pages: /berichten, /dossiers, /documenten, /gegevens (lists; nothing is marked read on a
// list), one page per item (/berichten/:id, /dossiers/:id, /documenten/:id marked read when opened;
// /documenten/:id/bestand the file), the correction form's post (/gegevens/correctie), and the home page.
// Identified by the host-mode cookie or the provider's session; one audit row per access.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  correctionSentBody,
  CORRECTION_PATH,
  dataBody,
  documentBody,
  documentsBody,
  dossierBody,
  dossiersBody,
  messageBody,
  messagesBody,
} from '../../pages/account.js';
import { choicesLink } from '../../pages/choices.js';
import { escapeHtml as e } from '../../pages/html.js';
import { accessLogBody, exportBody } from '../../pages/rights.js';
import { myCorrectionsSection } from '../../pages/staff.js';
import { accountNav, errorPage, layout, notice } from '../../pages/layout.js';
import { pickLanguage, TEXT, type Lang } from '../../pages/texts.js';
import type { CorrectionInput } from '../../store/store.js';
import type { FieldError } from '../problem.js';
import { attachment } from '../attachment.js';
import { createHtml, SAME_ORIGIN_REFERRER, type BrowserIdentity } from '../html.js';
import { accessLogEntry, exportDisposition, exportDocument } from '../represent-export.js';
import { registerTable, type RouteEntry } from '../route-table.js';
import { choicesPages } from './choices.js';
import type { HttpDeps } from '../types.js';
import { createBodyValidator } from '../validation.js';

type Query = Record<string, string | undefined>;
const ID = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
  required: ['id'],
} as const;

declare module 'fastify' {
  interface FastifyRequest {
    /** the browser's citizen on the pages (set by the identity hook) */
    identity?: BrowserIdentity;
    lang?: Lang;
  }
}

export function pageRoutes(deps: HttpDeps) {
  const { issuer, citizen, keys, contract } = deps;
  const html = createHtml(deps);
  const validateCorrection = createBodyValidator(contract, 'CorrectionRequest');

  const identity = (request: FastifyRequest): BrowserIdentity => {
    if (!request.identity) throw new Error('page without identity');
    return request.identity;
  };

  /**
   * onRequest: who is asking. Without a session: a 401 page with a sign-in link that returns to the page
   * (`returnPath`), audited as denied.
   */
  const signedIn = (returnPath?: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await html.identify(request, reply);
    const query = request.query as Query;
    const lang = pickLanguage(query.lang, found?.user.language);
    request.lang = lang;
    if (!found) {
      const t = TEXT[lang];
      const path = request.url.split('?')[0]!;
      const login = `/host/login?return=${encodeURIComponent(`${issuer}${returnPath ?? path}`)}&lang=${lang}`;
      request.auditWho = { subject: null, onBehalfOf: null };
      return html.send(
        reply,
        401,
        notice({ lang, title: t.notSignedInTitle, text: t.notSignedIn, button: { href: login, label: t.submit } }),
      );
    }
    request.identity = found;
    request.auditWho = { subject: found.user.id, onBehalfOf: found.owner.partyId, concerns: found.user.id };
    return undefined;
  };

  const notFound = (request: FastifyRequest, reply: FastifyReply) => {
    const t = TEXT[request.lang ?? 'nl'];
    return html.send(reply, 404, notice({ lang: request.lang ?? 'nl', title: t.notFoundTitle, text: t.notFound }));
  };

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    {
      title,
      body,
      nav = true,
      current,
      headers,
      referrer,
    }: {
      title: string;
      body: string;
      nav?: boolean;
      current?: string;
      headers?: Record<string, string>;
      referrer?: string;
    },
  ) => {
    const lang = request.lang ?? 'nl';
    const path = request.url.split('?')[0]!;
    const query = html.langQuery(lang, identity(request).user);
    return html.send(
      reply,
      200,
      layout({
        lang,
        title,
        body,
        nav: nav ? accountNav(lang, current, query) : '',
        currentUrl: `${issuer}${path}`,
        ...(referrer ? { referrer } : {}),
      }),
      headers,
    );
  };

  // ---- lists ----

  async function messages(request: FastifyRequest, reply: FastifyReply) {
    const { user, owner } = identity(request);
    const lang = request.lang!;
    const items = await citizen.messages(owner);
    return page(request, reply, {
      title: TEXT[lang].myMessages,
      current: '/berichten',
      body: messagesBody({ lang, user, items, query: html.langQuery(lang, user) }),
    });
  }
  async function dossiers(request: FastifyRequest, reply: FastifyReply) {
    const { user, owner } = identity(request);
    const lang = request.lang!;
    const items = await citizen.dossiers(owner);
    return page(request, reply, {
      title: TEXT[lang].myDossiers,
      current: '/dossiers',
      body: dossiersBody({ lang, user, items, query: html.langQuery(lang, user) }),
    });
  }
  async function documents(request: FastifyRequest, reply: FastifyReply) {
    const { user, owner } = identity(request);
    const lang = request.lang!;
    const items = await citizen.documents(owner);
    return page(request, reply, {
      title: TEXT[lang].myDocuments,
      current: '/documenten',
      body: documentsBody({ lang, user, items, query: html.langQuery(lang, user) }),
    });
  }

  // ---- personal data and the correction form ----
  // CSRF defence for the correction form: (1) a token bound to the session in a hidden field, an HMAC of the
  // session's id (the host cookie or the provider session), so nothing is stored; (2) the Origin and
  // Sec-Fetch-Site headers, when the browser sends them, must say this service's own origin. The data page
  // uses referrer policy same-origin: with no-referrer, browsers send `Origin: null` on a form post.
  const formKey = createHmac('sha256', keys.cookieKeys[0]!).update('loket:correction-form').digest();
  const formToken = ({ user, owner, via, sessionId }: BrowserIdentity) =>
    createHmac('sha256', formKey)
      .update(`${via}\n${user.id}\n${owner.partyId ?? ''}\n${sessionId}`)
      .digest('base64url');
  function validFormToken(who: BrowserIdentity, value: unknown) {
    const expected = Buffer.from(formToken(who));
    const given = Buffer.from(String(value ?? ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  const issuerOrigin = new URL(issuer).origin;
  function fromThisOrigin(request: FastifyRequest) {
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    return (origin === undefined || origin === issuerOrigin) && (site === undefined || site === 'same-origin');
  }

  async function dataPage(
    request: FastifyRequest,
    reply: FastifyReply,
    { status = 200, values, errors }: { status?: number; values?: Record<string, string>; errors?: FieldError[] } = {},
  ) {
    const who = identity(request);
    const lang = request.lang!;
    const body =
      dataBody({
        lang,
        user: who.user,
        facts: await citizen.facts(who.owner),
        csrf: formToken(who),
        ...(values ? { values } : {}),
        ...(errors ? { errors } : {}),
      }) + myCorrectionsSection({ lang, items: await deps.store.corrections(who.owner) });
    const query = html.langQuery(lang, who.user);
    return html.send(
      reply,
      status,
      layout({
        lang,
        title: TEXT[lang].myData,
        body: body + choicesLink(lang, query),
        nav: accountNav(lang, '/gegevens', query),
        currentUrl: `${issuer}/gegevens`,
        referrer: 'same-origin',
      }),
      SAME_ORIGIN_REFERRER,
    );
  }

  /** the form's post comes from this service's own page: else the "form expired" page (403, denied) */
  const sameOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (reply.sent || fromThisOrigin(request)) return undefined;
    return expired(request, reply);
  };
  function expired(request: FastifyRequest, reply: FastifyReply) {
    const lang = request.lang ?? 'nl';
    const t = TEXT[lang];
    request.auditOutcome = 'denied';
    const query = request.identity ? html.langQuery(lang, request.identity.user) : '';
    return html.send(
      reply,
      403,
      notice({
        lang,
        title: t.formExpiredTitle,
        text: t.formExpired,
        button: { href: `/gegevens${query}#correctie`, label: t.myData },
      }),
    );
  }

  /** POST /gegevens/correctie: the form of /gegevens, checked against the same schema as POST /api/me/corrections */
  async function correction(request: FastifyRequest, reply: FastifyReply) {
    const who = identity(request);
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    request.lang = pickLanguage(form.lang, who.user.language);
    if (!validFormToken(who, form.csrf)) return expired(request, reply);
    const values = Object.fromEntries(
      ['field', 'currentValue', 'requestedValue', 'reason'].map((name) => [name, String(form[name] ?? '')]),
    );
    const currentValue = values.currentValue!.trim();
    // an empty optional field is "not given"
    const input = {
      field: values.field,
      ...(currentValue ? { currentValue } : {}),
      requestedValue: values.requestedValue,
      reason: values.reason,
    };
    const checked = validateCorrection(input);
    if (!checked.ok) return dataPage(request, reply, { status: 422, values, errors: checked.errors });
    const row = await citizen.requestCorrection(who.owner, input as CorrectionInput);
    const lang = request.lang;
    const query = html.langQuery(lang, who.user);
    return html.send(
      reply,
      200,
      layout({
        lang,
        title: TEXT[lang].correctionSentTitle,
        body: correctionSentBody({ lang, user: who.user, correction: row, query }),
        nav: accountNav(lang, undefined, query),
      }),
    );
  }

  // ---- one page per item ----

  async function messagePage(request: FastifyRequest, reply: FastifyReply) {
    const { user, owner } = identity(request);
    const { id } = request.params as { id: string };
    const message = request.method === 'GET' ? await citizen.readMessage(owner, id) : await citizen.message(owner, id);
    if (!message) return notFound(request, reply);
    const letter = message.kind === 'registered' ? await letterPart(request, id) : '';
    return page(request, reply, {
      title: message.title,
      body: messageBody({ lang: request.lang!, user, message }) + letter,
      ...(letter ? { referrer: 'same-origin', headers: SAME_ORIGIN_REFERRER } : {}),
    });
  }

  // ---- registered letters (issue 12): the PDF, and the explicit acknowledgement (a form with the CSRF token) ----
  const LETTER_TEXT = {
    nl: {
      file: 'Open de brief (PDF)',
      acknowledge: 'Ontvangst bevestigen',
      acknowledged: 'U hebt de ontvangst bevestigd op',
      unclaimed: 'Deze brief werd niet tijdig afgehaald: u ontvangt hem op papier.',
    },
    fr: {
      file: 'Ouvrir la lettre (PDF)',
      acknowledge: 'Confirmer la réception',
      acknowledged: 'Vous avez confirmé la réception le',
      unclaimed: "Cette lettre n'a pas été retirée à temps : vous la recevrez sur papier.",
    },
    en: {
      file: 'Open the letter (PDF)',
      acknowledge: 'Acknowledge receipt',
      acknowledged: 'You acknowledged receipt on',
      unclaimed: 'This letter was not claimed in time: you will receive it on paper.',
    },
    de: {
      file: 'Brief öffnen (PDF)',
      acknowledge: 'Empfang bestätigen',
      acknowledged: 'Sie haben den Empfang bestätigt am',
      unclaimed: 'Dieser Brief wurde nicht rechtzeitig abgeholt: Sie erhalten ihn auf Papier.',
    },
  } as const;
  async function letterPart(request: FastifyRequest, id: string): Promise<string> {
    const who = identity(request);
    const lang = request.lang ?? 'nl';
    const t = LETTER_TEXT[lang];
    const message = await citizen.message(who.owner, id);
    const letter = await deps.publish.ownLetter(who.owner, id);
    const file = letter ? `<p><a href="/berichten/${e(id)}/brief">${e(t.file)}</a></p>` : '';
    if (message?.acknowledgedAt)
      return `${file}<p class="letter-status">${e(t.acknowledged)} ${e(message.acknowledgedAt.slice(0, 16).replace('T', ' '))} UTC.</p>`;
    if (letter?.status === 'unclaimed') return `${file}<p class="letter-status">${e(t.unclaimed)}</p>`;
    return `${file}<form method="post" action="/berichten/${e(id)}/ontvangst"><input type="hidden" name="csrf" value="${e(formToken(who))}"><input type="hidden" name="lang" value="${e(lang)}"><button type="submit">${e(t.acknowledge)}</button></form>`;
  }
  /** POST /berichten/:id/ontvangst: the citizen acknowledges receipt (never a side effect of opening the page) */
  async function acknowledgeLetter(request: FastifyRequest, reply: FastifyReply) {
    const who = identity(request);
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const { id } = request.params as { id: string };
    request.lang = pickLanguage(form.lang, who.user.language);
    if (!validFormToken(who, form.csrf)) return expired(request, reply);
    const result = await deps.publish.acknowledge(who.owner, id);
    if (result === 'not_found') return notFound(request, reply);
    if (result === 'unclaimed') request.auditOutcome = 'denied';
    return reply
      .header('cache-control', 'no-store')
      .redirect(`/berichten/${encodeURIComponent(id)}?lang=${request.lang}`, 303);
  }
  async function letterFile(request: FastifyRequest, reply: FastifyReply) {
    const who = identity(request);
    const { id } = request.params as { id: string };
    const file = await deps.publish.file(who.owner, 'letter', id);
    if (!file) return notFound(request, reply);
    return reply
      .headers({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': attachment(`brief-${id}.pdf`),
      })
      .type('application/pdf')
      .send(file);
  }
  async function dossierPage(request: FastifyRequest, reply: FastifyReply) {
    const { user, owner } = identity(request);
    const dossier = await citizen.dossier(owner, (request.params as { id: string }).id, request.method === 'GET');
    if (!dossier) return notFound(request, reply);
    return page(request, reply, { title: dossier.title, body: dossierBody({ lang: request.lang!, user, dossier }) });
  }
  async function documentPage(request: FastifyRequest, reply: FastifyReply) {
    const { user, owner } = identity(request);
    const doc = await citizen.document(owner, (request.params as { id: string }).id, request.method === 'GET');
    if (!doc) return notFound(request, reply);
    return page(request, reply, { title: doc.title, body: documentBody({ lang: request.lang!, user, doc }) });
  }
  async function documentFile(request: FastifyRequest, reply: FastifyReply) {
    const who = identity(request);
    const doc = await citizen.document(who.owner, (request.params as { id: string }).id, request.method === 'GET');
    if (!doc) return notFound(request, reply);
    return reply
      .headers({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // RFC 6266: the name quoted and escaped, and as filename* (RFC 5987) when it is not plain ASCII; a
        // supplier's name with a quote, CR or LF cannot break the header
        'content-disposition': attachment(doc.fileName),
      })
      .type('application/pdf')
      .send(await citizen.documentFile({ user: who.user, party: who.user.party, owner: who.owner }, doc));
  }

  // ---- the rights of issue 14: the export (readable and as JSON) and the access log ----

  const collectExport = async (who: BrowserIdentity) =>
    exportDocument(
      issuer,
      deps.represent,
      await deps.exports.collect({ user: who.user, party: who.user.party, owner: who.owner }),
    );
  async function exportPage(request: FastifyRequest, reply: FastifyReply) {
    const who = identity(request);
    const lang = request.lang!;
    const data = await collectExport(who);
    return page(request, reply, {
      title: TEXT[lang].myExport,
      current: '/inzage',
      body: exportBody({ lang, user: who.user, data, download: '/inzage/download' }),
    });
  }
  async function exportDownload(request: FastifyRequest, reply: FastifyReply) {
    const who = identity(request);
    const data = await collectExport(who);
    return reply
      .headers({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': exportDisposition(who.user, data.exportedAt),
      })
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  }
  async function accessLogPage(request: FastifyRequest, reply: FastifyReply) {
    const who = identity(request);
    const lang = request.lang!;
    const raw = (request.query as Query).before;
    // a malformed `before` is the first page (a page link, not an API: no error to name)
    const before = raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
    const { entries, next } = await deps.accessLog.page(who.user.id, before ? { before } : {});
    const query = html.langQuery(lang, who.user);
    const withQuery = (extra: string) => `/raadplegingen${query ? `${query}&${extra}` : `?${extra}`}`;
    return page(request, reply, {
      title: TEXT[lang].myAccessLog,
      current: '/raadplegingen',
      body: accessLogBody({
        lang,
        user: who.user,
        items: entries.map(accessLogEntry),
        older: next ? withQuery(`before=${next}`) : undefined,
        newest: before ? `/raadplegingen${query}` : undefined,
      }),
    });
  }

  function home(request: FastifyRequest, reply: FastifyReply) {
    const lang = pickLanguage((request.query as Query).lang);
    const t = TEXT[lang];
    const links = [
      ['/.well-known/openid-configuration', 'OpenID configuration'],
      ['/host/login', t.signInTitle],
    ]
      .map(([href, label]) => `<li><a href="${e(href)}">${e(label)}</a></li>`)
      .join('');
    return html.send(
      reply,
      200,
      layout({
        lang,
        title: t.home,
        currentUrl: `${issuer}/`,
        body: `<h1>${e(t.home)}</h1><p>${e(t.homeIntro)}</p><ul>${links}</ul><p class="hint">${e(t.demoHint)}</p>`,
      }),
    );
  }

  const who = signedIn();
  const table: RouteEntry[] = [
    { method: 'GET', url: '/berichten', audit: 'read', onRequest: who, handler: messages },
    { method: 'GET', url: '/dossiers', audit: 'read', onRequest: who, handler: dossiers },
    { method: 'GET', url: '/documenten', audit: 'read', onRequest: who, handler: documents },
    {
      method: 'GET',
      url: '/gegevens',
      audit: 'read',
      onRequest: who,
      handler: (request, reply) => dataPage(request, reply),
    },
    {
      method: 'GET',
      url: '/berichten/:id',
      audit: 'read',
      schema: { params: ID },
      onRequest: who,
      handler: messagePage,
    },
    {
      method: 'GET',
      url: '/dossiers/:id',
      audit: 'read',
      schema: { params: ID },
      onRequest: who,
      handler: dossierPage,
    },
    {
      method: 'GET',
      url: '/documenten/:id',
      audit: 'read',
      schema: { params: ID },
      onRequest: who,
      handler: documentPage,
    },
    {
      method: 'GET',
      url: '/berichten/:id/brief',
      audit: 'download',
      schema: { params: ID },
      onRequest: who,
      handler: letterFile,
    },
    {
      method: 'POST',
      url: '/berichten/:id/ontvangst',
      audit: 'acknowledge',
      schema: { params: ID },
      onRequest: [signedIn(), sameOrigin],
      handler: acknowledgeLetter,
    },
    {
      method: 'GET',
      url: '/documenten/:id/bestand',
      audit: 'download',
      schema: { params: ID },
      onRequest: who,
      handler: documentFile,
    },
    // e.g. the confirmation page's address opened again: back to the form (no data touched, no audit)
    {
      method: 'GET',
      url: CORRECTION_PATH,
      handler: (request, reply) => {
        const lang = (request.query as Query).lang;
        return reply
          .header('cache-control', 'no-store')
          .redirect(`/gegevens${lang ? `?lang=${pickLanguage(lang)}` : ''}`, 303);
      },
    },
    {
      method: 'POST',
      url: CORRECTION_PATH,
      audit: 'create',
      onRequest: [signedIn('/gegevens'), sameOrigin],
      handler: correction,
    },
    { method: 'GET', url: '/inzage', audit: 'read', onRequest: who, handler: exportPage },
    { method: 'GET', url: '/inzage/download', audit: 'export', onRequest: who, handler: exportDownload },
    { method: 'GET', url: '/raadplegingen', audit: 'read', onRequest: who, handler: accessLogPage },
    { method: 'GET', url: '/', handler: home },
    // issue 14: the citizen's choices (/voorkeuren), with this file's session check, form token and Origin check
    ...choicesPages(deps, { html, signedIn, sameOrigin, formToken, validFormToken, expired }),
  ];

  return async function plugin(scope: FastifyInstance) {
    registerTable(scope, table, { methodNotAllowed: html.methodNotAllowed });
    scope.get('/favicon.ico', (_request, reply) => reply.code(204).header('cache-control', 'max-age=86400').send());
    // the pages answer errors as pages: a malformed id is "not found", a body we cannot read is refused
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.validation && error.validationContext === 'params' ? 404 : (error.statusCode ?? 500);
      if (status === 404) return notFound(request, reply);
      if (status >= 500) request.log.error({ err: error }, 'page failed');
      const name =
        status === 413
          ? 'payload_too_large'
          : status === 415
            ? 'unsupported_media_type'
            : status === 429
              ? 'too_many_requests'
              : status >= 500
                ? 'server_error'
                : 'invalid_request';
      return html.send(reply, status, errorPage({ lang: 'nl', details: [['error', name]] }));
    });
  };
}
