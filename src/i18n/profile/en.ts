import type { ProfileMessages } from './nl.js';

export const en: ProfileMessages = {
  unread: (count) => `${count} unread`,
  unreadItem: 'unread',
  latest: 'Recent',
  nothingNew: 'Nothing new.',
  myLinks: 'My services',
  itemKind: { message: 'Message', registered: 'Registered letter', dossier: 'Application', document: 'Document' },
  loading: 'Loading…',
  signOut: 'Sign out',
  summaryUnavailable: 'Your messages cannot be loaded right now. We will try again shortly.',
  onBehalfOf: (name) => `on behalf of ${name}`,
  switchIdentity: 'Switch identity',
  myself: (name) => `${name} (myself)`,
  partyKind: { person: 'Person', company: 'Company', association: 'Association', organisation: 'Organisation' },
  /** The reference backend's pages, linked when the config gives no `links.application`. */
  defaultLinks: {
    messages: 'My messages',
    dossiers: 'My applications',
    documents: 'My documents',
    data: 'My personal data',
  },
  sessionWarning: {
    title: 'Your session is about to end',
    why: 'To protect your data, you will be signed out automatically.',
    left: (amount) => `You have ${amount} left.`,
    minutes: (count) => (count === 1 ? '1 minute' : `${count} minutes`),
    seconds: (count) => `${count} seconds`,
    extend: 'Stay signed in',
    extending: 'Extending your session…',
    failed: 'Your session could not be extended. Try again, or sign out and sign in again.',
  },
};
