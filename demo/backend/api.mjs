// The profile API under /api (DESIGN section 7; contract: openapi/profile-api.yaml).

import { outcomeForStatus } from './audit-log.mjs';
import { HttpError, readJson, sendDownload, sendJson, sendProblem } from './http-util.mjs';
import { makePdf } from './pdf.mjs';
import { ownerOf } from './store.mjs';

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
  /** Tells the event streams of one owner ({ userId, partyId }) that its summary changed. */
  const notify = (owner) => hub.emit('change', ownerKey(owner));

  // `owner`: the citizen and the party they act for (null: themselves); every route reads and writes its data only
  const routes = [
    route('GET', '/api/me', 'me', 'read', ({ user, party }) => ({ body: represent.me(user, party, store.mandates(user.id)) })),
    route('GET', '/api/me/summary', 'summary', 'read', ({ owner }) => ({ body: represent.summary(store, owner) })),
    route('GET', '/api/me/messages', 'messages', 'read', ({ owner }) => ({ body: { items: store.messages(owner).map(represent.message) } })),
    route('POST', `/api/me/messages/${ID}/read`, 'message-read', 'update', ({ owner, params: [id] }) => {
      const [row, changed] = store.markMessageRead(owner, id);
      if (!row) throw new HttpError(404, 'There is no such message.');
      if (changed) notify(owner);
      return { body: represent.message(row) };
    }),
    route('GET', '/api/me/dossiers', 'dossiers', 'read', ({ owner }) => ({ body: { items: store.dossiers(owner).map(represent.dossier) } })),
    route('GET', '/api/me/documents', 'documents', 'read', ({ owner }) => ({ body: { items: store.documents(owner).map(represent.document) } })),
    route('GET', `/api/me/documents/${ID}/file`, 'document-file', 'download', ({ req, res, user, party, owner, params: [id], headers }) => {
      const doc = store.document(owner, id);
      if (!doc) throw new HttpError(404, 'There is no such document.');
      sendDownload(req, res, documentPdf(store, user, party, doc), { fileName: doc.file_name, headers });
      if (req.method !== 'HEAD' && store.markDocumentRead(owner, id)) notify(owner);
      return { status: 200, sent: true };
    }),
    route('GET', '/api/me/data', 'data', 'read', ({ owner }) => ({ body: { facts: store.facts(owner).map(represent.fact) } })),
    route('POST', '/api/me/corrections', 'corrections', 'create', async ({ req, owner }) => {
      const request = validateCorrection(await readJson(req));
      const row = store.createCorrection(owner, request);
      return { status: 201, body: represent.correction(row), headers: { location: `/api/me/corrections/${row.id}` } };
    }),
    route('GET', '/api/me/events', 'events', 'subscribe', ({ req, res, owner, auth, headers }) => {
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
      const onChange = (key) => {
        if (key !== ownerKey(owner)) return;
        const data = JSON.stringify({ unread: store.unreadCounts(owner), at: new Date().toISOString() });
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
      const owner = ownerOf(auth.user, auth.party);
      const result = await match.handler({
        req, res, user: auth.user, party: auth.party, owner, auth, params: match.pattern.exec(path).slice(1), headers: corsHeaders,
      });
      audit(req, { subject: auth.user.id, onBehalfOf: owner.partyId, resource: path, operation: match.operation, outcome: 'ok' });
      if (!result.sent) sendJson(req, res, result.status ?? 200, result.body, { ...corsHeaders, ...result.headers });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      req.resume();
      audit(req, { subject: auth?.user.id ?? null, onBehalfOf: auth?.party?.id ?? null, resource: path, operation: match.operation, outcome: outcomeForStatus(error.status) });
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

/** Event-stream key of an owner. */
const ownerKey = ({ userId, partyId }) => `${userId} ${partyId ?? ''}`;

/** The document as a PDF: its title, the citizen (or the party it was issued to), the address on record. */
export function documentPdf(store, user, party, doc) {
  const owner = ownerOf(user, party);
  const address = store.facts(owner).find((f) => f.kind === 'address' || f.kind === 'registered-office');
  const issued = new Date(doc.created_at);
  const lines = [
    `Naam / Nom / Name: ${party ? party.name : `${user.given_name} ${user.family_name}`}`,
    ...(party?.identifier ? [`Nummer / Numéro / Number: ${party.identifier}`] : []),
    ...(address ? [`Adres / Adresse / Address: ${address.value}`] : []),
    `Documentnummer / Numéro / Number: ${doc.id}`,
    `Uitgereikt op / Délivré le / Issued: ${issued.toISOString().slice(0, 10)}`,
    ...(doc.valid_until ? [`Geldig tot / Valable jusqu'au / Valid until: ${doc.valid_until}`] : []),
  ];
  return makePdf({ title: doc.title, lines, date: issued });
}
