// The provider's own paths (/.well-known/openid-configuration, /jwks, /auth, /token, /token/revocation,
// /session/end ...): every path no other route table claims goes to oidc-provider, on the raw request and
// response. Its bodies are its own to read: this scope parses none.

import type { FastifyInstance } from 'fastify';
import type { ProviderInstance } from 'oidc-provider';

export function providerRoutes({ provider }: { provider: ProviderInstance }) {
  const callback = provider.callback();
  return async function plugin(scope: FastifyInstance) {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/*',
      handler: (request, reply) => {
        reply.hijack();
        callback(request.raw, reply.raw);
      },
    });
  };
}
