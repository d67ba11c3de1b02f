// npm run client -- add|list|remove: the publish clients in the store; errors name the argument.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, startTestBackend, testDatabase } from './helpers.mjs';
import { call, clientToken, newClientKey, NRN } from './publish-helpers.mjs';

const CLI = path.join(ROOT, 'server', 'dist', 'bin', 'client.js');

test('add, list, remove; a client added by the command gets tokens, a removed one none', async () => {
  const database = await testDatabase();
  const run = (...args) =>
    spawnSync(process.execPath, [CLI, ...args, '--data-dir', database.dataDir], {
      encoding: 'utf8',
      env: { ...process.env, ...(database.databaseUrl ? { LOKET_DATABASE_URL: database.databaseUrl } : {}) },
    });
  try {
    const missing = run('add', '--name', 'X', '--jwk', 'x.json');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^--id: required/);
    const both = run('add', '--id', 'a', '--name', 'A');
    assert.match(both.stderr, /--jwk FILE or --jwks-uri URL/);
    const badScope = run(
      'add',
      '--id',
      'a',
      '--name',
      'A',
      '--jwks-uri',
      'https://a.example/jwks',
      '--scope',
      'publish:all',
    );
    assert.match(badScope.stderr, /--scope: unknown publish:all/);
    assert.match(
      run('add', '--id', 'a', '--name', 'A', '--jwks-uri', 'http://a.example/jwks').stderr,
      /--jwks-uri .*https/,
    );

    // the service creates the database (and the KEK) first, as in production
    const backend = await startTestBackend({ database, seedDemo: true });
    try {
      const { privateJwk } = await newClientKey();
      const file = path.join(database.dataDir, 'acme.jwk.json');
      writeFileSync(file, JSON.stringify(privateJwk)); // a private key file: only its public part is stored
      const added = run('add', '--id', 'acme', '--name', 'Acme e-loket', '--jwk', file, '--scope', 'read:preferences');
      assert.equal(added.status, 0, added.stderr);
      assert.equal((await backend.store.publish.client('acme')).jwks.keys[0].d, undefined);
      const listed = run('list');
      assert.match(listed.stdout, /acme/);
      assert.match(listed.stdout, /demo-eloket/);
      const token = await clientToken(backend, { clientId: 'acme', jwk: privateJwk, scope: 'read:preferences' });
      assert.equal((await call(backend, token, 'GET', `/citizens/${NRN.anna}/preferences`)).status, 200);
      assert.equal(run('remove', '--id', 'acme').status, 0);
      assert.equal((await call(backend, token, 'GET', `/citizens/${NRN.anna}/preferences`)).status, 401);
      const again = run('remove', '--id', 'acme');
      assert.equal(again.status, 1);
      assert.match(again.stderr, /--id acme: no such client/);
    } finally {
      await backend.close();
    }
  } finally {
    await database.dispose();
  }
});
