// Stopping the HTTP server without waiting on connections that carry no request.
//
// `server.close()` with `closeIdleConnections()` closes a keep-alive connection between two requests, but not one
// that was opened and has not sent a request yet: Node counts such a connection as busy (a request may be on its
// way), so the close waited until the keep-alive timeout ended it, 72 s. Browsers and fetch clients open these
// connections ahead of need, so nearly every stop of a service that had visitors took over a minute. Here each
// connection's requests in flight are counted: at the stop, a connection without one closes at once, one with a
// request closes as soon as its last response is sent, and whatever is still open after the grace period is cut.

import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /**
   * Stops accepting connections, closes those without a request in flight now and the others after their last
   * response, and cuts any still open after `graceMs`. Resolves once the server has closed.
   */
  close(graceMs: number): Promise<void>;
}

export function trackConnections(server: Server): ConnectionTracker {
  /** each open connection, with its number of requests in flight */
  const inFlight = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const requests = inFlight.get(socket);
      if (requests === undefined) return; // the connection closed first
      const left = requests - 1;
      inFlight.set(socket, left);
      if (closing && left === 0) socket.destroy();
    });
  });
  return {
    async close(graceMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      try {
        await closed;
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
