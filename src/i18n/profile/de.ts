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
};
