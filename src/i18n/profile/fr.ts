import type { ProfileMessages } from './nl.js';

export const fr: ProfileMessages = {
  unread: (count) => `${count} non lu(s)`,
  unreadItem: 'non lu',
  latest: 'Récent',
  nothingNew: 'Rien de nouveau.',
  myLinks: 'Mon guichet',
  itemKind: { message: 'Message', registered: 'Envoi recommandé', dossier: 'Dossier', document: 'Document' },
  loading: 'Chargement…',
  signOut: 'Se déconnecter',
  summaryUnavailable: 'Vos messages ne peuvent pas être chargés pour le moment. Nous réessayons bientôt.',
  onBehalfOf: (name) => `au nom de ${name}`,
  switchIdentity: 'Changer d’identité',
  myself: (name) => `${name} (moi-même)`,
  partyKind: { person: 'Personne', company: 'Entreprise', association: 'Association', organisation: 'Organisation' },
  /** The reference backend's pages, linked when the config gives no `links.application`. */
  defaultLinks: { messages: 'Mes messages', dossiers: 'Mes dossiers', documents: 'Mes documents', data: 'Mes données' },
  sessionWarning: {
    title: 'Votre session expire bientôt',
    why: 'Pour protéger vos données, vous serez déconnecté automatiquement.',
    left: (amount) => `Il vous reste ${amount}.`,
    minutes: (count) => (count === 1 ? '1 minute' : `${count} minutes`),
    seconds: (count) => `${count} secondes`,
    extend: 'Rester connecté',
    extending: 'Prolongation de votre session…',
    failed: "Votre session n'a pas pu être prolongée. Réessayez, ou déconnectez-vous et reconnectez-vous.",
  },
};
