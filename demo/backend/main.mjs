#!/usr/bin/env node
// Starts the Loket reference backend (OIDC provider + profile API) for the demo site.
//
//   node demo/backend/main.mjs                 http://localhost:8081 (LOKET_BACKEND_PORT), data in demo/.data/
//   node demo/backend/main.mjs --reset         re-seed the demo citizens and their data first
//   node demo/backend/main.mjs --quiet         no request log
//   node demo/backend/main.mjs --site http://localhost:8080 --site http://localhost:3000
//   node demo/backend/main.mjs --port 9000 --data-dir /tmp/loket
//   node demo/backend/main.mjs --session-idle-ttl 150   a session ends 150 s after its last refresh

import { parseArgs } from 'node:util';
import { DEMO_PARTIES, DEMO_PASSWORD, DEMO_USERS, resetDemoData } from './seed.mjs';
import { startBackend } from './server.mjs';

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
  console.log('usage: node demo/backend/main.mjs [--port N] [--host H] [--site ORIGIN]... [--data-dir DIR] [--access-token-ttl S] [--session-idle-ttl S] [--refresh-token-ttl S] [--reset] [--quiet]');
  process.exit(0);
}

const options = { quiet: values.quiet };
if (values.port !== undefined) options.port = Number(values.port);
if (values.host) options.host = values.host;
if (values.site?.length) options.siteOrigins = values.site;
if (values['data-dir']) options.dataDir = values['data-dir'];
if (values['access-token-ttl']) options.accessTokenTtl = Number(values['access-token-ttl']);
if (values['session-idle-ttl']) options.sessionIdleTtl = Number(values['session-idle-ttl']);
if (values['refresh-token-ttl']) options.refreshTokenTtl = Number(values['refresh-token-ttl']);

const backend = await startBackend(options);
if (values.reset) await resetDemoData(backend.db);

console.log(`Loket backend on ${backend.url}
  issuer (OIDC authority)  ${backend.issuer}
  discovery                ${backend.issuer}/.well-known/openid-configuration
  profile API (baseUrl)    ${backend.issuer}/api
  host-mode sign-in        ${backend.issuer}/host/login?return=<site url>
  client_id loket-demo, scope "openid profile offline_access loket:profile"
  site origins             ${backend.siteOrigins.join(', ')}
  data                     ${backend.dataDir}
Demo citizens (password "${DEMO_PASSWORD}"):
${DEMO_USERS.map((u) => `  ${u.username.padEnd(6)} ${u.givenName} ${u.familyName}${u.language ? ` (${u.language})` : ''}${DEMO_PARTIES.filter((p) => p.username === u.username).map((p) => `\n         also for ${p.name}: login_hint ${p.loginHint}`).join('')}`).join('\n')}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await backend.close();
    process.exit(0);
  });
}
