import { textsFor } from '../locales.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl, type AlertMessages } from './nl.js';

export type { AlertMessages };

/** The sign-in and session messages the header shows in an alert. */
export type StatusCode = keyof AlertMessages['status'];

export const alertMessagesFor = textsFor<AlertMessages>({ nl, fr, en, de });
