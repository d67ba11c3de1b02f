import type { ProfileMessages } from './nl.js';

export const de: ProfileMessages = {
  unread: (count) => `${count} ungelesen`,
  unreadItem: 'ungelesen',
  latest: 'Neu',
  nothingNew: 'Nichts Neues.',
  myLinks: 'Mein Bürgerportal',
  itemKind: { message: 'Nachricht', registered: 'Einschreiben', dossier: 'Antrag', document: 'Dokument' },
  loading: 'Wird geladen…',
  summaryUnavailable: 'Ihre Nachrichten können gerade nicht geladen werden. Wir versuchen es gleich erneut.',
  onBehalfOf: (name) => `im Namen von ${name}`,
  switchIdentity: 'Identität wechseln',
  myself: (name) => `${name} (ich selbst)`,
  partyKind: { person: 'Person', company: 'Unternehmen', association: 'Verein', organisation: 'Organisation' },
  /** The reference backend's pages, linked when the config gives no `links.application`. */
  defaultLinks: { messages: 'Meine Nachrichten', dossiers: 'Meine Anträge', documents: 'Meine Dokumente', data: 'Meine Daten' },
};
