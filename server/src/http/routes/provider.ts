// The provider's own paths (/.well-known/openid-configuration, /jwks, /auth, /token, /token/revocation,
// /session/end ...): every path no other route table claims goes to oidc-provider, on the raw request and
// response. Its bodies are its own to read: this scope parses none.

import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderInstance } from 'oidc-provider';

/**
 * oidc-provider builds its endpoints' URLs (discovery, redirects) from the request: with a configured public
 * URL, every request reaches it (and our interaction pages, which call it) as a request to that URL: the
 * provider then trusts these headers, which are ours, never the client's, so a TLS proxy in front needs to
 * forward nothing in particular. Set by an onRequest hook of the app.
 */
export function asPublic(headers: IncomingHttpHeaders, publicUrl: URL): void {
  headers.host = publicUrl.host;
  headers['x-forwarded-host'] = publicUrl.host;
  headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
  delete headers['x-forwarded-port'];
}

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
