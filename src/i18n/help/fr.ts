import type { HelpMessages } from './nl.js';

export const fr: HelpMessages = {
  label: 'Besoin d’aide ?',
  closed: 'Fermé',
  today: 'aujourd’hui',
  openingHours: 'Heures d’ouverture',
  slot: (from, to) => `de ${from} à ${to}`,
};
