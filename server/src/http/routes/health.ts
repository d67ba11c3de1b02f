// /healthz: the process answers (a load balancer restarts it when not). /readyz: it can serve, i.e. the
// database answers (a load balancer sends it no traffic when not, e.g. while PostgreSQL is away).

import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.js';

export function healthRoutes({ store, isClosing }: { store: Store; isClosing: () => boolean }) {
  return async function plugin(scope: FastifyInstance) {
    scope.get('/healthz', (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
    scope.get('/readyz', async (_request, reply) => {
      const ready = !isClosing() && (await store.ping().catch(() => false));
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: ready ? 'ok' : 'unavailable' });
    });
  };
}
