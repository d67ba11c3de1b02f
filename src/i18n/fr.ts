import type { Messages } from './nl.js';

export const fr: Messages = {
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  menu: 'Menu',
  mainNavigation: 'Navigation principale',
  homeLink: (name) => `${name}, vers la page d’accueil`,
  externalLink: 'ouvre un site externe',
  newWindow: 'ouvre dans une nouvelle fenêtre',
  closeAlert: 'Fermer le message',
  alertVariant: { info: 'Information', success: 'Réussi', warning: 'Avertissement', error: 'Erreur' },
  signInUnavailable: 'La connexion est impossible pour le moment. Réessayez plus tard.',
  sessionEnded: 'Vous êtes déconnecté.',
  signOutIncomplete:
    'Vous êtes déconnecté de ce site, mais le serveur de connexion était injoignable. Fermez votre navigateur si d’autres utilisent cet ordinateur.',
};
