import type { Messages } from './nl.js';

export const en: Messages = {
  signIn: 'Sign in',
  signOut: 'Sign out',
  menu: 'Menu',
  mainNavigation: 'Main navigation',
  homeLink: (name) => `${name}, go to the home page`,
  externalLink: 'opens an external website',
  newWindow: 'opens in a new window',
  closeAlert: 'Close message',
  alertVariant: { info: 'Information', success: 'Success', warning: 'Warning', error: 'Error' },
  signInUnavailable: 'Signing in is not possible right now. Please try again later.',
  sessionEnded: 'You are signed out.',
  signOutIncomplete:
    'You are signed out of this site, but the sign-in server could not be reached. Close your browser if others use this computer.',
};
