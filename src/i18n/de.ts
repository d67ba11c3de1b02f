import type { Messages } from './nl.js';

export const de: Messages = {
  signIn: 'Anmelden',
  signOut: 'Abmelden',
  menu: 'Menü',
  mainNavigation: 'Hauptnavigation',
  homeLink: (name) => `${name}, zur Startseite`,
  externalLink: 'öffnet eine externe Website',
  newWindow: 'öffnet in einem neuen Fenster',
  closeAlert: 'Meldung schließen',
  alertVariant: { info: 'Information', success: 'Erfolg', warning: 'Warnung', error: 'Fehler' },
  signInUnavailable: 'Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.',
  sessionEnded: 'Sie sind abgemeldet.',
  signOutIncomplete:
    'Sie sind von dieser Website abgemeldet, aber der Anmeldeserver war nicht erreichbar. Schließen Sie Ihren Browser, wenn andere diesen Computer nutzen.',
};
