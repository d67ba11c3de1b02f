import type { AlertMessages } from './nl.js';

export const de: AlertMessages = {
  closeAlert: 'Meldung schließen',
  alertVariant: { info: 'Information', success: 'Erfolg', warning: 'Warnung', error: 'Fehler' },
  status: {
    'sign-in-unavailable': 'Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.',
    'session-ended': 'Sie sind abgemeldet.',
    'sign-out-incomplete':
      'Sie sind von dieser Website abgemeldet, aber der Anmeldeserver war nicht erreichbar. Schließen Sie Ihren Browser, wenn andere diesen Computer nutzen.',
  },
};
