import type { AlertMessages } from './nl.js';

export const fr: AlertMessages = {
  closeAlert: 'Fermer le message',
  alertVariant: { info: 'Information', success: 'Réussi', warning: 'Avertissement', error: 'Erreur' },
  status: {
    'sign-in-unavailable': 'La connexion est impossible pour le moment. Réessayez plus tard.',
    'session-ended': 'Vous êtes déconnecté.',
    'sign-out-incomplete':
      'Vous êtes déconnecté de ce site, mais le serveur de connexion était injoignable. Fermez votre navigateur si d’autres utilisent cet ordinateur.',
  },
};
