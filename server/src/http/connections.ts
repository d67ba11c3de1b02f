// Stopping the HTTP server without waiting on connections that carry no request.
//
// `server.close()` with `closeIdleConnections()` closes a keep-alive connection between two requests, but not one
// that was opened and has not sent a request yet: Node counts such a connection as busy (a request may be on its
// way), so the close waited until the keep-alive timeout ended it, 72 s. Browsers and fetch clients open these
// connections ahead of need, so nearly every stop of a service that had visitors took over a minute. Here each
// connection's requests in flight are counted: at the stop, a connection without one closes at once, one with a
// request closes as soon as its last response is sent, and whatever is still open after the grace period is cut.

import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /**
   * Stops accepting connections, closes those without a request in flight now and the others after their last
   * response, and cuts any still open after `graceMs`. Resolves once the server has closed.
   */
  close(graceMs: number): Promise<void>;
}

export function trackConnections(server: Server): ConnectionTracker {
  /** each open connection, with its responses not yet sent */
  const open = new Map<Socket, Set<ServerResponse>>();
  let closing = false;
  /** A response of a stopping server says `Connection: close`: its client sends nothing more on that connection. */
  const lastOnItsConnection = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  server.on('connection', (socket: Socket) => {
    open.set(socket, new Set());
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    const pending = open.get(socket);
    if (!pending) return;
    pending.add(res);
    if (closing) lastOnItsConnection(res);
    res.once('close', () => {
      pending.delete(res);
      // ended, not destroyed: the answer is not cut off by a reset if the client was still sending
      if (closing && pending.size === 0) socket.end();
    });
  });
  return {
    async close(graceMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [socket, pending] of open) {
        // nothing asked on it (a request whose headers are still on their way is cut, as at any stop)
        if (pending.size === 0) socket.destroy();
        else pending.forEach(lastOnItsConnection);
      }
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      try {
        await closed;
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
