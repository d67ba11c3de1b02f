// The publish API under /api/publish (issue 12; DESIGN section 11; contract: openapi/publish-api.yaml).
// Callers are publish clients with an access token of the provider for urn:loket:publish-api; each route
// needs its scope (403 insufficient_scope), each POST and PUT an Idempotency-Key, each client has its own
// rate limit; the audit row names the client (`client:<id>`) as the actor.

import { createHash } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { PUBLISH_RESOURCE, type PublishScope } from '../../auth/publish-clients.js';
import { SIGNING_ALG } from '../../auth/keys.js';
import { MAX_PDF_BYTES, PublishError, type PublishServices } from '../../services/publish.js';
import type { PublishClient } from '../../store/publish.js';
import { loadContract } from '../contract.js';
import { HttpError } from '../problem.js';
import { registerTable, type RouteEntry } from '../route-table.js';
import type { HttpDeps } from '../types.js';
import { createBodyValidator } from '../validation.js';

export const PUBLISH_OPENAPI_FILE = new URL('../../../../openapi/publish-api.yaml', import.meta.url);
const MAX_JSON_BYTES = 64 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** the publish client calling the publish API (set by its authentication hook) */
    publishClient?: PublishClient & { granted: string[] };
  }
}

export interface PublishRouteDeps {
  publish: PublishServices;
  /** requests per client and minute */
  rateLimit: { max: number; timeWindowMs: number };
}

const problemOf = (error: PublishError) =>
  new HttpError(error.status, `${error.pointer ?? 'The request'} ${error.message}.`, {
    extra: error.pointer ? { errors: [{ pointer: error.pointer, detail: error.message }] } : {},
  });

export function publishRoutes(deps: HttpDeps & PublishRouteDeps) {
  const { issuer, keys, store, publish } = deps;
  const contract = loadContract(PUBLISH_OPENAPI_FILE.pathname);
  const keySet = createLocalJWKSet(keys.publicJwks);
  const documentMetadata = createBodyValidator(contract, 'DocumentMetadata');
  const letterMetadata = createBodyValidator(contract, 'LetterMetadata');

  const bearerError = (status: 401 | 403, error: string, description: string) =>
    new HttpError(status, description, {
      headers: {
        'www-authenticate': `Bearer realm="loket-publish", error="${error}", error_description="${description.replace(/["\\]/g, '')}"`,
      },
      ...(status === 403 ? { extra: { error } } : {}),
    });

  async function authenticated(request: FastifyRequest) {
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/.exec(request.headers.authorization ?? '');
    if (!match)
      throw bearerError(
        401,
        'invalid_token',
        'An access token of the publish API is required (Authorization: Bearer).',
      );
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1]!, keySet, {
        issuer,
        audience: PUBLISH_RESOURCE,
        typ: 'at+jwt',
        algorithms: [SIGNING_ALG],
        requiredClaims: ['client_id', 'exp'],
      }));
    } catch (error) {
      throw bearerError(
        401,
        'invalid_token',
        error instanceof joseErrors.JWTExpired
          ? 'The access token has expired.'
          : 'The access token is not valid for the publish API.',
      );
    }
    const client = await store.publish.client(String(payload.client_id));
    if (!client)
      throw bearerError(401, 'invalid_token', 'The access token names a client that is not registered (any more).');
    request.publishClient = { ...client, granted: typeof payload.scope === 'string' ? payload.scope.split(' ') : [] };
    request.auditWho = { subject: `client:${client.id}`, onBehalfOf: null };
  }
  const scoped = (scope: PublishScope) => async (request: FastifyRequest) => {
    if (!request.publishClient?.granted.includes(scope))
      throw bearerError(403, 'insufficient_scope', `The access token lacks the ${scope} scope.`);
  };
  const client = (request: FastifyRequest) => {
    if (!request.publishClient) throw new Error('publish route without authentication');
    return request.publishClient;
  };
  /** the audit row names the citizen the call is about (`concerns`), also when the call is refused or replayed */
  const concerning = async (request: FastifyRequest, target: Parameters<PublishServices['addressee']>[1]) => {
    const concerns = await publish.addressee(client(request), target);
    if (concerns && request.auditWho) request.auditWho = { ...request.auditWho, concerns };
  };
  const namedCitizen = (body: unknown) => ({
    nationalRegisterNumber: (body as { citizen?: { nationalRegisterNumber?: unknown } } | undefined)?.citizen
      ?.nationalRegisterNumber,
  });

  /** Runs `work` once per Idempotency-Key and body: a repeat gets the stored answer, another body a 422. */
  async function idempotent(
    request: FastifyRequest,
    reply: FastifyReply,
    fingerprint: string,
    work: () => Promise<{ status: number; body: unknown }>,
  ) {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !key || key.length > 200) {
      throw new HttpError(
        428,
        'The Idempotency-Key header is required (a unique value per operation, at most 200 characters).',
        {
          slug: 'idempotency-key-required',
          title: 'Idempotency-Key required',
          extra: { errors: [{ pointer: 'header/Idempotency-Key', detail: 'is required' }] },
        },
      );
    }
    const who = client(request);
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url.split('?')[0]}\n${fingerprint}`)
      .digest('hex');
    const stored = await store.publish.reserveIdempotent(who.id, key, hash);
    if (stored) {
      if (stored.requestHash !== hash) {
        throw new HttpError(
          422,
          'This Idempotency-Key was used for another request: use a new key for a new operation.',
          {
            slug: 'idempotency-key-reused',
            title: 'Idempotency-Key reused',
            extra: { errors: [{ pointer: 'header/Idempotency-Key', detail: 'was used with another body' }] },
          },
        );
      }
      if (!stored.answer)
        throw new HttpError(409, 'A request with this Idempotency-Key is still in progress: try again shortly.', {
          headers: { 'retry-after': '1' },
          slug: 'idempotency-key-in-progress',
          title: 'In progress',
        });
      return reply.code(stored.answer.status).header('idempotent-replayed', 'true').send(stored.answer.body);
    }
    let answer;
    try {
      answer = await work();
    } catch (error) {
      await store.publish.releaseIdempotent(who.id, key);
      if (error instanceof PublishError) throw problemOf(error);
      throw error;
    }
    await store.publish.finishIdempotent(who.id, key, answer.status, answer.body);
    return reply.code(answer.status).send(answer.body);
  }

  /** multipart: `metadata` (JSON) and `file` (the PDF), nothing else */
  async function readMultipart(request: FastifyRequest, validate: typeof documentMetadata) {
    if (!request.isMultipart())
      throw new HttpError(415, 'Send multipart/form-data with the parts metadata (JSON) and file (a PDF).');
    let metadata: unknown;
    let file: Buffer | undefined;
    let fileName = 'document.pdf';
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file')
          throw problemOf(new PublishError(422, 'is not a known part', `/${part.fieldname}`));
        file = await part.toBuffer();
        fileName = part.filename || fileName;
      } else if (part.fieldname === 'metadata') {
        try {
          metadata = JSON.parse(String(part.value));
        } catch {
          throw problemOf(new PublishError(422, 'must be JSON', '/metadata'));
        }
      } else {
        throw problemOf(new PublishError(422, 'is not a known part', `/${part.fieldname}`));
      }
    }
    if (metadata === undefined) throw problemOf(new PublishError(422, 'is required', '/metadata'));
    if (!file) throw problemOf(new PublishError(422, 'is required', '/file'));
    const checked = validate(metadata);
    if (!checked.ok) {
      const errors = checked.errors.map((e) => ({ pointer: `/metadata${e.pointer}`, detail: e.detail }));
      throw new HttpError(
        422,
        `The request is not valid: ${errors.map((x) => `${x.pointer} ${x.detail}`).join('; ')}.`,
        { extra: { errors } },
      );
    }
    return { metadata, file, fileName };
  }
  const fingerprintOf = (metadata: unknown, file: Buffer) =>
    `${JSON.stringify(metadata)}\n${createHash('sha256').update(file).digest('hex')}`;

  const reference = {
    type: 'object',
    properties: { reference: contract.parameter('Reference') },
    required: ['reference'],
  } as const;
  const letterId = { type: 'object', properties: { id: contract.schema('Id') }, required: ['id'] } as const;
  const guard = (scope: PublishScope) => [authenticated, scoped(scope)];
  const rethrow = async <T>(work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PublishError) throw problemOf(error);
      throw error;
    }
  };

  const table: RouteEntry[] = [
    {
      method: 'PUT',
      url: '/dossiers/:reference',
      audit: 'publish',
      onRequest: guard('publish:dossiers'),
      schema: { params: reference, body: contract.schema('DossierPut') },
      handler: async (request, reply) => {
        await concerning(request, namedCitizen(request.body));
        return idempotent(request, reply, JSON.stringify(request.body), async () => {
          const { created, answer } = await publish.putDossier(
            client(request),
            (request.params as { reference: string }).reference,
            request.body as Parameters<PublishServices['putDossier']>[2],
          );
          return { status: created ? 201 : 200, body: answer };
        });
      },
    },
    {
      method: 'POST',
      url: '/dossiers/:reference/events',
      audit: 'publish',
      onRequest: guard('publish:dossiers'),
      schema: { params: reference, body: contract.schema('DossierEvent') },
      handler: async (request, reply) => {
        await concerning(request, { dossierReference: (request.params as { reference: string }).reference });
        return idempotent(request, reply, JSON.stringify(request.body), async () => ({
          status: 201,
          body: await publish.addDossierEvent(
            client(request),
            (request.params as { reference: string }).reference,
            request.body as { status: string },
          ),
        }));
      },
    },
    {
      method: 'POST',
      url: '/messages',
      audit: 'publish',
      onRequest: guard('publish:messages'),
      schema: { body: contract.schema('MessagePost') },
      handler: async (request, reply) => {
        await concerning(request, namedCitizen(request.body));
        return idempotent(request, reply, JSON.stringify(request.body), async () => ({
          status: 201,
          body: await publish.sendMessage(
            client(request),
            request.body as Parameters<PublishServices['sendMessage']>[1],
          ),
        }));
      },
    },
    {
      method: 'POST',
      url: '/documents',
      audit: 'publish',
      onRequest: guard('publish:documents'),
      handler: async (request, reply) => {
        const { metadata, file, fileName } = await readMultipart(request, documentMetadata);
        await concerning(request, namedCitizen(metadata));
        return idempotent(request, reply, fingerprintOf(metadata, file), async () => ({
          status: 201,
          body: await publish.publishDocument(
            client(request),
            metadata as Parameters<PublishServices['publishDocument']>[1],
            file,
            fileName,
          ),
        }));
      },
    },
    {
      method: 'POST',
      url: '/letters',
      audit: 'publish',
      onRequest: guard('publish:letters'),
      handler: async (request, reply) => {
        const { metadata, file } = await readMultipart(request, letterMetadata);
        await concerning(request, namedCitizen(metadata));
        return idempotent(request, reply, fingerprintOf(metadata, file), async () => ({
          status: 201,
          body: await publish.sendLetter(
            client(request),
            metadata as Parameters<PublishServices['sendLetter']>[1],
            file,
          ),
        }));
      },
    },
    {
      method: 'GET',
      url: '/letters/:id',
      audit: 'read',
      onRequest: guard('publish:letters'),
      schema: { params: letterId },
      handler: async (request) => {
        const { id } = request.params as { id: string };
        await concerning(request, { letterId: id });
        return rethrow(() => publish.letter(client(request), id));
      },
    },
    {
      method: 'GET',
      url: '/citizens/:nationalRegisterNumber/preferences',
      audit: 'read',
      // the audit row names the citizen by their opaque id, never by the number in the path (also when refused)
      onRequest: [
        async (request: FastifyRequest) => {
          request.auditResource = '/api/publish/citizens/{nationalRegisterNumber}/preferences';
        },
        ...guard('read:preferences'),
      ],
      handler: (request) => {
        return rethrow(async () => {
          const { nationalRegisterNumber } = request.params as { nationalRegisterNumber: string };
          const found = await publish.citizen(nationalRegisterNumber, '/nationalRegisterNumber');
          request.auditResource = `/api/publish/citizens/${found.id}/preferences`;
          request.auditWho = { subject: `client:${client(request).id}`, onBehalfOf: null, concerns: found.id };
          return publish.preferences(nationalRegisterNumber);
        });
      },
    },
  ];

  return async function plugin(scope: FastifyInstance) {
    scope.removeContentTypeParser('text/plain');
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_PDF_BYTES, files: 1, fields: 2, fieldSize: MAX_JSON_BYTES, parts: 3 },
    });
    const rateLimit = {
      max: deps.rateLimit.max,
      timeWindow: deps.rateLimit.timeWindowMs,
      hook: 'preHandler',
      keyGenerator: (request: FastifyRequest) => `publish:${request.publishClient?.id ?? request.ip}`,
      errorResponseBuilder: (_request: FastifyRequest, context: { after: string; statusCode: number }) =>
        Object.assign(new Error(`Too many requests from this client: try again in ${context.after}.`), {
          statusCode: 429,
        }),
    };
    registerTable(
      scope,
      table.map((entry) => ({ ...entry, config: { rateLimit } })),
    );
    const unknown = (request: FastifyRequest) => {
      request.auditOperation = 'read';
      throw new HttpError(404, 'There is no such resource in the publish API.');
    };
    scope.route({ method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], url: '/*', handler: unknown });
  };
}
