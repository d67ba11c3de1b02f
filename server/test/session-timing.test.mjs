// Session timing (WCAG 2.2.1): a refresh token lives `sessionIdleTtl` unused, each refresh starts that time
// again up to the chain's absolute end (`refreshTokenTtl`), and every ID token says when the session ends
// (`session_expires_at`, the expiry of the refresh token issued with it).

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { refreshTokenLifetime } from '../dist/auth/provider.js';
import { decodeJwt, signIn, startTestBackend, tokenRequest } from './helpers.mjs';

/** The scope the header refreshes with: openid asks for a new ID token (offline_access is not asked again). */
const REFRESH_SCOPE = 'openid profile loket:profile';

const refresh = (backend, refreshToken, scope = REFRESH_SCOPE) =>
  tokenRequest(backend, { grant_type: 'refresh_token', refresh_token: refreshToken, ...(scope ? { scope } : {}) });

const idClaims = (tokens) => decodeJwt(tokens.id_token).payload;

/** Waits until the clock reaches the given epoch second. */
async function waitForEpochSecond(epochSecond) {
  while (Date.now() / 1000 < epochSecond) await sleep(50);
}

/** Waits until the epoch second has moved on at least `seconds` (the provider counts whole seconds). */
async function waitSeconds(seconds) {
  const start = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) < start + seconds) await sleep(50);
}

describe('refreshTokenLifetime', () => {
  const ttls = { sessionIdleTtl: 1800, refreshTokenTtl: 8 * 3600 };
  test('the idle timeout while the absolute end is further away', () => {
    assert.equal(refreshTokenLifetime({ iiat: 1000 }, ttls, 1000), 1800);
    assert.equal(refreshTokenLifetime({ iiat: 1000 }, ttls, 5000), 1800);
  });
  test('what is left of the chain near its absolute end, never less than 1 s', () => {
    assert.equal(refreshTokenLifetime({ iiat: 1000 }, ttls, 1000 + 8 * 3600 - 600), 600);
    assert.equal(refreshTokenLifetime({ iiat: 1000 }, ttls, 1000 + 8 * 3600 + 5), 1);
  });
  test('a first token (no iiat yet) counts from now', () => {
    assert.equal(refreshTokenLifetime({}, { sessionIdleTtl: 60, refreshTokenTtl: 30 }, 1000), 30);
  });
});

// Side by side: each test has a service of its own and spends its time waiting for a limit to pass.
describe('session_expires_at and the idle timeout', { concurrency: true }, () => {
  test('the code exchange says when the session ends; a refresh moves it forward', async (t) => {
    const backend = await startTestBackend({ sessionIdleTtl: 60 });
    t.after(() => backend.close());
    const { tokens } = await signIn(backend);
    const first = idClaims(tokens);
    assert.equal(typeof first.session_expires_at, 'number');
    assert.ok(Math.abs(first.session_expires_at - (first.iat + 60)) <= 1, `${first.session_expires_at} ≈ iat + 60`);

    await waitSeconds(2);
    const response = await refresh(backend, tokens.refresh_token);
    const renewed = await response.json();
    assert.equal(response.status, 200, JSON.stringify(renewed));
    assert.ok(renewed.id_token, 'a refresh with the openid scope issues a new ID token');
    const second = idClaims(renewed);
    assert.ok(second.session_expires_at >= first.session_expires_at + 2, 'the session end moved forward');
    assert.ok(Math.abs(second.session_expires_at - (second.iat + 60)) <= 1);
    assert.equal(second.sub, first.sub);
    assert.equal(renewed.scope, 'loket:profile', 'the access token is still for the profile API only');
  });

  test('a refresh without the openid scope issues no ID token (and no claim) but still extends', async (t) => {
    const backend = await startTestBackend({ sessionIdleTtl: 60 });
    t.after(() => backend.close());
    const { tokens } = await signIn(backend);
    const response = await refresh(backend, tokens.refresh_token, 'loket:profile');
    const renewed = await response.json();
    assert.equal(response.status, 200);
    assert.equal(renewed.id_token, undefined);
    assert.equal((await refresh(backend, renewed.refresh_token)).status, 200);
  });

  test('a refresh token left unused longer than sessionIdleTtl is refused', async (t) => {
    const backend = await startTestBackend({ sessionIdleTtl: 1 });
    t.after(() => backend.close());
    const { tokens } = await signIn(backend);
    await waitSeconds(2);
    const response = await refresh(backend, tokens.refresh_token);
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'invalid_grant');
  });

  // Timed from the token's own iat, not from when the test saw it: under load the sign-in's answer can arrive a
  // second late, and a wait counted from then left the refresh too little of a 3 s chain.
  test('refreshing never goes past the absolute end (refreshTokenTtl after the sign-in)', async (t) => {
    const chain = 6;
    const backend = await startTestBackend({ sessionIdleTtl: 60, refreshTokenTtl: chain });
    t.after(() => backend.close());
    const { tokens } = await signIn(backend);
    const first = idClaims(tokens);
    assert.ok(
      Math.abs(first.session_expires_at - (first.iat + chain)) <= 1,
      'capped at the absolute end from the start',
    );

    await waitForEpochSecond(first.iat + 2);
    const response = await refresh(backend, tokens.refresh_token);
    const renewed = await response.json();
    assert.equal(response.status, 200, JSON.stringify(renewed));
    assert.equal(
      idClaims(renewed).session_expires_at,
      first.session_expires_at,
      'a refresh does not move the absolute end',
    );

    await waitForEpochSecond(first.session_expires_at + 1);
    const late = await refresh(backend, renewed.refresh_token);
    assert.equal(late.status, 400);
    assert.equal((await late.json()).error, 'invalid_grant');
  });
});
