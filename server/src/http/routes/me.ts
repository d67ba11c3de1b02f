// The profile API under /api (DESIGN section 7; contract: openapi/profile-api.yaml): the route table of /me.
// Every route reads and writes the data of the identity the caller acts for only.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HOST_COOKIE } from '../../auth/host-sessions.js';
import type { Correspondence } from '../../store/preferences.js';
import type { CorrectionInput, Language } from '../../store/store.js';
import { attachment } from '../attachment.js';
import { createCors } from '../cors.js';
import { accessLogEntry, accessLogQuery, exportDisposition, exportDocument } from '../represent-export.js';
import { HttpError } from '../problem.js';
import { registerTable, type RouteEntry } from '../route-table.js';
import type { HttpDeps } from '../types.js';

type IdParams = { Params: { id: string } };

export function meRoutes(deps: HttpDeps) {
  const {
    citizen,
    represent,
    contract,
    authenticate,
    streams,
    audit,
    sseKeepAliveMs,
    choices,
    issuer,
    accessLog,
    exports,
  } = deps;
  const cors = createCors(deps);

  const caller = (request: FastifyRequest) => {
    if (!request.caller) throw new Error('route without authentication');
    return request.caller;
  };
  const authenticated = async (request: FastifyRequest) => {
    request.caller = await authenticate(request, request.cookies[HOST_COOKIE]);
  };
  const id = { type: 'object', properties: { id: contract.parameter('ItemId') }, required: ['id'] } as const;

  /** the citizen's choices as the contract's Preferences (issue 14) */
  async function preferences(request: FastifyRequest) {
    const chosen = await choices.preferences(caller(request).user.id);
    const status = !chosen.email ? 'off' : chosen.emailConfirmedAt ? 'on' : 'pending';
    return {
      correspondence: chosen.correspondence,
      emailNotices: {
        status,
        ...(chosen.email ? { email: chosen.email } : {}),
        ...(chosen.email && chosen.emailLanguage ? { language: chosen.emailLanguage } : {}),
        ...(status === 'pending' && chosen.emailTokenExpiresAt ? { confirmBefore: chosen.emailTokenExpiresAt } : {}),
      },
    };
  }

  /** GET /me/events: server-sent events "the summary changed" (a version, no personal data). */
  async function events(request: FastifyRequest, reply: FastifyReply) {
    const who = caller(request);
    // the row is written now: the stream may stay open for hours
    request.audited = true;
    await audit(request, {
      subject: who.user.id,
      onBehalfOf: who.owner.partyId,
      concerns: who.user.id,
      resource: '/api/me/events',
      operation: 'subscribe',
      outcome: 'ok',
    });
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    if (request.method === 'HEAD') {
      res.end();
      return;
    }
    res.write('retry: 5000\n: connected\n\n');
    const key = `${who.owner.userId} ${who.owner.partyId ?? ''}`;
    // The event says only that the summary changed, and when (its version: the change's time in ms, increasing
    // on this stream): no counts, titles or names (issue 12: events carry no personal data). The tab reads
    // /me/summary for the rest.
    let version = 0;
    const unsubscribe = deps.store.changes.subscribe((owner) => {
      if (`${owner.userId} ${owner.partyId ?? ''}` !== key) return;
      const now = Date.now();
      version = Math.max(version + 1, now);
      res.write(
        `event: summary-changed\nid: ${version}\ndata: ${JSON.stringify({ version, at: new Date(now).toISOString() })}\n\n`,
      );
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), sseKeepAliveMs);
    // a stream opened with an access token ends when the token does: the client reconnects with a new one
    const expiry = who.expiresAt
      ? setTimeout(() => res.end(), Math.max(0, who.expiresAt * 1000 - Date.now()))
      : undefined;
    const forget = streams.add(() => res.end());
    res.on('close', () => {
      unsubscribe();
      clearInterval(keepAlive);
      clearTimeout(expiry);
      forget();
    });
  }

  const table: RouteEntry[] = [
    {
      method: 'GET',
      url: '/me',
      audit: 'read',
      handler: async (request) => {
        const { user, party } = caller(request);
        return represent.me(user, party, await citizen.mandates(user.id));
      },
    },
    {
      method: 'GET',
      url: '/me/summary',
      audit: 'read',
      handler: (request) => represent.summary(citizen, caller(request).owner),
    },
    {
      method: 'GET',
      url: '/me/messages',
      audit: 'read',
      handler: async (request) => ({ items: (await citizen.messages(caller(request).owner)).map(represent.message) }),
    },
    {
      method: 'POST',
      url: '/me/messages/:id/read',
      audit: 'update',
      schema: { params: id },
      handler: async (request) => {
        const row = await citizen.readMessage(caller(request).owner, (request as FastifyRequest<IdParams>).params.id);
        if (!row) throw new HttpError(404, 'There is no such message.');
        return represent.message(row);
      },
    },
    {
      method: 'GET',
      url: '/me/dossiers',
      audit: 'read',
      handler: async (request) => ({ items: (await citizen.dossiers(caller(request).owner)).map(represent.dossier) }),
    },
    {
      method: 'GET',
      url: '/me/documents',
      audit: 'read',
      handler: async (request) => ({ items: (await citizen.documents(caller(request).owner)).map(represent.document) }),
    },
    {
      method: 'GET',
      url: '/me/documents/:id/file',
      audit: 'download',
      schema: { params: id },
      handler: async (request, reply) => {
        const who = caller(request);
        const doc = await citizen.document(
          who.owner,
          (request as FastifyRequest<IdParams>).params.id,
          request.method !== 'HEAD',
        );
        if (!doc) throw new HttpError(404, 'There is no such document.');
        return reply
          .type('application/pdf')
          .header('content-disposition', attachment(doc.fileName)) // RFC 6266: filename* for non-ASCII
          .send(await citizen.documentFile(who, doc));
      },
    },
    {
      method: 'GET',
      url: '/me/data',
      audit: 'read',
      handler: async (request) => ({ facts: (await citizen.facts(caller(request).owner)).map(represent.fact) }),
    },
    {
      method: 'POST',
      url: '/me/corrections',
      audit: 'create',
      schema: { body: contract.schema('CorrectionRequest') },
      handler: async (request, reply) => {
        const row = await citizen.requestCorrection(caller(request).owner, request.body as CorrectionInput);
        return reply.code(201).header('location', `/api/me/corrections/${row.id}`).send(represent.correction(row));
      },
    },
    { method: 'GET', url: '/me/preferences', audit: 'read', handler: (request) => preferences(request) },
    {
      method: 'PUT',
      url: '/me/preferences',
      audit: 'update',
      schema: { body: contract.schema('PreferencesUpdate') },
      handler: async (request) => {
        const { user } = caller(request);
        const body = request.body as {
          correspondence?: Correspondence;
          emailNotices?: { email: string; language?: Language } | null;
        };
        if (body.correspondence) await choices.setCorrespondence(user.id, body.correspondence);
        if (body.emailNotices === null) await choices.removeEmail(user.id);
        else if (body.emailNotices) {
          const current = await choices.preferences(user.id);
          const language = body.emailNotices.language ?? user.language ?? 'nl';
          const same =
            current.emailConfirmedAt && current.email === body.emailNotices.email && current.emailLanguage === language;
          if (!same && (await choices.requestEmail(user.id, body.emailNotices.email, language)) === 'invalid')
            throw new HttpError(422, 'The request is not valid: /emailNotices/email must be an e-mail address.', {
              extra: { errors: [{ pointer: '/emailNotices/email', detail: 'must be an e-mail address' }] },
            });
        }
        return preferences(request);
      },
    },
    {
      method: 'GET',
      url: '/me/corrections',
      audit: 'read',
      handler: async (request) => ({
        items: (await deps.store.corrections(caller(request).owner)).map(represent.correction),
      }),
    },
    {
      method: 'GET',
      url: '/me/corrections/:id',
      audit: 'read',
      schema: { params: id },
      handler: async (request) => {
        const row = await deps.store.correction(caller(request).owner, (request as FastifyRequest<IdParams>).params.id);
        if (!row) throw new HttpError(404, 'There is no such correction request.');
        return represent.correction(row);
      },
    },
    { method: 'GET', url: '/me/events', audit: 'subscribe', handler: events },
    {
      // issue 14: everything the service holds about the citizen (GDPR art. 15 and 20), as a download
      method: 'GET',
      url: '/me/export',
      audit: 'export',
      handler: async (request, reply) => {
        const who = caller(request);
        const document = exportDocument(issuer, represent, await exports.collect(who));
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', exportDisposition(who.user, document.exportedAt))
          .send(document);
      },
    },
    {
      // issue 14: who else touched the citizen's data, newest first, a page at a time
      method: 'GET',
      url: '/me/access-log',
      audit: 'read',
      handler: async (request) => {
        const query = accessLogQuery(request.query as Record<string, string | undefined>);
        const page = await accessLog.page(caller(request).user.id, query);
        const next = page.next
          ? `${issuer}/api/me/access-log?before=${page.next}${query.limit ? `&limit=${query.limit}` : ''}`
          : undefined;
        return { items: page.entries.map(accessLogEntry), ...(next ? { next } : {}) };
      },
    },
  ];

  return async function plugin(scope: FastifyInstance) {
    // CORS first: a page on an unknown origin gets a 403, no CORS headers, no data, no cookie use
    scope.addHook('onRequest', async (request, reply) => {
      const allowed = cors.check(request);
      if (allowed === false) {
        if (request.method === 'OPTIONS') request.audited = true;
        throw new HttpError(403, 'This origin is not allowed to use the profile API.');
      }
      reply.headers(cors.headers(request, ''));
    });
    // the profile API's bodies are JSON (any +json type); a problem of their own for the rest (415)
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(
      /^application\/[\w.-]+\+json$/,
      { parseAs: 'string' },
      scope.getDefaultJsonParser('error', 'error'),
    );
    registerTable(
      scope,
      table.map((entry) => ({ ...entry, onRequest: authenticated })),
      {
        options: (request, reply, allow) =>
          reply
            .code(204)
            .headers({ ...cors.headers(request, allow), allow })
            .send(),
      },
    );
    // anything else under /api: 404 (audited: someone asked for something)
    const unknown = (request: FastifyRequest) => {
      if (request.method === 'OPTIONS') request.audited = true;
      request.auditOperation = request.method === 'POST' ? 'update' : 'read';
      throw new HttpError(404, 'There is no such resource in the profile API.');
    };
    scope.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], url: '/*', handler: unknown });
    scope.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], url: '/', handler: unknown });
  };
}
