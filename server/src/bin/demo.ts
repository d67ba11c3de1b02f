#!/usr/bin/env node
// The profile service for the demo site (`npm start` runs it), with flags instead of environment variables:
//
//   node server/dist/bin/demo.js                 http://localhost:8081 (LOKET_BACKEND_PORT), data in demo/.data/
//   node server/dist/bin/demo.js --reset         seed the demo citizens and their data again first
//   node server/dist/bin/demo.js --quiet         no request log
//   node server/dist/bin/demo.js --site http://localhost:8080 --site http://localhost:3000
//   node server/dist/bin/demo.js --port 9000 --data-dir /tmp/loket
//   node server/dist/bin/demo.js --session-idle-ttl 150   a session ends 150 s after its last refresh

import { parseArgs } from 'node:util';
import { startService } from '../app.js';
import { ConfigError, optionsFromEnv, type ServiceOptions } from '../config.js';
import { CLIENT_ID, SCOPE } from '../auth/provider.js';
import { DEMO_PARTIES, DEMO_PASSWORD, DEMO_USERS } from '../index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    site: { type: 'string', multiple: true },
    'data-dir': { type: 'string' },
    'access-token-ttl': { type: 'string' },
    'session-idle-ttl': { type: 'string' },
    'refresh-token-ttl': { type: 'string' },
    reset: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: node server/dist/bin/demo.js [--port N] [--host H] [--site ORIGIN]... [--data-dir DIR] [--access-token-ttl S] [--session-idle-ttl S] [--refresh-token-ttl S] [--reset] [--quiet]',
  );
  process.exit(0);
}

const number = (flag: string, value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${flag} ${value}: expected a whole number`);
    process.exit(2);
  }
  return n;
};

let options: ServiceOptions;
try {
  options = { ...optionsFromEnv(), quiet: values.quiet };
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
if (values.port !== undefined) options.port = number('port', values.port);
if (values.host) options.host = values.host;
if (values.site?.length) options.siteOrigins = values.site;
if (values['data-dir']) options.dataDir = values['data-dir'];
if (values['access-token-ttl']) options.accessTokenTtl = number('access-token-ttl', values['access-token-ttl']);
if (values['session-idle-ttl']) options.sessionIdleTtl = number('session-idle-ttl', values['session-idle-ttl']);
if (values['refresh-token-ttl']) options.refreshTokenTtl = number('refresh-token-ttl', values['refresh-token-ttl']);

const service = await startService(options);
if (values.reset) await service.resetDemoData();

console.log(`Loket profile service on ${service.url}
  issuer (OIDC authority)  ${service.issuer}
  discovery                ${service.issuer}/.well-known/openid-configuration
  profile API (baseUrl)    ${service.issuer}/api
  host-mode sign-in        ${service.issuer}/host/login?return=<site url>
  client_id ${CLIENT_ID}, scope "${SCOPE}"
  site origins             ${service.siteOrigins.join(', ')}
  data                     ${service.store.engine === 'sqlite' ? service.dataDir : 'PostgreSQL'}
Demo citizens (password "${DEMO_PASSWORD}"):
${DEMO_USERS.map(
  (u) =>
    `  ${u.username.padEnd(6)} ${u.givenName} ${u.familyName}${u.language ? ` (${u.language})` : ''}${DEMO_PARTIES.filter(
      (p) => p.username === u.username,
    )
      .map((p) => `\n         also for ${p.name}: login_hint ${p.loginHint}`)
      .join('')}`,
).join('\n')}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
