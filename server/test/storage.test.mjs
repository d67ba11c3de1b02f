// Storage through the store interface: hashed passwords, demo data, a private data folder, and state that
// survives a restart (signing keys, provider sessions, refresh tokens). The schema and its migrations are the
// store's own tests (store.test.ts).

import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { verifyPassword } from '../dist/auth/passwords.js';
import { DEMO_USERS } from '../dist/index.js';
import {
  api,
  authorizeUrl,
  browse,
  decodeJwt,
  ENGINE,
  pkce,
  signIn,
  SITE,
  startTestBackend,
  testDatabase,
  tokenRequest,
} from './helpers.mjs';

describe('the database', () => {
  test('created on start: demo citizens with scrypt hashes, their data; SQLite in a private folder', async () => {
    const backend = await startTestBackend();
    try {
      const { store, dataDir } = backend;
      if (ENGINE === 'sqlite') {
        assert.ok(existsSync(path.join(dataDir, 'loket.sqlite')));
        assert.equal(statSync(dataDir).mode & 0o077, 0, 'the data folder is private to its owner');
      }
      const users = await Promise.all(['anna', 'bart', 'chloe', 'jan'].map((name) => store.userByUsername(name)));
      assert.deepEqual(
        users.map((u) => u?.username),
        ['anna', 'bart', 'chloe', 'jan'],
      );
      for (const user of users) {
        assert.match(user.passwordHash, /^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
        assert.ok(!user.passwordHash.includes('demo'));
        assert.equal(await verifyPassword('demo', user.passwordHash), true);
        assert.equal(await verifyPassword('Demo', user.passwordHash), false);
      }
      // the demo's shared password is hashed once per process (fast seeding); salting: passwords.test.ts

      const anna = { userId: DEMO_USERS[0].id, partyId: null };
      assert.ok(
        (await store.messages(anna)).length >= 4 &&
          (await store.dossiers(anna)).length >= 3 &&
          (await store.documents(anna)).length >= 3 &&
          (await store.facts(anna)).length >= 2,
      );
    } finally {
      await backend.close();
    }
  });

  test('resetDemoData restores the demo state', async () => {
    const backend = await startTestBackend();
    try {
      const { tokens } = await signIn(backend);
      const summary = async () =>
        (await (await api(backend, '/me/summary', { token: tokens.access_token })).json()).unread;
      const fresh = await summary();
      const { items } = await (await api(backend, '/me/messages', { token: tokens.access_token })).json();
      await api(backend, `/me/messages/${items[0].id}/read`, { token: tokens.access_token, method: 'POST' });
      assert.equal((await summary()).messages, fresh.messages - 1);
      await backend.resetDemoData();
      assert.deepEqual(await summary(), fresh, 'same ids, unread again');
    } finally {
      await backend.close();
    }
  });
});

describe('a restart keeps', () => {
  test('the signing keys, the provider session, refresh tokens and access tokens', async () => {
    const database = await testDatabase();
    const first = await startTestBackend({ database });
    const { tokens, jar } = await signIn(first, { username: 'chloe' });
    const jwksBefore = await (await fetch(`${first.issuer}/jwks`)).json();
    await first.close();

    const second = await startTestBackend({ database, port: first.port });
    try {
      assert.equal(second.issuer, first.issuer);
      assert.deepEqual(await (await fetch(`${second.issuer}/jwks`)).json(), jwksBefore);
      assert.equal((await api(second, '/me', { token: tokens.access_token })).status, 200, 'access token still valid');
      const refreshed = await tokenRequest(second, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      });
      const body = await refreshed.json();
      assert.equal(refreshed.status, 200, JSON.stringify(body));
      assert.equal(decodeJwt(body.access_token).payload.sub, decodeJwt(tokens.access_token).payload.sub);
      const again = await browse(jar, authorizeUrl(second, { challenge: pkce().challenge }));
      assert.equal(new URL(again.headers.get('location')).origin, SITE, 'still signed in at the provider');
    } finally {
      await second.close();
      await database.dispose();
    }
  });
});
