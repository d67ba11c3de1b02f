// The citizen's choices on the service's pages (issue 14): /voorkeuren and its forms (letters digitally or on
// paper; e-mail notices on, another address, off), and the confirmation link's page. The forms carry the same
// CSRF token as the correction form and pass the same Origin check (pages.ts hands both in). Every change is
// an audit row (the route's operation); the confirmation names the citizen once the token found them.

import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { choicesBody, CHOICES_PATHS, CHOICES_TEXT, confirmBody, type ChoiceDone } from '../../pages/choices.js';
import { escapeHtml as e } from '../../pages/html.js';
import { accountNav, layout } from '../../pages/layout.js';
import { pickLanguage } from '../../pages/texts.js';
import type { Correspondence } from '../../store/preferences.js';
import { SAME_ORIGIN_REFERRER, type BrowserIdentity, type Html } from '../html.js';
import type { RouteEntry } from '../route-table.js';
import type { HttpDeps } from '../types.js';

/** What the pages' routes share with these: the session check, the form token, the Origin check. */
export interface PageKit {
  html: Html;
  signedIn: (returnPath?: string) => onRequestHookHandler;
  sameOrigin: onRequestHookHandler;
  formToken: (who: BrowserIdentity) => string;
  validFormToken: (who: BrowserIdentity, value: unknown) => boolean;
  /** the "form expired" page (403, denied) */
  expired: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

type Form = Record<string, string | undefined>;
const DONE: readonly ChoiceDone[] = ['correspondence', 'email', 'email-off'];
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export function choicesPages(deps: HttpDeps, kit: PageKit): RouteEntry[] {
  const { issuer, choices } = deps;
  const { html } = kit;

  const identity = (request: FastifyRequest): BrowserIdentity => {
    if (!request.identity) throw new Error('page without identity');
    return request.identity;
  };

  async function preferencesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    { status = 200, emailValue }: { status?: number; emailValue?: string } = {},
  ) {
    const who = identity(request);
    const lang = request.lang ?? 'nl';
    const doneParam = (request.query as Form).done;
    const done = DONE.find((d) => d === doneParam);
    const query = html.langQuery(lang, who.user);
    const body = choicesBody({
      lang,
      user: who.user,
      preferences: await choices.preferences(who.user.id),
      csrf: kit.formToken(who),
      mailEnabled: choices.mailEnabled,
      done: status === 200 ? done : undefined,
      ...(emailValue !== undefined ? { emailError: true, emailValue } : {}),
    });
    return html.send(
      reply,
      status,
      layout({
        lang,
        title: CHOICES_TEXT[lang].title,
        body,
        nav: accountNav(lang, undefined, query),
        currentUrl: `${issuer}${CHOICES_PATHS.page}`,
        referrer: 'same-origin',
      }),
      SAME_ORIGIN_REFERRER,
    );
  }

  /** after a change: back to the page, which says what was done (a reload posts nothing again) */
  const back = (reply: FastifyReply, lang: string, done: ChoiceDone, anchor: string) =>
    reply
      .header('cache-control', 'no-store')
      .redirect(`${CHOICES_PATHS.page}?lang=${lang}&done=${done}#${anchor}`, 303);

  /** the posted form, its language, and whether its token is this session's */
  function readForm(request: FastifyRequest): { who: BrowserIdentity; form: Form; valid: boolean } {
    const who = identity(request);
    const form = (request.body ?? {}) as Form;
    request.lang = pickLanguage(form.lang, who.user.language);
    return { who, form, valid: kit.validFormToken(who, form.csrf) };
  }

  async function setCorrespondence(request: FastifyRequest, reply: FastifyReply) {
    const { who, form, valid } = readForm(request);
    if (!valid) return kit.expired(request, reply);
    const value = form.correspondence;
    if (value !== 'digital' && value !== 'paper') {
      request.auditOutcome = 'invalid';
      return preferencesPage(request, reply, { status: 422 });
    }
    await choices.setCorrespondence(who.user.id, value satisfies Correspondence);
    return back(reply, request.lang!, 'correspondence', 'brieven');
  }

  async function requestEmail(request: FastifyRequest, reply: FastifyReply) {
    const { who, form, valid } = readForm(request);
    if (!valid) return kit.expired(request, reply);
    const email = String(form.email ?? '');
    const result = await choices.requestEmail(who.user.id, email, request.lang!);
    if (result === 'invalid') {
      request.auditOutcome = 'invalid';
      return preferencesPage(request, reply, { status: 422, emailValue: email.slice(0, 254) });
    }
    return back(reply, request.lang!, 'email', 'e-mail');
  }

  async function removeEmail(request: FastifyRequest, reply: FastifyReply) {
    const { who, valid } = readForm(request);
    if (!valid) return kit.expired(request, reply);
    await choices.removeEmail(who.user.id);
    return back(reply, request.lang!, 'email-off', 'e-mail');
  }

  const confirmNotice = (lang: ReturnType<typeof pickLanguage>, title: string, text: string) =>
    layout({
      lang,
      title,
      body: `<h1>${e(title)}</h1><p role="status">${e(text)}</p><p><a class="button" href="${e(`${CHOICES_PATHS.page}?lang=${lang}`)}">${e(CHOICES_TEXT[lang].toPreferences)}</a></p>`,
    });

  /** GET: the page with the button; opening the link changes nothing */
  function confirmPage(request: FastifyRequest, reply: FastifyReply) {
    const query = request.query as Form;
    const lang = pickLanguage(query.lang);
    const t = CHOICES_TEXT[lang];
    const token = String(query.token ?? '');
    if (!TOKEN.test(token)) return html.send(reply, 404, confirmNotice(lang, t.unknownTitle, t.unknown));
    return html.send(
      reply,
      200,
      layout({ lang, title: t.confirmTitle, body: confirmBody({ lang, token }), referrer: 'same-origin' }),
      SAME_ORIGIN_REFERRER,
    );
  }

  /** POST: the token confirms its address (no session needed: the token is the proof of the mailbox) */
  async function confirm(request: FastifyRequest, reply: FastifyReply) {
    const form = (request.body ?? {}) as Form;
    const lang = pickLanguage(form.lang);
    const t = CHOICES_TEXT[lang];
    request.auditWho = { subject: null, onBehalfOf: null };
    const token = String(form.token ?? '');
    const result = TOKEN.test(token) ? await choices.confirmEmail(token) : { outcome: 'unknown' as const };
    if (result.outcome === 'confirmed') {
      request.auditWho = { subject: result.userId, onBehalfOf: null, concerns: result.userId };
      return html.send(reply, 200, confirmNotice(lang, t.confirmedTitle, t.confirmed));
    }
    request.auditOutcome = result.outcome === 'expired' ? 'invalid' : 'not_found';
    return result.outcome === 'expired'
      ? html.send(reply, 410, confirmNotice(lang, t.expiredTitle, t.expired))
      : html.send(reply, 404, confirmNotice(lang, t.unknownTitle, t.unknown));
  }

  /** a cross-site post of the confirmation: refused like the other forms */
  const confirmSameOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    if ((origin === undefined || origin === new URL(issuer).origin) && (site === undefined || site === 'same-origin'))
      return undefined;
    request.auditOutcome = 'denied';
    // onRequest: the form (and its language) is not read yet
    const t = CHOICES_TEXT.nl;
    return html.send(reply, 403, confirmNotice('nl', t.unknownTitle, t.unknown));
  };

  const who = kit.signedIn();
  const page = kit.signedIn(CHOICES_PATHS.page);
  return [
    {
      method: 'GET',
      url: CHOICES_PATHS.page,
      audit: 'read',
      onRequest: who,
      handler: (request, reply) => preferencesPage(request, reply),
    },
    {
      method: 'POST',
      url: CHOICES_PATHS.correspondence,
      audit: 'update',
      onRequest: [page, kit.sameOrigin],
      handler: setCorrespondence,
    },
    {
      method: 'POST',
      url: CHOICES_PATHS.email,
      audit: 'update',
      onRequest: [page, kit.sameOrigin],
      handler: requestEmail,
    },
    {
      method: 'POST',
      url: CHOICES_PATHS.emailOff,
      audit: 'update',
      onRequest: [page, kit.sameOrigin],
      handler: removeEmail,
    },
    { method: 'GET', url: CHOICES_PATHS.confirm, handler: confirmPage },
    {
      method: 'POST',
      url: CHOICES_PATHS.confirm,
      audit: 'confirm',
      onRequest: confirmSameOrigin,
      handler: confirm,
    },
  ];
}
