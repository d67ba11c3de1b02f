// The publish API's changes to what a citizen already has (issue 12): a PUT on an existing dossier replaces its
// title and link, status events set and clear its decision, and a message's validUntil ends its time in the
// citizen's lists, summary and unread counts. Runs on SQLite and PostgreSQL (run.ts).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { api, auditRows, browse, lastAuditId, signIn, startTestBackend } from './helpers.mjs';
import { call, clientToken, hostLogin, NRN } from './publish-helpers.mjs';

/** YYYY-MM-DD in Belgium, `days` from now */
const belgianDay = (days = 0) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now() + days * 86_400_000);

describe('the publish API changes what the citizen has', () => {
  let backend;
  let token;
  let anna;
  let annaId;
  before(async () => {
    backend = await startTestBackend({ publishRateLimit: 10_000 });
    token = await clientToken(backend);
    anna = (await signIn(backend, { username: 'anna' })).tokens.access_token;
    annaId = (await backend.store.userByUsername('anna')).id;
  });
  after(() => backend?.close());

  const annasDossier = async (id) =>
    (await (await api(backend, '/me/dossiers', { token: anna })).json()).items.find((d) => d.id === id);

  test('PUT on an existing dossier replaces its title and link (audited); the case type stays', async () => {
    const reference = `RN-${randomUUID()}`;
    const body = {
      citizen: { nationalRegisterNumber: NRN.anna },
      caseType: 'green-roof-premium',
      title: 'Premie groendak',
      status: 'received',
      href: 'https://eloket.lindegem.be/dossiers/1',
    };
    const created = await call(backend, token, 'PUT', `/dossiers/${reference}`, { json: body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    let mine = await annasDossier(created.body.id);
    assert.equal(mine.title, 'Premie groendak');
    assert.equal(mine.applicationHref, 'https://eloket.lindegem.be/dossiers/1');

    // the citizen opens it: read; a new title and link leave it read (no new status)
    const jar = await hostLogin(backend, 'anna');
    const page = await browse(jar, `${backend.issuer}/dossiers/${created.body.id}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /href="https:\/\/eloket\.lindegem\.be\/dossiers\/1"/);

    const before = await lastAuditId(backend);
    const updated = await call(backend, token, 'PUT', `/dossiers/${reference}`, {
      json: {
        ...body,
        title: { nl: 'Premie groendak en gevelgroen', en: 'Green roof and wall premium' },
        href: 'https://eloket.lindegem.be/dossiers/1?v=2',
      },
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.body, { id: created.body.id, reference, status: 'received' });
    mine = await annasDossier(created.body.id);
    assert.equal(mine.title, 'Premie groendak en gevelgroen');
    assert.equal(mine.applicationHref, 'https://eloket.lindegem.be/dossiers/1?v=2');
    assert.equal(mine.read, true, 'a new title is no new status');
    assert.equal(mine.history.length, 1);
    const rows = (await auditRows(backend, before)).filter((r) => r.resource.startsWith('/api/publish/dossiers'));
    assert.deepEqual(
      rows.map((r) => [r.subject, r.operation, r.outcome]),
      [['client:demo-eloket', 'publish', 'ok']],
    );
    // the store has the new title encrypted like the old one, and the summary shows it
    const summary = await (await api(backend, '/me/summary', { token: anna })).json();
    const item = summary.latest.find((i) => i.id === created.body.id);
    if (item) assert.equal(item.title, 'Premie groendak en gevelgroen');

    // a PUT without href: no link any more
    const withoutHref = { ...body };
    delete withoutHref.href;
    assert.equal((await call(backend, token, 'PUT', `/dossiers/${reference}`, { json: withoutHref })).status, 200);
    mine = await annasDossier(created.body.id);
    assert.equal(mine.applicationHref, undefined);
    assert.doesNotMatch(
      await (await browse(jar, `${backend.issuer}/dossiers/${created.body.id}`)).text(),
      /eloket\.lindegem/,
    );

    // the case type is the dossier's: another one is refused, naming the field
    const other = await call(backend, token, 'PUT', `/dossiers/${reference}`, {
      json: { ...withoutHref, caseType: 'parking-permit' },
    });
    assert.equal(other.status, 422);
    assert.equal(other.body.errors[0].pointer, '/caseType');
    assert.match(other.body.errors[0].detail, /green-roof-premium/);
  });

  test("status events set the dossier's decision: approved, closed keeps it, reopened clears it, rejected", async () => {
    const reference = `DC-${randomUUID()}`;
    const body = {
      citizen: { nationalRegisterNumber: NRN.anna },
      caseType: 'green-roof-premium',
      title: 'Premie',
      status: 'received',
    };
    const created = await call(backend, token, 'PUT', `/dossiers/${reference}`, { json: body });
    assert.equal(created.status, 201);
    const decision = async () => {
      const d = await annasDossier(created.body.id);
      return [d.status, d.decision];
    };
    assert.deepEqual(await decision(), ['received', undefined]);
    const event = (status) => call(backend, token, 'POST', `/dossiers/${reference}/events`, { json: { status } });
    assert.equal((await event('approved')).status, 201);
    assert.deepEqual(await decision(), ['decided', 'granted']);
    assert.equal((await event('closed')).status, 201);
    assert.deepEqual(await decision(), ['decided', 'granted'], 'closed keeps the decision');
    assert.equal((await event('in_progress')).status, 201);
    assert.deepEqual(await decision(), ['in_progress', undefined], 'reopened: no decision');
    // a status change by PUT is an event too
    assert.equal(
      (await call(backend, token, 'PUT', `/dossiers/${reference}`, { json: { ...body, status: 'rejected' } })).status,
      200,
    );
    assert.deepEqual(await decision(), ['decided', 'refused']);
  });

  test('a message with validUntil: shown through that day; a past or impossible date is refused', async () => {
    const message = (validUntil) =>
      call(backend, token, 'POST', '/messages', {
        json: { citizen: { nationalRegisterNumber: NRN.anna }, title: 'Afspraak', body: 'Tot dan.', validUntil },
      });
    const today = await message(belgianDay(0));
    assert.equal(today.status, 201, JSON.stringify(today.body));
    const listed = (await (await api(backend, '/me/messages', { token: anna })).json()).items.find(
      (m) => m.id === today.body.id,
    );
    assert.equal(listed?.validUntil, belgianDay(0));
    const summary = await (await api(backend, '/me/summary', { token: anna })).json();
    assert.equal(summary.latest[0].id, today.body.id);

    for (const [value, detail] of [
      [belgianDay(-1), /today or a later day/],
      ['2031-02-30', /a date that exists/],
    ]) {
      const refused = await message(value);
      assert.equal(refused.status, 422, value);
      assert.equal(refused.body.errors[0].pointer, '/validUntil');
      assert.match(refused.body.errors[0].detail, detail);
    }
    const badForm = await message('31/12/2031');
    assert.equal(badForm.status, 422);
    assert.equal(badForm.body.errors[0].pointer, '/validUntil');
  });

  test('an expired message leaves the lists, the summary and the unread counts; it still opens by id', async () => {
    const owner = { userId: annaId, partyId: null };
    const countsBefore = (await (await api(backend, '/me/summary', { token: anna })).json()).unread;
    const id = `msg_${randomUUID()}`;
    await backend.store.insertMessage({
      id,
      owner,
      kind: 'message',
      sender: 'Lindegem',
      title: 'Verlopen',
      body: 'Niet meer geldig.',
      // the newest of all, so the summary would show it first
      createdAt: new Date(Date.now() + 60_000).toISOString(),
      validUntil: belgianDay(-1),
    });
    const summary = await (await api(backend, '/me/summary', { token: anna })).json();
    assert.ok(!summary.latest.some((i) => i.id === id), 'not in the summary');
    assert.deepEqual(summary.unread, countsBefore, 'not counted');
    const list = await (await api(backend, '/me/messages', { token: anna })).json();
    assert.ok(!list.items.some((m) => m.id === id), 'not listed');
    assert.equal((await backend.store.message(owner, id))?.validUntil, belgianDay(-1));
    // valid through today: listed, counted, first in the summary
    const current = `msg_${randomUUID()}`;
    await backend.store.insertMessage({
      id: current,
      owner,
      kind: 'message',
      sender: 'Lindegem',
      title: 'Nog geldig',
      body: 'Vandaag nog.',
      createdAt: new Date(Date.now() + 60_000).toISOString(),
      validUntil: belgianDay(0),
    });
    const after = await (await api(backend, '/me/summary', { token: anna })).json();
    assert.equal(after.latest[0].id, current);
    assert.equal(after.unread.messages, countsBefore.messages + 1);
  });
});
