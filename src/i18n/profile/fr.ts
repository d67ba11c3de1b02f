import type { ProfileMessages } from './nl.js';

export const fr: ProfileMessages = {
  unread: (count) => `${count} non lu(s)`,
  unreadItem: 'non lu',
  latest: 'Récent',
  nothingNew: 'Rien de nouveau.',
  myLinks: 'Mon guichet',
  itemKind: { message: 'Message', registered: 'Envoi recommandé', dossier: 'Dossier', document: 'Document' },
  loading: 'Chargement…',
  summaryUnavailable: 'Vos messages ne peuvent pas être chargés pour le moment. Nous réessayons bientôt.',
};
