import type { HelpMessages } from './nl.js';

export const de: HelpMessages = {
  label: 'Hilfe nötig?',
  closed: 'Geschlossen',
  today: 'heute',
  openingHours: 'Öffnungszeiten',
  slot: (from, to) => `${from} bis ${to}`,
};
