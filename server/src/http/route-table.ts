// One declarative route table per resource: each entry names its method, path, audit operation and schemas;
// `registerTable` adds, for every path, the OPTIONS answer and a 405 with `Allow` for the other methods.

import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  onRequestHookHandler,
  RouteOptions,
} from 'fastify';
import { HttpError } from './problem.js';

export type Method = 'GET' | 'POST' | 'PUT';

export interface RouteEntry {
  method: Method;
  url: string;
  /** the audit row's operation; none: no row (or the handler writes its own) */
  audit?: string;
  schema?: FastifySchema;
  onRequest?: onRequestHookHandler | onRequestHookHandler[];
  config?: Record<string, unknown>;
  handler: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

const OTHER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `Allow` for the methods of one path: GET brings HEAD; OPTIONS always. */
export const allowHeader = (methods: Method[]): string =>
  [...new Set(methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))), 'OPTIONS'].join(', ');

export interface TableOptions {
  /** answers OPTIONS for a path (CORS preflight); default 204 with Allow */
  options?: (request: FastifyRequest, reply: FastifyReply, allow: string) => unknown;
  /** the 405 answer (default: a problem) */
  methodNotAllowed?: (request: FastifyRequest, reply: FastifyReply, allow: string) => unknown;
}

export function registerTable(scope: FastifyInstance, table: readonly RouteEntry[], options: TableOptions = {}): void {
  const byUrl = new Map<string, RouteEntry[]>();
  for (const entry of table) byUrl.set(entry.url, [...(byUrl.get(entry.url) ?? []), entry]);
  for (const [url, entries] of byUrl) {
    const methods = entries.map((e) => e.method);
    const allow = allowHeader(methods);
    for (const entry of entries) {
      const route: RouteOptions = {
        method: entry.method,
        url,
        handler: entry.handler,
        config: { ...entry.config, ...(entry.audit ? { audit: entry.audit } : {}) },
        ...(entry.schema ? { schema: entry.schema } : {}),
        ...(entry.onRequest ? { onRequest: entry.onRequest } : {}),
      };
      scope.route(route);
    }
    scope.route({
      method: 'OPTIONS',
      url,
      handler: (request, reply) =>
        options.options ? options.options(request, reply, allow) : reply.code(204).header('allow', allow).send(),
    });
    const others = OTHER_METHODS.filter(
      (m) => !(methods as string[]).includes(m) && !(m === 'HEAD' && methods.includes('GET')),
    );
    scope.route({
      method: [...others],
      url,
      config: { audit: entries.find((e) => e.audit)?.audit ?? '' },
      handler: (request, reply) => {
        if (options.methodNotAllowed) return options.methodNotAllowed(request, reply, allow);
        request.auditOperation = request.method === 'POST' ? 'update' : 'read';
        const listed = allow.split(', ').filter((m) => m !== 'OPTIONS');
        throw new HttpError(405, `${request.method} is not allowed here; use ${listed.join(' or ')}.`, {
          headers: { allow },
        });
      },
    });
  }
}
