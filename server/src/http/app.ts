// The Fastify application: one plugin per concern, one route table per resource, one error handler answering
// RFC 9457 problem+json (the pages have their own, answering HTML). Built by the composition root (app.ts).

import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAuditHooks } from '../audit/hooks.js';
import { rememberRequest } from '../audit/provider-events.js';
import { createSignIn } from '../services/sign-in.js';
import { fieldErrors } from './contract.js';
import { HttpError, MAX_BODY_BYTES, problemBody } from './problem.js';
import { healthRoutes } from './routes/health.js';
import { hostRoutes } from './routes/host.js';
import { interactionRoutes } from './routes/interaction.js';
import { meRoutes } from './routes/me.js';
import { pageRoutes } from './routes/pages.js';
import { asPublic, providerRoutes } from './routes/provider.js';
import { publishRoutes } from './routes/publish.js';
import { staffRoutes } from './routes/staff.js';
import { staticRoutes } from './routes/static.js';
import { assetRoutes } from './routes/assets.js';
import { registerMunicipality } from './municipality.js';
import type { HttpDeps } from './types.js';
import { AJV_OPTIONS } from './validation.js';

/** A Fastify error as a problem: parse and validation errors keep their meaning, the rest is a 500. */
export function toHttpError(error: FastifyError | HttpError): HttpError {
  if (error instanceof HttpError) return error;
  if (error.validation) {
    if (error.validationContext === 'params')
      return new HttpError(404, 'There is no such resource in the profile API.');
    const errors = fieldErrors(error.validation);
    return new HttpError(
      422,
      `The request is not valid: ${errors.map((x) => `${x.pointer || 'body'} ${x.detail}`).join('; ')}.`,
      { extra: { errors } },
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'Send the request body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'The request body is not valid JSON: it is empty.', {
        slug: 'invalid-json',
        title: 'Invalid JSON',
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, `The request body is not valid JSON: ${error.message}`, {
        slug: 'invalid-json',
        title: 'Invalid JSON',
      });
    default:
  }
  if (error.statusCode === 400 && error instanceof SyntaxError) {
    return new HttpError(400, `The request body is not valid JSON: ${error.message}`, {
      slug: 'invalid-json',
      title: 'Invalid JSON',
    });
  }
  if (error.statusCode === 429) return new HttpError(429, 'Too many attempts: wait a minute and try again.');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new HttpError(error.statusCode, error.message);
  return new HttpError(500, 'An unexpected error occurred.');
}

/** The request log: one JSON line per request, with its id; no query string, body, cookie or token. */
function loggerOptions(deps: HttpDeps): FastifyServerOptions['logger'] {
  if (deps.quiet) return false;
  return {
    level: 'info',
    ...(deps.logStream ? { stream: deps.logStream } : {}),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: string }) => ({
        type: err.name,
        code: err.code,
        message: err.message,
        stack: err.stack ?? '',
      }),
    },
  };
}

export async function buildHttpApp(deps: HttpDeps & { isClosing: () => boolean }): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    logger: loggerOptions(deps),
    genReqId: () => randomUUID(),
    // a hop count is given as a number; Fastify's types know addresses and booleans (and functions)
    trustProxy: deps.trustProxy as boolean | string | string[],
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
    ajv: { customOptions: AJV_OPTIONS },
  });

  // Every answer, the provider's too (it writes to the raw response): its request id, and behind TLS the
  // browser's promise to use https only (HSTS; no includeSubDomains: the municipality's other hosts are not ours).
  // The provider's audit rows take the client address (trustProxy's, from LOKET_TRUST_PROXY) and id from here.
  const hsts = new URL(deps.issuer).protocol === 'https:' ? 'max-age=31536000' : undefined;
  app.addHook('onRequest', async (request, reply) => {
    rememberRequest(request.raw, request);
    reply.raw.setHeader('x-request-id', request.id);
    if (hsts) reply.raw.setHeader('strict-transport-security', hsts);
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  registerAuditHooks(app, deps.audit);
  registerMunicipality(app, { registry: deps.municipalities, looks: deps.looks, issuer: deps.issuer });
  if (deps.publicUrlConfigured) {
    const publicUrl = new URL(deps.issuer);
    app.addHook('onRequest', async (request) => asPublic(request.raw.headers, publicUrl));
  }

  // one error handler: problem+json (the page scopes answer HTML with their own)
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toHttpError(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply
      .code(problem.status)
      .headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...problem.headers })
      .type('application/problem+json; charset=utf-8')
      .send(problemBody(problem.status, problem.detail, problem));
  });
  // JSON answers are never cached and never sniffed; every answer names its request (the log line, the audit row)
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  const checkCredentials = createSignIn({ ...deps, throttle: deps.signInThrottle });
  const withSignIn = { ...deps, checkCredentials };
  await app.register(healthRoutes(deps));
  await app.register(staticRoutes());
  await app.register(assetRoutes(deps.assets));
  await app.register(publishRoutes({ ...deps, rateLimit: deps.publishRateLimit }), { prefix: '/api/publish' });
  await app.register(meRoutes(deps), { prefix: '/api' });
  await app.register(async (scope) => {
    await scope.register(fastifyFormbody, { bodyLimit: MAX_BODY_BYTES });
    await scope.register(hostRoutes(withSignIn));
    await scope.register(interactionRoutes(withSignIn));
  });
  await app.register(async (scope) => {
    // the pages take forms only: any other body is 415
    scope.removeAllContentTypeParsers();
    await scope.register(fastifyFormbody, { bodyLimit: MAX_BODY_BYTES });
    await scope.register(pageRoutes(deps));
  });
  await app.register(async (scope) => {
    // the staff pages take forms only, like the citizen's pages
    scope.removeAllContentTypeParsers();
    await scope.register(fastifyFormbody, { bodyLimit: MAX_BODY_BYTES });
    await scope.register(staffRoutes(deps));
  });
  await app.register(providerRoutes(deps));
  return app;
}
