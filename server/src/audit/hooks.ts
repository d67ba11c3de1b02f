// The audit row of every request to a route that names an operation (`config.audit`): written before the
// answer leaves (onSend), so a client that got its answer finds the row; a request that fails halfway (an
// error after the headers, a dropped connection) still gets its row (onResponse, onRequestAbort).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { outcomeForStatus, type AuditLog, type Outcome } from './audit-log.js';

/** The path without its query string: ids only. */
export const resourceOf = (request: FastifyRequest): string => request.url.split('?')[0]!;

export function registerAuditHooks(app: FastifyInstance, audit: AuditLog): void {
  const write = async (request: FastifyRequest, outcome: Outcome) => {
    const operation = request.auditOperation ?? request.routeOptions.config.audit;
    if (!operation || request.audited) return;
    request.audited = true;
    const who = request.auditWho ?? {
      subject: request.caller?.user.id ?? null,
      onBehalfOf: request.caller?.owner.partyId ?? null,
      // a citizen's own request touches their own data
      concerns: request.caller?.user.id ?? null,
    };
    await audit(request, {
      ...who,
      resource: request.auditResource ?? resourceOf(request),
      operation,
      outcome: request.auditOutcome ?? outcome,
    });
  };
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    await write(request, outcomeForStatus(reply.statusCode));
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!request.audited)
      await write(request, reply.raw.writableFinished ? outcomeForStatus(reply.statusCode) : 'error').catch((error) =>
        request.log.error({ err: error }, 'audit row not written'),
      );
  });
  app.addHook('onRequestAbort', async (request) => {
    await write(request, 'error').catch((error) => request.log.error({ err: error }, 'audit row not written'));
  });
}
