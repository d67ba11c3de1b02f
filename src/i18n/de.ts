import type { Messages } from './nl.js';

export const de: Messages = {
  signIn: 'Anmelden',
  menu: 'Menü',
  mainNavigation: 'Hauptnavigation',
  homeLink: (name) => `${name}, zur Startseite`,
  externalLink: 'öffnet eine externe Website',
  newWindow: 'öffnet in einem neuen Fenster',
};
