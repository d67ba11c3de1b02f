// The supplier example (examples/supplier/publish.mjs) end to end against a started service: it publishes,
// anna acknowledges the letter through its page's form, the example verifies the receipt with /jwks.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, signIn, api, startTestBackend } from './helpers.mjs';
import { acknowledgeOnPage, hostLogin } from './publish-helpers.mjs';

test('examples/supplier publishes; anna acknowledges on the letter page; the receipt verifies', async () => {
  const backend = await startTestBackend();
  try {
    const child = spawn(process.execPath, [path.join(ROOT, 'examples', 'supplier', 'publish.mjs')], {
      env: { ...process.env, LOKET_URL: backend.url, LOKET_WAIT_SECONDS: '60', LOKET_POLL_MS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const letterPage = await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /LETTER_PAGE (\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`the example ended before sending the letter:\n${out}\n${err}`)));
    });
    const letterId = letterPage.split('/').at(-1);
    const anna = (await signIn(backend, { username: 'anna' })).tokens.access_token;
    const summary = await (await api(backend, '/me/messages', { token: anna })).json();
    assert.ok(summary.items.some((m) => m.id === letterId && m.sender === 'Demo e-loket' && m.kind === 'registered'));
    await acknowledgeOnPage(backend, await hostLogin(backend, 'anna'), letterId);
    assert.equal(await exited, 0, `${out}\n${err}`);
    assert.match(out, /RECEIPT_VERIFIED/);
    assert.match(out, /dossier GR-\d+: approved/);
  } finally {
    await backend.close();
  }
});
