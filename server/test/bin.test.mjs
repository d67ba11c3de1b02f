// `npm run server` as a process: configured by LOKET_* variables (a bad one is a clear error), /healthz and
// /readyz, JSON request logs, and a graceful stop on SIGTERM (event streams end, the process exits 0).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { optionsFromEnv } from '../dist/config.js';
import { ENGINE, testDatabase } from './helpers.mjs';
import { api, DpopKey, eventReader, signIn, SITE } from './helpers.mjs';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin', 'server.js');

/** Starts the bin with `env`; resolves when it listens (or exits). */
function startBin(env) {
  const child = spawn(process.execPath, [BIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => {
    out.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    out.stderr += chunk;
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise((resolve) => {
    const check = () => {
      const match = /listening on port (\d+)/.exec(out.stderr);
      if (match) resolve(Number(match[1]));
    };
    child.stderr.on('data', check);
    exited.then(() => resolve(undefined));
  });
  return { child, out, exited, listening };
}

describe('configuration from the environment', () => {
  test('each bad value names its variable and the expected form', () => {
    const cases = [
      [
        { LOKET_BACKEND_PORT: 'eighty' },
        /LOKET_BACKEND_PORT="eighty" is not valid: expected a whole number from 0 to 65535/,
      ],
      [{ LOKET_PUBLIC_URL: 'loket.example' }, /LOKET_PUBLIC_URL=.*expected an http\(s\) origin/],
      [{ LOKET_PUBLIC_URL: 'https://loket.example/base' }, /LOKET_PUBLIC_URL=.*without a path/],
      [{ LOKET_DATABASE_URL: 'mysql://x' }, /LOKET_DATABASE_URL="<hidden>" is not valid: expected postgres:\/\//],
      [{ LOKET_SITE_ORIGINS: 'https://a.example,javascript:alert(1)' }, /LOKET_SITE_ORIGINS="javascript:alert\(1\)"/],
      [{ LOKET_TRUST_PROXY: 'the proxy' }, /LOKET_TRUST_PROXY=.*comma-separated/],
      [{ LOKET_ACCESS_TOKEN_TTL: '0' }, /LOKET_ACCESS_TOKEN_TTL="0" is not valid: expected a whole number from 1/],
      // issue 14: the SMTP URL may hold a password: never repeated
      [
        { LOKET_SMTP_URL: 'https://user:secret@mail.example' },
        /LOKET_SMTP_URL="<hidden>" is not valid: expected smtp:\/\//,
      ],
      [{ LOKET_EMAIL_CONFIRM_TTL: '5' }, /LOKET_EMAIL_CONFIRM_TTL="5" is not valid: expected a whole number from 60/],
    ];
    for (const [env, message] of cases) assert.throws(() => optionsFromEnv(env), message);
  });

  test('good values become the service options', () => {
    assert.deepEqual(
      optionsFromEnv({
        LOKET_BACKEND_PORT: '9000',
        LOKET_PUBLIC_URL: 'https://loket.lindegem.be/',
        LOKET_DATABASE_URL: 'postgres://u@db/loket',
        LOKET_SITE_ORIGINS: 'https://www.lindegem.be, https://e-loket.lindegem.be/',
        LOKET_TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
        LOKET_SESSION_IDLE_TTL: '900',
        LOKET_SEED_DEMO: 'false',
      }),
      {
        port: 9000,
        publicUrl: 'https://loket.lindegem.be',
        databaseUrl: 'postgres://u@db/loket',
        siteOrigins: ['https://www.lindegem.be', 'https://e-loket.lindegem.be'],
        trustProxy: ['10.0.0.0/8', '127.0.0.1'],
        sessionIdleTtl: 900,
        seedDemo: false,
      },
    );
    assert.deepEqual(optionsFromEnv({}), {});
  });
});

describe('npm run server', () => {
  const databases = [];
  after(async () => {
    for (const db of databases) await db.dispose();
  });

  test('a bad variable stops the start with exit code 2 and a clear message', async () => {
    const { exited, out } = startBin({ LOKET_PUBLIC_URL: 'not a url' });
    assert.equal((await exited).code, 2);
    assert.match(out.stderr, /LOKET_PUBLIC_URL="not a url" is not valid/);
  });

  test('health, JSON logs with a request id, and SIGTERM: the event stream ends, the process exits 0', async () => {
    const db = await testDatabase();
    databases.push(db);
    const bin = startBin({
      LOKET_BACKEND_PORT: '0',
      LOKET_DATA_DIR: db.dataDir,
      LOKET_SITE_ORIGINS: SITE,
      LOKET_PUBLIC_URL: '',
      ...(ENGINE === 'postgres' ? { LOKET_DATABASE_URL: db.databaseUrl } : {}),
    });
    try {
      const port = await bin.listening;
      assert.ok(port, bin.out.stderr);
      const service = { issuer: `http://localhost:${port}` };
      assert.deepEqual(await (await fetch(`${service.issuer}/healthz`)).json(), { status: 'ok' });
      const ready = await fetch(`${service.issuer}/readyz`);
      assert.equal(ready.status, 200);

      // the service as it runs by default: the demo client's tokens bound to a DPoP key
      const dpop = await DpopKey.generate();
      const { tokens } = await signIn(service, { username: 'bart', dpop });
      assert.equal(tokens.token_type, 'DPoP');
      const res = await api(service, '/me/events', { token: tokens.access_token, dpop });
      const stream = eventReader(res);
      await stream.until(() => stream.comments.includes('connected'));

      bin.child.kill('SIGTERM');
      await stream.until(() => stream.done, 5000);
      assert.deepEqual(await bin.exited, { code: 0, signal: null });

      const records = bin.out.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      const health = records.find((r) => r.req?.path === '/healthz');
      assert.ok(health && typeof health.reqId === 'string', 'the request log is JSON with a request id');
      assert.ok(!bin.out.stdout.includes(tokens.access_token), 'no token in the log');
    } finally {
      bin.child.kill('SIGKILL');
    }
  });
});
