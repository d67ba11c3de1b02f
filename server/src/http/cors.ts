// CORS for the configured site origins only; the service's own origin is same-origin. A request from any
// other origin gets no CORS headers and is refused (a page there must not read or use the citizen's data).

import type { FastifyRequest } from 'fastify';

export type Cors = ReturnType<typeof createCors>;

export function createCors({ siteOrigins, issuer }: { siteOrigins: string[]; issuer: string }) {
  const sites = new Set(siteOrigins);
  const issuerOrigin = new URL(issuer).origin;
  return {
    /** undefined: no Origin header; true/false: allowed or not */
    check(request: FastifyRequest): boolean | undefined {
      const origin = request.headers.origin;
      if (origin === undefined) return undefined;
      return sites.has(origin) || origin === issuerOrigin;
    },
    headers(request: FastifyRequest, methods: string): Record<string, string> {
      const origin = request.headers.origin;
      if (!origin || !sites.has(origin)) return {};
      const headers: Record<string, string> = {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'content-disposition, content-length, location, www-authenticate',
        vary: 'Origin',
      };
      if (request.method === 'OPTIONS') {
        headers['access-control-allow-methods'] = methods;
        headers['access-control-allow-headers'] = 'authorization, dpop, content-type, last-event-id, accept-language';
        headers['access-control-max-age'] = '600';
      }
      return headers;
    },
  };
}
