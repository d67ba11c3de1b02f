#!/usr/bin/env node
// `npm run server`: the Loket profile service alone, configured by LOKET_* environment variables
// (docs/deploy.md). SIGTERM or SIGINT drains: stop accepting, end the event streams, let requests in flight
// finish, close the database; then exit.

import { startService } from '../app.js';
import { ConfigError, optionsFromEnv } from '../config.js';
import { KekConfigError, WrongKekError } from '../crypto/kek.js';

let options;
try {
  options = optionsFromEnv();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`loket-server: ${error.message}`);
  process.exit(2);
}

let service;
try {
  service = await startService(options);
} catch (error) {
  // the key-encryption key is missing or wrong, or production without https: say so in one line (nothing was written)
  if (!(error instanceof KekConfigError || error instanceof WrongKekError || error instanceof ConfigError)) throw error;
  console.error(`loket-server: ${error.message}`);
  process.exit(2);
}
// one line a person reads; the request log that follows is JSON
console.error(`loket-server: listening on port ${service.port}, public URL ${service.url}, ${service.store.engine}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // a request that does not finish within 10 s does not keep the process
    setTimeout(() => process.exit(1), 10_000).unref();
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('loket-server: shutdown failed', error);
        process.exit(1);
      },
    );
  });
}
