// Answers of the service's own pages: HTML with a strict policy, never cached; the identity of a browser.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { HOST_COOKIE } from '../auth/host-sessions.js';
import { CLIENT_ID } from '../auth/provider.js';
import type { PageUser } from '../pages/account.js';
import { contentSecurityPolicy } from '../pages/html.js';
import { errorPage } from '../pages/layout.js';
import { formatWait, pickLanguage, TEXT, type Lang } from '../pages/texts.js';
import type { SignInAttempt } from '../services/sign-in.js';
import type { Owner } from '../store/store.js';
import type { HttpDeps } from './types.js';

/** For pages with a form whose post is checked by its Origin header (see layout's `referrer`). */
export const SAME_ORIGIN_REFERRER = { 'referrer-policy': 'same-origin' };

/**
 * How a refused sign-in form is answered: 200 with "wrong username or password", or, when the attempt was
 * throttled or the instance busy, 429 with Retry-After and a message in the page's language saying how long to
 * wait. The audit row's outcome is `denied` in every case.
 */
export function signInRefusal(
  attempt: SignInAttempt,
  lang: Lang,
): { status: number; headers: Record<string, string>; errorText: string | undefined } {
  if (attempt.kind === 'checked') return { status: 200, headers: {}, errorText: undefined };
  const text = attempt.kind === 'throttled' ? TEXT[lang].tooManyAttempts : TEXT[lang].signInBusy;
  return {
    status: 429,
    headers: { 'retry-after': String(attempt.retryAfterSeconds) },
    errorText: text.replace('{wait}', formatWait(attempt.retryAfterSeconds, lang)),
  };
}

export interface BrowserIdentity {
  user: PageUser;
  owner: Owner;
  via: 'host' | 'oidc';
  /** the host cookie or the provider session's id: what the correction form's token is bound to */
  sessionId: string;
}

export type Html = ReturnType<typeof createHtml>;

export function createHtml({ siteOrigins, hostSessions, provider, citizen, store, recentSignInSeconds }: HttpDeps) {
  const baseHeaders = {
    'content-security-policy': contentSecurityPolicy(siteOrigins),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };

  function send(reply: FastifyReply, status: number, html: string, headers: Record<string, string> = {}) {
    return reply
      .code(status)
      .headers({ ...baseHeaders, ...headers })
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /** 405 page with Allow. */
  const methodNotAllowed = (_request: FastifyRequest, reply: FastifyReply, allow: string) =>
    send(reply, 405, errorPage({ lang: 'nl', details: [['error', 'method_not_allowed']] }), {
      allow: allow.replace(/, OPTIONS$/, ''),
    });

  /**
   * The citizen of a browser request to the service's pages: the host-mode cookie or the provider's session.
   * `user.party` is the party they act for (the host session's, or the provider grant's of loket-demo), if any.
   */
  async function identify(request: FastifyRequest, reply: FastifyReply): Promise<BrowserIdentity | undefined> {
    const cookie = request.cookies[HOST_COOKIE];
    const host = await hostSessions.sessionFor(cookie);
    let found: { userId: string; partyId: string | null; via: 'host' | 'oidc'; sessionId: string } | undefined;
    if (host && cookie) {
      found = { ...host, via: 'host', sessionId: cookie };
    } else {
      const session = await provider.Session.get(provider.createContext(request.raw, reply.raw));
      // the pages show personal data: a provider sign-in older than recentSignInSeconds (the header's tokens
      // may keep the citizen signed in on the sites longer) asks for the password again, like max_age would
      const signedInAt = session?.authTime();
      const recent = signedInAt !== undefined && Date.now() / 1000 - signedInAt <= recentSignInSeconds;
      if (session?.accountId && recent) {
        const partyId = await store.grantParty(session.grantIdFor(CLIENT_ID));
        found = { userId: session.accountId, partyId, via: 'oidc', sessionId: session.jti };
      }
    }
    if (!found) return undefined;
    const who = await citizen.citizen(found.userId, found.partyId); // a mandate that is gone: nobody
    if (!who) return undefined;
    return { user: { ...who.user, party: who.party }, owner: who.owner, via: found.via, sessionId: found.sessionId };
  }

  /** "?lang=xx" when the page's language is not the citizen's default (links then keep the choice). */
  const langQuery = (lang: Lang, user: PageUser) => (lang === pickLanguage(user.language) ? '' : `?lang=${lang}`);

  return {
    send,
    methodNotAllowed,
    identify,
    langQuery,
  };
}
