// The profile API under /api (DESIGN section 7; contract: openapi/profile-api.yaml).

import { outcomeForStatus } from './audit-log.mjs';
import { HttpError, readJson, sendDownload, sendJson, sendProblem } from './http-util.mjs';
import { makePdf } from './pdf.mjs';

export const CORRECTION_FIELDS = Object.freeze(['givenName', 'familyName', 'address', 'language', 'parkingCard', 'other']);
export const CORRECTION_LIMITS = Object.freeze({ currentValue: 500, requestedValue: 500, reason: 2000 });
const LIMITS = CORRECTION_LIMITS;

/** Validates a correction request body. @returns the clean value or throws 422 with `errors`. */
export function validateCorrection(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(422, 'The request body must be a JSON object.', { extra: { errors: [{ pointer: '', detail: 'must be an object' }] } });
  }
  const errors = [];
  for (const key of Object.keys(body)) {
    if (!['field', 'currentValue', 'requestedValue', 'reason'].includes(key)) {
      errors.push({ pointer: `/${key}`, detail: 'is not a known property' });
    }
  }
  if (!CORRECTION_FIELDS.includes(body.field)) {
    errors.push({ pointer: '/field', detail: `must be one of ${CORRECTION_FIELDS.join(', ')}` });
  }
  const text = (name, required) => {
    const value = body[name];
    if (value === undefined && !required) return;
    if (typeof value !== 'string') {
      errors.push({ pointer: `/${name}`, detail: 'must be a string' });
    } else if (required && value.trim() === '') {
      errors.push({ pointer: `/${name}`, detail: 'must not be empty' });
    } else if (value.length > LIMITS[name]) {
      errors.push({ pointer: `/${name}`, detail: `must be at most ${LIMITS[name]} characters` });
    }
  };
  text('currentValue', false);
  text('requestedValue', true);
  text('reason', true);
  if (errors.length) {
    throw new HttpError(422, `The correction request is not valid: ${errors.map((e) => `${e.pointer || 'body'} ${e.detail}`).join('; ')}.`, { extra: { errors } });
  }
  return {
    field: body.field,
    currentValue: body.currentValue,
    requestedValue: body.requestedValue.trim(),
    reason: body.reason.trim(),
  };
}

/** CORS for the configured site origins only; the backend's own origin is same-origin. */
export function createCors({ siteOrigins, issuer }) {
  const sites = new Set(siteOrigins);
  return {
    /** undefined: no Origin header; true/false: allowed or not */
    check(req) {
      const origin = req.headers.origin;
      if (origin === undefined) return undefined;
      return sites.has(origin) || origin === issuer;
    },
    headers(req, methods) {
      const origin = req.headers.origin;
      if (!origin || !sites.has(origin)) return {};
      const headers = {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'content-disposition, content-length, location, www-authenticate',
        vary: 'Origin',
      };
      if (req.method === 'OPTIONS') {
        headers['access-control-allow-methods'] = methods;
        headers['access-control-allow-headers'] = 'authorization, content-type, last-event-id, accept-language';
        headers['access-control-max-age'] = '600';
      }
      return headers;
    },
  };
}

const ID = '([A-Za-z0-9_-]{1,64})';
const route = (method, pattern, name, operation, handler) => ({ method, pattern: new RegExp(`^${pattern}$`), name, operation, handler });

export function createApi({ store, represent, authenticate, audit, cors, hub, sseKeepAliveMs = 25_000 }) {
  const streams = new Set();
  const notify = (userId) => hub.emit('change', userId);

  const routes = [
    route('GET', '/api/me', 'me', 'read', ({ user }) => ({ body: represent.me(user) })),
    route('GET', '/api/me/summary', 'summary', 'read', ({ user }) => ({ body: represent.summary(store, user.id) })),
    route('GET', '/api/me/messages', 'messages', 'read', ({ user }) => ({ body: { items: store.messages(user.id).map(represent.message) } })),
    route('POST', `/api/me/messages/${ID}/read`, 'message-read', 'update', ({ user, params: [id] }) => {
      const [row, changed] = store.markMessageRead(user.id, id);
      if (!row) throw new HttpError(404, 'There is no such message.');
      if (changed) notify(user.id);
      return { body: represent.message(row) };
    }),
    route('GET', '/api/me/dossiers', 'dossiers', 'read', ({ user }) => ({ body: { items: store.dossiers(user.id).map(represent.dossier) } })),
    route('GET', '/api/me/documents', 'documents', 'read', ({ user }) => ({ body: { items: store.documents(user.id).map(represent.document) } })),
    route('GET', `/api/me/documents/${ID}/file`, 'document-file', 'download', ({ req, res, user, params: [id], headers }) => {
      const doc = store.document(user.id, id);
      if (!doc) throw new HttpError(404, 'There is no such document.');
      sendDownload(req, res, documentPdf(store, user, doc), { fileName: doc.file_name, headers });
      if (req.method !== 'HEAD' && store.markDocumentRead(user.id, id)) notify(user.id);
      return { status: 200, sent: true };
    }),
    route('GET', '/api/me/data', 'data', 'read', ({ user }) => ({ body: { facts: store.facts(user.id).map(represent.fact) } })),
    route('POST', '/api/me/corrections', 'corrections', 'create', async ({ req, user }) => {
      const request = validateCorrection(await readJson(req));
      const row = store.createCorrection(user.id, request);
      return { status: 201, body: represent.correction(row), headers: { location: `/api/me/corrections/${row.id}` } };
    }),
    route('GET', '/api/me/events', 'events', 'subscribe', ({ req, res, user, auth, headers }) => {
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      if (req.method === 'HEAD') {
        res.end();
        return { status: 200, sent: true };
      }
      res.write('retry: 5000\n: connected\n\n');
      const onChange = (userId) => {
        if (userId !== user.id) return;
        const data = JSON.stringify({ unread: store.unreadCounts(user.id), at: new Date().toISOString() });
        res.write(`event: summary-changed\ndata: ${data}\n\n`);
      };
      hub.on('change', onChange);
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), sseKeepAliveMs);
      // a stream opened with an access token ends when the token does: the client reconnects with a new one
      const expiry = auth.expiresAt
        ? setTimeout(() => res.end(), Math.max(0, auth.expiresAt * 1000 - Date.now()))
        : undefined;
      const stream = { res };
      streams.add(stream);
      const cleanup = () => {
        hub.off('change', onChange);
        clearInterval(keepAlive);
        clearTimeout(expiry);
        streams.delete(stream);
      };
      res.on('close', cleanup);
      return { status: 200, sent: true };
    }),
  ];

  async function handle(req, res, url) {
    const path = url.pathname;
    const allowed = cors.check(req);
    const matching = routes.filter((r) => r.pattern.test(path));
    const methods = [...new Set(matching.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method])))];
    const allowHeader = [...methods, 'OPTIONS'].join(', ');

    if (allowed === false) {
      // a browser page on an unknown origin: no CORS headers, no data, no cookie use
      if (req.method !== 'OPTIONS') audit(req, { resource: path, operation: operationFor(req, matching), outcome: 'denied' });
      req.resume();
      return sendProblem(req, res, new HttpError(403, 'This origin is not allowed to use the profile API.'));
    }
    const corsHeaders = cors.headers(req, allowHeader);

    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...corsHeaders, allow: allowHeader, 'content-length': 0 });
      return res.end();
    }

    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const match = matching.find((r) => r.method === method);
    if (!match) {
      req.resume();
      const error = matching.length
        ? new HttpError(405, `${req.method} is not allowed here; use ${methods.join(' or ')}.`, { headers: { allow: allowHeader } })
        : new HttpError(404, 'There is no such resource in the profile API.');
      audit(req, { resource: path, operation: operationFor(req, matching), outcome: outcomeForStatus(error.status) });
      error.headers = { ...error.headers, ...corsHeaders };
      return sendProblem(req, res, error);
    }

    let auth;
    try {
      auth = await authenticate(req);
      const result = await match.handler({ req, res, user: auth.user, auth, params: match.pattern.exec(path).slice(1), headers: corsHeaders });
      audit(req, { subject: auth.user.id, resource: path, operation: match.operation, outcome: 'ok' });
      if (!result.sent) sendJson(req, res, result.status ?? 200, result.body, { ...corsHeaders, ...result.headers });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      req.resume();
      audit(req, { subject: auth?.user.id ?? null, resource: path, operation: match.operation, outcome: outcomeForStatus(error.status) });
      error.headers = { ...error.headers, ...corsHeaders };
      sendProblem(req, res, error);
    }
  }

  function operationFor(req, matching) {
    return matching.find((r) => r.method === req.method)?.operation ?? (req.method === 'POST' ? 'update' : 'read');
  }

  return {
    handle,
    notify,
    /** Ends every open event stream (on shutdown). */
    closeStreams() {
      for (const { res } of streams) res.end();
      streams.clear();
    },
  };
}

/** The document as a PDF: its title, the citizen, the address on record. */
export function documentPdf(store, user, doc) {
  const address = store.facts(user.id).find((f) => f.kind === 'address');
  const issued = new Date(doc.created_at);
  const lines = [
    `Naam / Nom / Name: ${user.given_name} ${user.family_name}`,
    ...(address ? [`Adres / Adresse / Address: ${address.value}`] : []),
    `Documentnummer / Numéro / Number: ${doc.id}`,
    `Uitgereikt op / Délivré le / Issued: ${issued.toISOString().slice(0, 10)}`,
    ...(doc.valid_until ? [`Geldig tot / Valable jusqu'au / Valid until: ${doc.valid_until}`] : []),
  ];
  return makePdf({ title: doc.title, lines, date: issued });
}
