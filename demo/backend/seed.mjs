// Demo data: four citizens (password "demo"), with every kind of item for anna and a little for the others;
// jan may also act for his daughter and for his bakery (identities), each with items of their own.
// Dates are relative to the moment of seeding, so the demo always looks recent. Ids are stable and opaque.

import { createHash } from 'node:crypto';
import { hashPassword } from './passwords.mjs';

export const DEMO_PASSWORD = 'demo';

/** A stable opaque id: the same seed key always gives the same id, which tells nothing about its owner. */
export function stableId(prefix, key) {
  return `${prefix}_${createHash('sha256').update(`loket-demo:${prefix}:${key}`).digest('base64url').slice(0, 16)}`;
}

export const DEMO_USERS = Object.freeze([
  { id: '4f6c1a2e-9b3d-4e57-8a10-6d2c7b9e0f31', username: 'anna', givenName: 'Anna', familyName: 'Peeters', language: 'nl' },
  { id: 'b82e5d47-1c6a-4f09-9e3b-5a7d8c2f4e16', username: 'bart', givenName: 'Bart', familyName: 'Claes', language: null },
  { id: 'e1d9a6c3-7f25-4b8e-b0c4-93f1a2d6e857', username: 'chloe', givenName: 'Chloé', familyName: 'Dubois', language: 'fr' },
  { id: '7c3e9b12-5d48-4a6f-9e21-0b8d4f6a2c95', username: 'jan', givenName: 'Jan', familyName: 'Peeters', language: 'nl' },
]);

/**
 * Whom demo citizens may act for. `key` seeds the party's and the mandate's ids; the mandate's id is the
 * identity's login hint. A child is named, never identified by a national register number.
 */
export const DEMO_PARTIES = Object.freeze([
  { key: 'jan-lotte', username: 'jan', kind: 'person', name: 'Lotte Peeters' },
  { key: 'jan-bakery', username: 'jan', kind: 'company', name: 'Bakkerij Peeters BV', identifier: 'BE0765432146' },
].map((party) => Object.freeze({ ...party, id: stableId('pty', party.key), loginHint: stableId('idn', party.key) })));


const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

function content(now) {
  const ago = (ms) => new Date(now - ms).toISOString();
  const inDays = (days) => new Date(now + days * DAY).toISOString().slice(0, 10);
  const [anna, bart, chloe, jan] = DEMO_USERS;
  const [lotte, bakery] = DEMO_PARTIES;
  return {
    messages: [
      {
        key: 'anna-1', user: anna, kind: 'registered', sender: 'Dienst Financiën', created: ago(5 * HOUR),
        title: 'Aangetekende brief: beslissing over je bezwaarschrift',
        body: 'Het college van burgemeester en schepenen heeft over je bezwaarschrift tegen de belasting op tweede verblijven beslist. Je vindt de beslissing in je documenten.',
      },
      {
        key: 'anna-2', user: anna, kind: 'message', sender: 'Dienst Afval', created: ago(3 * DAY),
        title: 'Je afvalkalender voor volgend jaar staat klaar',
        body: 'De nieuwe afvalkalender voor de Lindestraat staat online. De ophaling van het restafval verschuift naar dinsdag.',
      },
      {
        key: 'anna-3', user: anna, kind: 'message', sender: 'Dienst Burgerzaken', created: ago(9 * DAY),
        title: 'Herinnering: je identiteitskaart vervalt binnenkort',
        body: 'Je identiteitskaart vervalt over anderhalve maand. Maak een afspraak aan het loket om een nieuwe aan te vragen.',
      },
      {
        key: 'anna-4', user: anna, kind: 'message', sender: 'Onthaal', created: ago(20 * DAY), read: ago(19 * DAY),
        title: 'Bevestiging van je afspraak aan het loket',
        body: 'Je afspraak aan het loket Burgerzaken is bevestigd. Breng je identiteitskaart mee.',
      },
      {
        key: 'bart-1', user: bart, kind: 'message', sender: 'Dienst Mobiliteit', created: ago(6 * DAY), read: ago(5 * DAY),
        title: 'Wegenwerken in je straat vanaf maandag',
        body: 'Vanaf maandag wordt de Kerkstraat heraangelegd. Je woning blijft bereikbaar te voet.',
      },
      {
        key: 'chloe-1', user: chloe, kind: 'message', sender: 'Service Déchets', created: ago(2 * DAY),
        title: 'Votre calendrier des collectes est disponible',
        body: 'Le nouveau calendrier des collectes des déchets est en ligne.',
      },
      {
        key: 'jan-1', user: jan, kind: 'message', sender: 'Dienst Burgerzaken', created: ago(4 * DAY),
        title: 'Je nieuwe identiteitskaart ligt klaar',
        body: 'Je nieuwe identiteitskaart ligt klaar aan het loket Burgerzaken. Breng je oude kaart en je uitnodigingsbrief mee.',
      },
      {
        key: 'jan-lotte-1', user: jan, party: lotte, kind: 'message', sender: 'Academie voor Muziek en Woord', created: ago(6 * DAY), read: ago(5 * DAY),
        title: 'Inschrijving voor de notenleer bevestigd',
        body: 'De inschrijving van Lotte voor de notenleer op woensdagmiddag is bevestigd.',
      },
      {
        key: 'jan-bakery-1', user: jan, party: bakery, kind: 'registered', sender: 'Dienst Economie', created: ago(3 * HOUR),
        title: 'Aangetekende brief: je terrasvergunning voor de Markt',
        body: 'Het college heeft je aanvraag voor een terras op de Markt goedgekeurd, van 1 april tot 30 september.',
      },
      {
        key: 'jan-bakery-2', user: jan, party: bakery, kind: 'message', sender: 'Dienst Economie', created: ago(2 * DAY),
        title: 'Bakkerij: nieuwe regels voor laden en lossen op de Markt',
        body: 'Vanaf volgende maand mag er op de Markt alleen tussen 6 en 10 uur geladen en gelost worden.',
      },
    ],
    dossiers: [
      {
        key: 'anna-1', user: anna, reference: 'OMV-2026-0142', title: 'Omgevingsvergunning: bouwen van een carport',
        status: 'in_progress', read: ago(20 * DAY),
        events: [
          { status: 'received', at: ago(30 * DAY), note: 'Aanvraag ontvangen via het omgevingsloket.' },
          { status: 'in_progress', at: ago(2 * DAY), note: 'Het openbaar onderzoek is gestart.' },
        ],
      },
      {
        key: 'anna-2', user: anna, reference: 'PARK-2026-0318', title: 'Bewonerskaart parkeren zone B',
        status: 'decided', decision: 'granted', read: ago(34 * DAY),
        events: [
          { status: 'received', at: ago(40 * DAY) },
          { status: 'in_progress', at: ago(38 * DAY) },
          { status: 'decided', at: ago(35 * DAY), note: 'Toegekend.' },
        ],
      },
      {
        key: 'anna-3', user: anna, reference: 'MEL-2026-1107', title: 'Melding: defecte straatverlichting',
        status: 'received',
        events: [{ status: 'received', at: ago(26 * HOUR) }],
      },
      {
        key: 'bart-1', user: bart, reference: 'EVT-2026-0077', title: 'Evenementenvergunning: buurtfeest',
        status: 'received',
        events: [{ status: 'received', at: ago(4 * DAY) }],
      },
      {
        key: 'jan-bakery-1', user: jan, party: bakery, reference: 'TER-2026-0031', title: 'Terrasvergunning Markt 7',
        status: 'decided', decision: 'granted',
        events: [
          { status: 'received', at: ago(21 * DAY) },
          { status: 'in_progress', at: ago(14 * DAY) },
          { status: 'decided', at: ago(3 * HOUR + 60 * 1000), note: 'Toegekend van 1 april tot 30 september.' },
        ],
      },
    ],
    documents: [
      {
        key: 'anna-1', user: anna, type: 'certificate', title: 'Attest van woonst', file: 'attest-van-woonst.pdf',
        created: ago(2 * DAY),
      },
      {
        key: 'anna-2', user: anna, type: 'decision', title: 'Beslissing over je bezwaarschrift', file: 'beslissing-bezwaarschrift.pdf',
        created: ago(5 * HOUR + 60 * 1000), read: ago(5 * HOUR),
      },
      {
        key: 'anna-3', user: anna, type: 'permit', title: 'Bewonerskaart parkeren zone B', file: 'bewonerskaart-zone-b.pdf',
        created: ago(35 * DAY), read: ago(34 * DAY), validUntil: inDays(330),
      },
      {
        key: 'anna-4', user: anna, type: 'certificate', title: 'Uittreksel gezinssamenstelling', file: 'gezinssamenstelling.pdf',
        created: ago(60 * DAY), read: ago(59 * DAY),
      },
      {
        key: 'chloe-1', user: chloe, type: 'certificate', title: 'Certificat de résidence', file: 'certificat-de-residence.pdf',
        created: ago(12 * DAY),
      },
      {
        key: 'jan-bakery-1', user: jan, party: bakery, type: 'permit', title: 'Terrasvergunning Markt 7', file: 'terrasvergunning-markt-7.pdf',
        created: ago(3 * HOUR), validUntil: inDays(200),
      },
    ],
    facts: [
      { key: 'anna-address', user: anna, kind: 'address', label: 'Domicilieadres', value: 'Lindestraat 12, 9999 Lindegem' },
      { key: 'anna-parking', user: anna, kind: 'parking-card', label: 'Bewonerskaart parkeren', value: 'Zone B, 1-ABC-123', validUntil: inDays(330) },
      { key: 'anna-id-card', user: anna, kind: 'identity-card', label: 'Identiteitskaart', value: 'Geldig', validUntil: inDays(45) },
      { key: 'anna-household', user: anna, kind: 'household', label: 'Gezinssamenstelling', value: '2 personen' },
      { key: 'bart-address', user: bart, kind: 'address', label: 'Domicilieadres', value: 'Kerkstraat 3, 9999 Lindegem' },
      { key: 'chloe-address', user: chloe, kind: 'address', label: 'Adresse de domicile', value: 'Rue de la Gare 7, 9999 Lindegem' },
      { key: 'jan-address', user: jan, kind: 'address', label: 'Domicilieadres', value: 'Markt 7, 9999 Lindegem' },
      { key: 'jan-lotte-address', user: jan, party: lotte, kind: 'address', label: 'Domicilieadres', value: 'Markt 7, 9999 Lindegem' },
      { key: 'jan-bakery-seat', user: jan, party: bakery, kind: 'registered-office', label: 'Maatschappelijke zetel', value: 'Markt 7, 9999 Lindegem' },
      { key: 'jan-bakery-number', user: jan, party: bakery, kind: 'company-number', label: 'Ondernemingsnummer', value: bakery.identifier },
    ],
  };
}

/**
 * Deletes every citizen (and, by cascade, their data, corrections and host sessions) and inserts the demo
 * data again. The audit log and the provider's state are kept unless `clearAudit` / `clearOidc` is set.
 */
export async function resetDemoData(db, { now = Date.now(), clearAudit = false, clearOidc = false } = {}) {
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const data = content(now);
  const created = new Date(now - 400 * DAY).toISOString();
  db.transaction(() => {
    db.prepare('DELETE FROM users').run();
    db.prepare('DELETE FROM parties').run();
    if (clearAudit) db.prepare('DELETE FROM audit_log').run();
    if (clearOidc) db.prepare('DELETE FROM oidc_models').run();
    const user = db.prepare(`INSERT INTO users (id, username, password_hash, given_name, family_name, language, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    DEMO_USERS.forEach((u, i) => user.run(u.id, u.username, hashes[i], u.givenName, u.familyName, u.language, created));

    const party = db.prepare('INSERT INTO parties (id, kind, name, identifier) VALUES (?, ?, ?, ?)');
    const mandate = db.prepare('INSERT INTO mandates (id, user_id, party_id, position) VALUES (?, ?, ?, ?)');
    DEMO_PARTIES.forEach((p, i) => {
      party.run(p.id, p.kind, p.name, p.identifier ?? null);
      mandate.run(p.loginHint, DEMO_USERS.find((u) => u.username === p.username).id, p.id, i);
    });

    const message = db.prepare(`INSERT INTO messages (id, user_id, party_id, kind, sender, title, body, created_at, read_at, acknowledged_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const m of data.messages) {
      message.run(stableId('msg', m.key), m.user.id, m.party?.id ?? null, m.kind, m.sender, m.title, m.body, m.created, m.read ?? null,
        m.kind === 'registered' ? (m.read ?? null) : null);
    }

    const dossier = db.prepare(`INSERT INTO dossiers (id, user_id, party_id, reference, title, status, decision, created_at, updated_at, read_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const event = db.prepare('INSERT INTO dossier_events (dossier_id, status, at, note) VALUES (?, ?, ?, ?)');
    for (const d of data.dossiers) {
      const id = stableId('dos', d.key);
      dossier.run(id, d.user.id, d.party?.id ?? null, d.reference, d.title, d.status, d.decision ?? null, d.events[0].at, d.events.at(-1).at, d.read ?? null);
      for (const e of d.events) event.run(id, e.status, e.at, e.note ?? null);
    }

    const document = db.prepare(`INSERT INTO documents (id, user_id, party_id, document_type, title, file_name, created_at, valid_until, read_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const d of data.documents) {
      document.run(stableId('doc', d.key), d.user.id, d.party?.id ?? null, d.type, d.title, d.file, d.created, d.validUntil ?? null, d.read ?? null);
    }

    const fact = db.prepare('INSERT INTO facts (id, user_id, party_id, kind, label, value, valid_until, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    data.facts.forEach((f, i) => fact.run(stableId('fact', f.key), f.user.id, f.party?.id ?? null, f.kind, f.label, f.value, f.validUntil ?? null, i));
  })();
}

/** Seeds when there are no citizens yet (a new data directory). */
export async function seedIfEmpty(db) {
  const { n } = db.prepare('SELECT count(*) AS n FROM users').get();
  if (n === 0) await resetDemoData(db);
  return n === 0;
}
