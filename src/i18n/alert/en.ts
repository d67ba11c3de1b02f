import type { AlertMessages } from './nl.js';

export const en: AlertMessages = {
  closeAlert: 'Close message',
  alertVariant: { info: 'Information', success: 'Success', warning: 'Warning', error: 'Error' },
  status: {
    'sign-in-unavailable': 'Signing in is not possible right now. Please try again later.',
    'session-ended': 'You are signed out.',
    'sign-out-incomplete':
      'You are signed out of this site, but the sign-in server could not be reached. Close your browser if others use this computer.',
  },
};
