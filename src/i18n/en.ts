import type { Messages } from './nl.js';

export const en: Messages = {
  signIn: 'Sign in',
  menu: 'Menu',
  mainNavigation: 'Main navigation',
  homeLink: (name) => `${name}, go to the home page`,
  externalLink: 'opens an external website',
  newWindow: 'opens in a new window',
};
