// SQLite storage: versioned schema, WAL, hashed passwords, demo data, and state that survives a restart
// (signing keys, provider sessions, refresh tokens).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { migrate, MIGRATIONS } from '../../demo/backend/db.mjs';
import { verifyPassword } from '../../demo/backend/passwords.mjs';
import { DEMO_USERS } from '../../demo/backend/seed.mjs';
import {
  api, authorizeUrl, browse, decodeJwt, pkce, signIn, SITE, startTestBackend, tokenRequest,
} from './helpers.mjs';

const dirs = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-storage-test-'));
  dirs.push(dir);
  return dir;
}

describe('the database', () => {
  test('created on start: schema version, WAL mode, demo citizens with scrypt hashes', async () => {
    const dataDir = tempDir();
    const backend = await startTestBackend({ dataDir });
    try {
      const { db } = backend;
      assert.ok(existsSync(path.join(dataDir, 'loket.sqlite')));
      assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const users = db.prepare('SELECT * FROM users ORDER BY username').all();
      assert.deepEqual(users.map((u) => u.username), ['anna', 'bart', 'chloe', 'jan']);
      for (const user of users) {
        assert.match(user.password_hash, /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
        assert.ok(!user.password_hash.includes('demo'));
        assert.equal(await verifyPassword('demo', user.password_hash), true);
        assert.equal(await verifyPassword('Demo', user.password_hash), false);
      }
      assert.notEqual(users[0].password_hash.split('$')[4], users[1].password_hash.split('$')[4], 'salted');
      const keysFile = path.join(dataDir, 'keys.json');
      assert.equal(statSync(keysFile).mode & 0o077, 0, 'keys.json is private to its owner');

      const counts = (table) => Object.fromEntries(db.prepare(`SELECT user_id, count(*) AS n FROM ${table} GROUP BY user_id`).all().map((r) => [r.user_id, r.n]));
      const anna = DEMO_USERS[0].id;
      assert.ok(counts('messages')[anna] >= 4 && counts('dossiers')[anna] >= 3 && counts('documents')[anna] >= 3 && counts('facts')[anna] >= 2);
    } finally {
      await backend.close();
    }
  });

  test('migrations run in order from any version, and refuse a newer database', () => {
    const db = new Database(':memory:');
    db.exec(MIGRATIONS[0]);
    db.pragma('user_version = 1');
    assert.equal(migrate(db), MIGRATIONS.length);
    assert.ok(db.prepare("SELECT name FROM sqlite_master WHERE name = 'oidc_models'").get());
    assert.equal(migrate(db), MIGRATIONS.length, 'idempotent');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    assert.throws(() => migrate(db), /newer than this backend/);
    db.close();
  });

  test('resetDemoData restores the demo state', async () => {
    const backend = await startTestBackend();
    try {
      const { tokens } = await signIn(backend);
      const summary = async () => (await (await api(backend, '/me/summary', { token: tokens.access_token })).json()).unread;
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
    const dataDir = tempDir();
    const first = await startTestBackend({ dataDir });
    const { tokens, jar } = await signIn(first, { username: 'chloe' });
    const jwksBefore = await (await fetch(`${first.issuer}/jwks`)).json();
    await first.close();

    const second = await startTestBackend({ dataDir, port: first.port });
    try {
      assert.equal(second.issuer, first.issuer);
      assert.deepEqual(await (await fetch(`${second.issuer}/jwks`)).json(), jwksBefore);
      assert.equal((await api(second, '/me', { token: tokens.access_token })).status, 200, 'access token still valid');
      const refreshed = await tokenRequest(second, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      const body = await refreshed.json();
      assert.equal(refreshed.status, 200, JSON.stringify(body));
      assert.equal(decodeJwt(body.access_token).payload.sub, decodeJwt(tokens.access_token).payload.sub);
      const again = await browse(jar, authorizeUrl(second, { challenge: pkce().challenge }));
      assert.equal(new URL(again.headers.get('location')).origin, SITE, 'still signed in at the provider');
    } finally {
      await second.close();
    }
  });
});
