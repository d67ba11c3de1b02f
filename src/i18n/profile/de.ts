import type { ProfileMessages } from './nl.js';

export const de: ProfileMessages = {
  unread: (count) => `${count} ungelesen`,
  unreadItem: 'ungelesen',
  latest: 'Neu',
  nothingNew: 'Nichts Neues.',
  myLinks: 'Mein Bürgerportal',
  itemKind: { message: 'Nachricht', registered: 'Einschreiben', dossier: 'Antrag', document: 'Dokument' },
  loading: 'Wird geladen…',
  signOut: 'Abmelden',
  summaryUnavailable: 'Ihre Nachrichten können gerade nicht geladen werden. Wir versuchen es gleich erneut.',
  onBehalfOf: (name) => `im Namen von ${name}`,
  switchIdentity: 'Identität wechseln',
  myself: (name) => `${name} (ich selbst)`,
  partyKind: { person: 'Person', company: 'Unternehmen', association: 'Verein', organisation: 'Organisation' },
  /** The reference backend's pages, linked when the config gives no `links.application`. */
  defaultLinks: {
    messages: 'Meine Nachrichten',
    dossiers: 'Meine Anträge',
    documents: 'Meine Dokumente',
    data: 'Meine Daten',
  },
  sessionWarning: {
    title: 'Ihre Sitzung läuft bald ab',
    why: 'Zum Schutz Ihrer Daten werden Sie automatisch abgemeldet.',
    left: (amount) => `Sie haben noch ${amount}.`,
    minutes: (count) => (count === 1 ? '1 Minute' : `${count} Minuten`),
    seconds: (count) => `${count} Sekunden`,
    extend: 'Angemeldet bleiben',
    extending: 'Sitzung wird verlängert…',
    failed:
      'Ihre Sitzung konnte nicht verlängert werden. Versuchen Sie es erneut, oder melden Sie sich ab und wieder an.',
  },
};
