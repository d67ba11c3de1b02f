import type { HelpMessages } from './nl.js';

export const en: HelpMessages = {
  label: 'Need help?',
  closed: 'Closed',
  today: 'today',
  openingHours: 'Opening hours',
  slot: (from, to) => `${from} to ${to}`,
};
