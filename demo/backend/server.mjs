// The Loket reference backend: OpenID Connect provider + profile API + SQLite + audit log, on node:http.
//
//   import { startBackend } from './demo/backend/server.mjs';
//   const backend = await startBackend({ port: 0, dataDir: tmp, quiet: true });
//   backend.url        // http://localhost:<port>  (also the OIDC issuer)
//   await backend.close();
//
// Routes: /api/* profile API, /host/* host-mode session, /interaction/* sign-in pages, /berichten,
// /dossiers, /documenten, /gegevens (+ POST /gegevens/correctie) the citizen's own pages, /berichten/:id,
// /dossiers/:id, /documenten/:id item pages, /static/* CSS and JS; everything else is the provider
// (/.well-known/openid-configuration, /auth, /token, /token/revocation, /session/end, /jwks).

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  correctionSentBody, CORRECTION_PATH, dataBody, documentsBody, dossiersBody, messagesBody, signedIn as signedInLine,
} from './account-pages.mjs';
import { createApi, createCors, documentPdf, validateCorrection } from './api.mjs';
import { createAuditLog } from './audit-log.mjs';
import { createAuthenticator, createHostSessions, HOST_COOKIE } from './auth.mjs';
import { openDatabase } from './db.mjs';
import {
  contentSecurityPolicy, escapeHtml as e, HttpError, parseCookies, readForm, sendDownload, sendJson, sendProblem, serializeCookie,
} from './http-util.mjs';
import { loadOrCreateKeys } from './keys.mjs';
import { CLIENT_ID, createProvider, isSiteUrl } from './oidc.mjs';
import { purgeExpiredOidcModels } from './oidc-adapter.mjs';
import { ACCOUNT_PAGES, accountNav, errorPage, formatDate, layout, loginPage, pickLanguage, TEXT } from './pages.mjs';
import { verifyPassword } from './passwords.mjs';
import { createRepresenter } from './represent.mjs';
import { resetDemoData, seedIfEmpty } from './seed.mjs';
import { createStore, ownerOf } from './store.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const STATIC = { 'loket.css': 'text/css; charset=utf-8', 'auto-submit.js': 'text/javascript; charset=utf-8' };

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/**
 * @param {object} [options]
 * @param {number} [options.port] 0 = any free port
 * @param {string} [options.host] the interface to listen on
 * @param {string[]} [options.siteOrigins] origins of the sites that embed the header (CORS, redirects)
 * @param {string} [options.dataDir] SQLite database and keys; relative to the project root
 * @param {number} [options.accessTokenTtl] seconds
 * @param {number} [options.refreshTokenTtl] seconds, for the whole rotation chain (the session's absolute end)
 * @param {number} [options.sessionIdleTtl] seconds a refresh token lives unused (each refresh starts it again,
 *   up to the absolute end); default 30 min
 * @param {boolean} [options.quiet] no request log
 * @param {number} [options.sseKeepAliveMs] keep-alive comment interval on /api/me/events
 */
export async function startBackend({
  port = Number(process.env.LOKET_BACKEND_PORT) || 8081,
  host = '127.0.0.1',
  siteOrigins = ['http://localhost:8080'],
  dataDir = 'demo/.data',
  accessTokenTtl = 300,
  refreshTokenTtl = 8 * 3600,
  sessionIdleTtl = 30 * 60,
  quiet = false,
  sseKeepAliveMs = 25_000,
} = {}) {
  const origins = siteOrigins.map((origin) => new URL(origin).origin);
  const dir = path.resolve(ROOT, dataDir);
  const db = openDatabase(dir);
  await seedIfEmpty(db);
  purgeExpiredOidcModels(db);
  const keys = await loadOrCreateKeys(dir);

  const server = createServer();
  let actualPort;
  try {
    actualPort = await listen(server, port, host);
  } catch (error) {
    db.close();
    throw error;
  }
  const issuer = `http://localhost:${actualPort}`;

  const store = createStore(db);
  const represent = createRepresenter(issuer);
  const audit = createAuditLog(db);
  const hostSessions = createHostSessions(db, refreshTokenTtl);
  hostSessions.purge();
  store.purgeGrantParties();
  const hub = new EventEmitter();
  hub.setMaxListeners(0);
  const cors = createCors({ siteOrigins: origins, issuer });
  const authenticate = createAuthenticator({ issuer, publicJwks: keys.publicJwks, store, hostSessions });
  const api = createApi({ store, represent, authenticate, audit, cors, hub, sseKeepAliveMs });
  const provider = createProvider({ issuer, siteOrigins: origins, db, keys, store, accessTokenTtl, refreshTokenTtl, sessionIdleTtl });
  provider.on('server_error', (_ctx, error) => {
    console.error(`[loket-backend] provider error: ${error.name}: ${error.message}`);
  });
  const providerCallback = provider.callback();

  const htmlHeaders = {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': contentSecurityPolicy(origins),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
  const sendHtml = (req, res, status, html, headers = {}) => {
    res.writeHead(status, { ...htmlHeaders, 'content-length': Buffer.byteLength(html), ...headers });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
  /** For pages with a form whose post is checked by its Origin header (see layout's `referrer`). */
  const SAME_ORIGIN_REFERRER = { 'referrer-policy': 'same-origin' };
  const redirect = (res, location, headers = {}) => {
    res.writeHead(303, { location, 'content-length': 0, 'cache-control': 'no-store', ...headers });
    res.end();
  };

  /**
   * The citizen of a browser request to the backend's pages: the host-mode cookie or the provider's session.
   * `user.party` is the party they act for (the host session's, or the provider grant's of loket-demo), if any;
   * `owner` scopes the data ({ userId, partyId }).
   * @returns {Promise<{ user: object, owner: object, via: 'host' | 'oidc', sessionId: string } | undefined>}
   */
  async function browserIdentity(req, res) {
    const cookie = parseCookies(req)[HOST_COOKIE];
    const host = hostSessions.sessionFor(cookie);
    let found;
    if (host) {
      const user = store.userById(host.userId);
      found = user && { user, partyId: host.partyId, via: 'host', sessionId: cookie };
    } else {
      const session = await provider.Session.get(provider.createContext(req, res));
      const user = session?.accountId ? store.userById(session.accountId) : undefined;
      found = user && { user, partyId: store.grantParty(session.grantIdFor(CLIENT_ID)), via: 'oidc', sessionId: session.jti };
    }
    if (!found) return undefined;
    const party = store.partyOf(found.user.id, found.partyId);
    if (found.partyId && !party) return undefined; // the mandate is gone: act for nobody
    return { user: { ...found.user, party }, owner: ownerOf(found.user, party), via: found.via, sessionId: found.sessionId };
  }

  /** "?lang=xx" when the page's language is not the citizen's default (links then keep the choice). */
  const langQuery = (lang, user) => (lang === pickLanguage(user.language) ? '' : `?lang=${lang}`);

  /** 401 page with a sign-in link that returns to `returnPath` on this backend; audited as denied. */
  function notSignedInPage(req, res, { lang, resource, operation, returnPath = resource }) {
    const t = TEXT[lang];
    audit(req, { resource, operation, outcome: 'denied' });
    const login = `/host/login?return=${encodeURIComponent(`${issuer}${returnPath}`)}&lang=${lang}`;
    return sendHtml(req, res, 401, layout({
      lang,
      title: t.notSignedInTitle,
      body: `<h1>${e(t.notSignedInTitle)}</h1><p>${e(t.notSignedIn)}</p><p><a class="button" href="${e(login)}">${e(t.submit)}</a></p>`,
    }));
  }

  // ---- OIDC interactions: the sign-in page -------------------------------------------------------

  async function interaction(req, res, url, uid, action) {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new Error('interaction mismatch');
    } catch {
      req.resume();
      const lang = pickLanguage(url.searchParams.get('lang'));
      return sendHtml(req, res, 400, errorPage({ lang, details: [['error', 'invalid_request'], ['error_description', 'The sign-in request has expired or is unknown. Start again from the website.']] }));
    }
    const { prompt, params } = details;

    if (action === 'abort') {
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-user aborted the sign-in.' }, { mergeWithLastSubmission: false });
    }

    if (prompt.name === 'consent') {
      // not expected (loadExistingGrant grants loket-demo), but finish it the same way
      const grant = new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
        grant.addResourceScope(resource, scopes.join(' '));
      }
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }

    const pageUrl = new URL(`/interaction/${uid}`, issuer);
    // a login hint asks for an identity: the page says why the citizen signs in again (it never names the party:
    // nobody is authenticated yet)
    const identityRequested = typeof params.login_hint === 'string';
    if (action === 'show') {
      const lang = pickLanguage(url.searchParams.get('lang'), params.ui_locales);
      pageUrl.searchParams.set('lang', lang);
      return sendHtml(req, res, 200, loginPage({
        lang,
        action: `/interaction/${uid}/login`,
        currentUrl: pageUrl.href,
        cancelHref: `/interaction/${uid}/abort`,
        identityRequested,
      }));
    }

    // action === 'login'
    const form = await readForm(req);
    const lang = pickLanguage(form.get('lang'), params.ui_locales);
    const user = await checkCredentials(req, form, '/interaction/login', params.login_hint);
    if (!user) {
      pageUrl.searchParams.set('lang', lang);
      return sendHtml(req, res, 200, loginPage({
        lang,
        action: `/interaction/${uid}/login`,
        currentUrl: pageUrl.href,
        cancelHref: `/interaction/${uid}/abort`,
        error: true,
        identityRequested,
      }));
    }
    return provider.interactionFinished(req, res, { login: { accountId: user.id, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
  }

  /**
   * Username + password check; audits the attempt with the subject only when the username is known, and a
   * successful one with the party the login hint asks for when it is one of the citizen's.
   */
  async function checkCredentials(req, form, resource, loginHint) {
    const username = String(form.get('username') ?? '').trim().toLowerCase().slice(0, 100);
    const candidate = username ? store.userByUsername(username) : undefined;
    const ok = await verifyPassword(String(form.get('password') ?? '').slice(0, 200), candidate?.password_hash);
    const onBehalfOf = ok ? (store.partyForHint(candidate.id, loginHint)?.id ?? null) : null;
    audit(req, { subject: candidate?.id ?? null, onBehalfOf, resource, operation: 'sign-in', outcome: ok ? 'ok' : 'denied' });
    return ok ? candidate : undefined;
  }

  // ---- host mode: the site's server owns the session ----------------------------------------------

  const hostCookie = (value, maxAge) => serializeCookie(HOST_COOKIE, value, { maxAge, path: '/', httpOnly: true, sameSite: 'Lax' });
  const CSRF_COOKIE = 'loket_host_csrf';
  const safeReturn = (value) => (value && (isSiteUrl(value, origins) || isSiteUrl(value, [issuer])) ? value : `${origins[0]}/`);

  async function hostRoute(req, res, url) {
    const path = url.pathname;
    if (path === '/host/login' && (req.method === 'GET' || req.method === 'HEAD')) {
      const lang = pickLanguage(url.searchParams.get('lang'), url.searchParams.get('ui_locales'));
      const csrf = parseCookies(req)[CSRF_COOKIE] || randomBytes(16).toString('base64url');
      const returnTo = safeReturn(url.searchParams.get('return'));
      // `login_hint`: the identity to act for (the header's auth.switchUrl), checked after the password
      const loginHint = url.searchParams.get('login_hint')?.slice(0, 128) || undefined;
      const pageUrl = new URL('/host/login', issuer);
      pageUrl.searchParams.set('return', returnTo);
      pageUrl.searchParams.set('lang', lang);
      if (loginHint) pageUrl.searchParams.set('login_hint', loginHint);
      // referrer policy same-origin: with no-referrer the browser posts the form with `Origin: null` (refused below)
      return sendHtml(req, res, 200, loginPage({ lang, action: '/host/login', currentUrl: pageUrl.href, hidden: { return: returnTo, csrf, login_hint: loginHint }, cancelHref: returnTo, referrer: 'same-origin', identityRequested: loginHint !== undefined }), {
        ...SAME_ORIGIN_REFERRER,
        'set-cookie': serializeCookie(CSRF_COOKIE, csrf, { path: '/host/', sameSite: 'Strict' }),
      });
    }
    if (path === '/host/login' && req.method === 'POST') {
      const form = await readForm(req);
      const lang = pickLanguage(form.get('lang'));
      const returnTo = safeReturn(form.get('return'));
      const csrf = parseCookies(req)[CSRF_COOKIE];
      if (!csrf || form.get('csrf') !== csrf || cors.check(req) === false) {
        audit(req, { resource: '/host/login', operation: 'sign-in', outcome: 'invalid' });
        return sendHtml(req, res, 403, errorPage({ lang, details: [['error', 'invalid_request'], ['error_description', 'The sign-in form has expired. Open it again.']] }));
      }
      const loginHint = form.get('login_hint')?.slice(0, 128) || undefined;
      const user = await checkCredentials(req, form, '/host/login', loginHint);
      if (!user) {
        const pageUrl = new URL('/host/login', issuer);
        pageUrl.searchParams.set('return', returnTo);
        pageUrl.searchParams.set('lang', lang);
        return sendHtml(req, res, 200, loginPage({ lang, action: '/host/login', currentUrl: pageUrl.href, hidden: { return: returnTo, csrf, login_hint: loginHint }, cancelHref: returnTo, error: true, referrer: 'same-origin', identityRequested: loginHint !== undefined }), SAME_ORIGIN_REFERRER);
      }
      const old = parseCookies(req)[HOST_COOKIE];
      hostSessions.destroy(old);
      // a hint that is not one of this citizen's identities acts for themselves
      const token = hostSessions.create(user.id, store.partyForHint(user.id, loginHint)?.id ?? null);
      return redirect(res, returnTo, { 'set-cookie': hostCookie(token) });
    }

    // JSON endpoints: CORS with credentials for the site origins
    const allowed = cors.check(req);
    if (allowed === false) {
      req.resume();
      return sendProblem(req, res, new HttpError(403, 'This origin is not allowed.'));
    }
    if (path === '/host/session' || path === '/host/logout') {
      const methods = path === '/host/session' ? 'GET, HEAD, OPTIONS' : 'GET, POST, OPTIONS';
      const corsHeaders = cors.headers(req, methods);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...corsHeaders, allow: methods, 'content-length': 0 });
        return res.end();
      }
      if (path === '/host/session' && (req.method === 'GET' || req.method === 'HEAD')) {
        const session = hostSessions.sessionFor(parseCookies(req)[HOST_COOKIE]);
        const found = session && store.userById(session.userId);
        const party = found && store.partyOf(found.id, session.partyId);
        const user = session?.partyId && !party ? undefined : found; // a mandate that is gone ends the session
        audit(req, { subject: user?.id ?? null, onBehalfOf: party?.id ?? null, resource: path, operation: 'read', outcome: user ? 'ok' : 'denied' });
        if (!user) return sendProblem(req, res, new HttpError(401, 'No one is signed in.', { headers: corsHeaders }));
        return sendJson(req, res, 200, { user: represent.me(user, party, store.mandates(user.id)) }, corsHeaders);
      }
      if (path === '/host/logout' && req.method === 'POST') {
        const body = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? await readForm(req) : (req.resume(), new URLSearchParams());
        const token = parseCookies(req)[HOST_COOKIE];
        const userId = hostSessions.userIdFor(token);
        hostSessions.destroy(token);
        audit(req, { subject: userId ?? null, resource: path, operation: 'sign-out', outcome: 'ok' });
        const clear = hostCookie('', 0);
        if (body.has('return')) return redirect(res, safeReturn(body.get('return') || url.searchParams.get('return')), { ...corsHeaders, 'set-cookie': clear });
        res.writeHead(204, { ...corsHeaders, 'set-cookie': clear, 'content-length': 0, 'cache-control': 'no-store' });
        return res.end();
      }
      if (path === '/host/logout' && req.method === 'GET') {
        // a page that posts the sign-out form (auto-submitted by /static/auto-submit.js; a button without JS)
        const lang = pickLanguage(url.searchParams.get('lang'));
        const t = TEXT[lang];
        const returnTo = safeReturn(url.searchParams.get('return'));
        // referrer policy same-origin: with no-referrer the browser posts the form with `Origin: null` (refused)
        return sendHtml(req, res, 200, layout({
          lang,
          title: t.signOutTitle,
          scripts: ['/static/auto-submit.js'],
          referrer: 'same-origin',
          body: `<h1>${e(t.signOutTitle)}</h1><form id="host-logout" method="post" action="/host/logout"><input type="hidden" name="return" value="${e(returnTo)}"></form>
<div class="actions" data-auto-submit="host-logout"><button type="submit" form="host-logout" name="confirm" value="yes" autofocus>${e(t.signOutYes)}</button><a class="secondary" href="${e(returnTo)}">${e(t.signOutNo)}</a></div>`,
        }), SAME_ORIGIN_REFERRER);
      }
      req.resume();
      return sendProblem(req, res, new HttpError(405, `${req.method} is not allowed here.`, { headers: { ...corsHeaders, allow: methods } }));
    }
    req.resume();
    return sendProblem(req, res, new HttpError(404, 'There is no such host-mode endpoint.'));
  }

  // ---- the backend's own pages per item -----------------------------------------------------------

  const ITEM_PAGES = [
    { pattern: /^\/berichten\/([A-Za-z0-9_-]{1,64})$/, kind: 'message' },
    { pattern: /^\/dossiers\/([A-Za-z0-9_-]{1,64})$/, kind: 'dossier' },
    { pattern: /^\/documenten\/([A-Za-z0-9_-]{1,64})$/, kind: 'document' },
    { pattern: /^\/documenten\/([A-Za-z0-9_-]{1,64})\/bestand$/, kind: 'file' },
  ];

  async function itemPage(req, res, url, kind, id) {
    const path = url.pathname;
    const operation = kind === 'file' ? 'download' : 'read';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      audit(req, { resource: path, operation, outcome: 'invalid' });
      return sendHtml(req, res, 405, errorPage({ lang: 'nl', details: [['error', 'method_not_allowed']] }), { allow: 'GET, HEAD' });
    }
    const identity = await browserIdentity(req, res);
    const { user, owner } = identity ?? {};
    const lang = pickLanguage(url.searchParams.get('lang'), user?.language);
    const t = TEXT[lang];
    if (!user) return notSignedInPage(req, res, { lang, resource: path, operation });
    const who = { subject: user.id, onBehalfOf: owner.partyId };
    const notFound = () => {
      audit(req, { ...who, resource: path, operation, outcome: 'not_found' });
      return sendHtml(req, res, 404, layout({ lang, title: t.notFoundTitle, body: `<h1>${e(t.notFoundTitle)}</h1><p>${e(t.notFound)}</p>` }));
    };
    const signedIn = signedInLine(t, user);
    const isRead = req.method === 'GET';
    let body;
    let title;
    if (kind === 'message') {
      const [message, changed] = isRead ? store.markMessageRead(owner, id) : [store.message(owner, id), false];
      if (!message) return notFound();
      if (changed) api.notify(owner);
      title = message.title;
      const ack = message.acknowledged_at ? `<p class="meta">${e(t.acknowledged)} ${e(formatDate(message.acknowledged_at, lang, true))}</p>` : '';
      body = `${signedIn}<h1>${e(message.title)}</h1>
${message.kind === 'registered' ? `<p><strong>${e(t.registered)}</strong></p>` : ''}
<dl><dt>${e(t.from)}</dt><dd>${e(message.sender)}</dd><dt>${e(t.received)}</dt><dd>${e(formatDate(message.created_at, lang, true))}</dd></dl>
<p>${e(message.body)}</p>${ack}`;
    } else if (kind === 'dossier') {
      const dossier = store.dossier(owner, id);
      if (!dossier) return notFound();
      if (isRead && store.markDossierRead(owner, id)) api.notify(owner);
      title = dossier.title;
      const history = dossier.history.map((h) => `<li><strong>${e(t.statuses[h.status])}</strong>, ${e(formatDate(h.at, lang, true))}${h.note ? `: ${e(h.note)}` : ''}</li>`).join('');
      const decision = dossier.decision ? ` (${e(t.decisions[dossier.decision])})` : '';
      body = `${signedIn}<h1>${e(dossier.title)}</h1>
<dl><dt>${e(t.reference)}</dt><dd>${e(dossier.reference)}</dd><dt>${e(t.status)}</dt><dd>${e(t.statuses[dossier.status])}${decision}</dd></dl>
<h2>${e(t.history)}</h2><ol class="history">${history}</ol>`;
    } else if (kind === 'document') {
      const doc = store.document(owner, id);
      if (!doc) return notFound();
      if (isRead && store.markDocumentRead(owner, id)) api.notify(owner);
      title = doc.title;
      const valid = doc.valid_until ? `<dt>${e(t.validUntil)}</dt><dd>${e(formatDate(doc.valid_until, lang))}</dd>` : '';
      body = `${signedIn}<h1>${e(doc.title)}</h1>
<dl><dt>${e(t.received)}</dt><dd>${e(formatDate(doc.created_at, lang, true))}</dd>${valid}</dl>
<p><a class="button" href="/documenten/${e(doc.id)}/bestand" download="${e(doc.file_name)}">${e(t.download)}</a></p>`;
    } else {
      const doc = store.document(owner, id);
      if (!doc) return notFound();
      const pdf = documentPdf(store, user, user.party, doc);
      audit(req, { ...who, resource: path, operation, outcome: 'ok' });
      sendDownload(req, res, pdf, { fileName: doc.file_name });
      if (isRead && store.markDocumentRead(owner, id)) api.notify(owner);
      return undefined;
    }
    audit(req, { ...who, resource: path, operation, outcome: 'ok' });
    const nav = accountNav(lang, undefined, langQuery(lang, user));
    return sendHtml(req, res, 200, layout({ lang, title, body, nav, currentUrl: `${issuer}${path}` }));
  }

  // ---- the citizen's own pages: all messages, dossiers and documents; personal data and corrections --
  // The header's profile menu links here by default (/berichten, /dossiers, /documenten, /gegevens).
  // Nothing is marked read on a list: only the item pages do that.

  // CSRF defence for the correction form: (1) a token bound to the session in a hidden field, an HMAC of
  // the session's id (the host cookie or the provider session), so nothing is stored; (2) the Origin and
  // Sec-Fetch-Site headers, when the browser sends them, must say this backend's own origin. The data page
  // uses referrer policy same-origin: with no-referrer, browsers send `Origin: null` on a form post.
  const formKey = createHmac('sha256', keys.cookieKeys[0]).update('loket:correction-form').digest();
  const formToken = ({ user, owner, via, sessionId }) => createHmac('sha256', formKey).update(`${via}\n${user.id}\n${owner.partyId ?? ''}\n${sessionId}`).digest('base64url');
  function validFormToken(identity, value) {
    const expected = Buffer.from(formToken(identity));
    const given = Buffer.from(String(value ?? ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  function fromThisOrigin(req) {
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    return (origin === undefined || origin === issuer) && (site === undefined || site === 'same-origin');
  }
  function dataPage({ lang, identity, values, errors }) {
    const t = TEXT[lang];
    const { user } = identity;
    return layout({
      lang,
      title: t.myData,
      body: dataBody({ lang, user, facts: store.facts(identity.owner), csrf: formToken(identity), values, errors }),
      nav: accountNav(lang, '/gegevens', langQuery(lang, user)),
      currentUrl: `${issuer}/gegevens`,
      referrer: 'same-origin',
    });
  }

  async function accountPage(req, res, url) {
    const path = url.pathname;
    const operation = 'read';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      audit(req, { resource: path, operation, outcome: 'invalid' });
      return sendHtml(req, res, 405, errorPage({ lang: 'nl', details: [['error', 'method_not_allowed']] }), { allow: 'GET, HEAD' });
    }
    const identity = await browserIdentity(req, res);
    const lang = pickLanguage(url.searchParams.get('lang'), identity?.user.language);
    if (!identity) return notSignedInPage(req, res, { lang, resource: path, operation });
    const { user, owner } = identity;
    audit(req, { subject: user.id, onBehalfOf: owner.partyId, resource: path, operation, outcome: 'ok' });
    if (path === '/gegevens') return sendHtml(req, res, 200, dataPage({ lang, identity }), SAME_ORIGIN_REFERRER);

    const t = TEXT[lang];
    const query = langQuery(lang, user);
    let title;
    let body;
    if (path === '/berichten') {
      title = t.myMessages;
      body = messagesBody({ lang, user, messages: store.messages(owner), query });
    } else if (path === '/dossiers') {
      title = t.myDossiers;
      body = dossiersBody({ lang, user, dossiers: store.dossiers(owner), query });
    } else {
      title = t.myDocuments;
      body = documentsBody({ lang, user, documents: store.documents(owner), query });
    }
    return sendHtml(req, res, 200, layout({ lang, title, body, nav: accountNav(lang, path, query), currentUrl: `${issuer}${path}` }));
  }

  /** POST /gegevens/correctie: the form of /gegevens, stored like POST /api/me/corrections. */
  async function correctionRoute(req, res, url) {
    const path = url.pathname;
    const operation = 'create';
    if (req.method === 'GET' || req.method === 'HEAD') {
      // e.g. the confirmation page's address opened again: back to the form (no data touched, no audit)
      const lang = url.searchParams.get('lang');
      return redirect(res, `/gegevens${lang ? `?lang=${pickLanguage(lang)}` : ''}`);
    }
    if (req.method !== 'POST') {
      req.resume();
      audit(req, { resource: path, operation, outcome: 'invalid' });
      return sendHtml(req, res, 405, errorPage({ lang: 'nl', details: [['error', 'method_not_allowed']] }), { allow: 'GET, HEAD, POST' });
    }
    const identity = await browserIdentity(req, res);
    if (!identity) {
      req.resume();
      return notSignedInPage(req, res, { lang: pickLanguage(url.searchParams.get('lang')), resource: path, operation, returnPath: '/gegevens' });
    }
    const { user, owner } = identity;
    const who = { subject: user.id, onBehalfOf: owner.partyId };
    const refuse = (status, outcome, page) => {
      audit(req, { ...who, resource: path, operation, outcome });
      return sendHtml(req, res, status, page);
    };
    const expired = (lang) => {
      const t = TEXT[lang];
      return refuse(403, 'denied', layout({
        lang,
        title: t.formExpiredTitle,
        body: `<h1>${e(t.formExpiredTitle)}</h1><p>${e(t.formExpired)}</p><p><a class="button" href="/gegevens${e(langQuery(lang, user))}#correctie">${e(t.myData)}</a></p>`,
      }));
    };

    if (!fromThisOrigin(req)) {
      req.resume();
      return expired(pickLanguage(url.searchParams.get('lang'), user.language));
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      req.resume();
      return refuse(415, 'invalid', errorPage({ lang: 'nl', details: [['error', 'unsupported_media_type']] }));
    }
    let form;
    try {
      form = await readForm(req);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return refuse(error.status, 'invalid', errorPage({ lang: 'nl', details: [['error', error.status === 413 ? 'payload_too_large' : 'invalid_request']] }));
    }
    const lang = pickLanguage(form.get('lang'), user.language);
    if (!validFormToken(identity, form.get('csrf'))) return expired(lang);

    const values = Object.fromEntries(['field', 'currentValue', 'requestedValue', 'reason'].map((name) => [name, form.get(name) ?? '']));
    const currentValue = values.currentValue.trim();
    let request;
    try {
      // the same validation as POST /api/me/corrections; an empty optional field is "not given"
      request = validateCorrection({
        field: values.field,
        ...(currentValue ? { currentValue } : {}),
        requestedValue: values.requestedValue,
        reason: values.reason,
      });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      audit(req, { ...who, resource: path, operation, outcome: 'invalid' });
      return sendHtml(req, res, 422, dataPage({ lang, identity, values, errors: error.extra.errors ?? [] }), SAME_ORIGIN_REFERRER);
    }
    const correction = store.createCorrection(owner, request);
    audit(req, { ...who, resource: path, operation, outcome: 'ok' });
    const t = TEXT[lang];
    const query = langQuery(lang, user);
    return sendHtml(req, res, 200, layout({
      lang,
      title: t.correctionSentTitle,
      body: correctionSentBody({ lang, user, correction, query }),
      nav: accountNav(lang, undefined, query),
    }));
  }

  function homePage(req, res, url) {
    const lang = pickLanguage(url.searchParams.get('lang'));
    const t = TEXT[lang];
    const links = [
      ['/.well-known/openid-configuration', 'OpenID configuration'],
      ['/host/login', t.signInTitle],
    ].map(([href, label]) => `<li><a href="${e(href)}">${e(label)}</a></li>`).join('');
    return sendHtml(req, res, 200, layout({
      lang,
      title: t.home,
      currentUrl: `${issuer}/`,
      body: `<h1>${e(t.home)}</h1><p>${e(t.homeIntro)}</p><ul>${links}</ul><p class="hint">${e(t.demoHint)}</p>`,
    }));
  }

  async function staticFile(req, res, name) {
    const type = STATIC[name];
    if (!type) return sendProblem(req, res, new HttpError(404, 'No such file.'));
    const content = await readFile(path.join(HERE, 'static', name));
    res.writeHead(200, { 'content-type': type, 'content-length': content.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    return res.end(req.method === 'HEAD' ? undefined : content);
  }

  // ---- dispatch ------------------------------------------------------------------------------------

  async function route(req, res) {
    const url = new URL(req.url ?? '/', issuer);
    const p = url.pathname;
    if (p === '/api' || p.startsWith('/api/')) return api.handle(req, res, url);
    if (p.startsWith('/host/')) return hostRoute(req, res, url);
    if (p.startsWith('/static/')) return staticFile(req, res, p.slice('/static/'.length));
    const interactionMatch = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(p);
    if (interactionMatch) {
      const [, uid, action = 'show'] = interactionMatch;
      const expected = action === 'login' ? 'POST' : 'GET';
      if (req.method !== expected && !(expected === 'GET' && req.method === 'HEAD')) {
        req.resume();
        return sendHtml(req, res, 405, errorPage({ lang: 'nl', details: [['error', 'method_not_allowed']] }), { allow: expected });
      }
      return interaction(req, res, url, uid, action);
    }
    if (ACCOUNT_PAGES.some((page) => page.path === p)) return accountPage(req, res, url);
    if (p === CORRECTION_PATH) return correctionRoute(req, res, url);
    for (const page of ITEM_PAGES) {
      const match = page.pattern.exec(p);
      if (match) return itemPage(req, res, url, page.kind, match[1]);
    }
    if (p === '/' && (req.method === 'GET' || req.method === 'HEAD')) return homePage(req, res, url);
    if (p === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=86400', 'content-length': 0 });
      return res.end();
    }
    return providerCallback(req, res);
  }

  server.on('request', (req, res) => {
    const started = process.hrtime.bigint();
    if (!quiet) {
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const p = (req.url ?? '/').split('?')[0];
        console.log(`[loket-backend] ${req.method} ${p} ${res.statusCode} ${ms.toFixed(1)}ms`);
      });
    }
    route(req, res).catch((error) => {
      console.error(`[loket-backend] ${req.method} ${(req.url ?? '/').split('?')[0]} failed: ${error.name}: ${error.message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendProblem(req, res, error instanceof HttpError ? error : new HttpError(500, 'An unexpected error occurred.'));
    });
  });

  const purge = setInterval(() => {
    purgeExpiredOidcModels(db);
    hostSessions.purge();
    store.purgeGrantParties();
  }, 3600 * 1000);
  purge.unref();

  let closed;
  return {
    url: issuer,
    issuer,
    port: actualPort,
    db,
    provider,
    siteOrigins: origins,
    dataDir: dir,
    /** Deletes and re-seeds the demo citizens and their data (keeps the audit log unless told). */
    resetDemoData: (options) => resetDemoData(db, options),
    close() {
      closed ??= new Promise((resolve) => {
        clearInterval(purge);
        api.closeStreams();
        server.close(() => {
          db.close();
          // let clients in this process see their keep-alive sockets close before anyone reconnects
          setTimeout(resolve, 20);
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
