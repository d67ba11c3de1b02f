import type { Messages } from './nl.js';

export const fr: Messages = {
  signIn: 'Se connecter',
  menu: 'Menu',
  mainNavigation: 'Navigation principale',
  homeLink: (name) => `${name}, vers la page d’accueil`,
  externalLink: 'ouvre un site externe',
  newWindow: 'ouvre dans une nouvelle fenêtre',
};
