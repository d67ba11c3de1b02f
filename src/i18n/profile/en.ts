import type { ProfileMessages } from './nl.js';

export const en: ProfileMessages = {
  unread: (count) => `${count} unread`,
  unreadItem: 'unread',
  latest: 'Recent',
  nothingNew: 'Nothing new.',
  myLinks: 'My services',
  itemKind: { message: 'Message', registered: 'Registered letter', dossier: 'Application', document: 'Document' },
  loading: 'Loading…',
  summaryUnavailable: 'Your messages cannot be loaded right now. We will try again shortly.',
};
