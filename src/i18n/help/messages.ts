import { textsFor } from '../locales.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl, type HelpMessages } from './nl.js';

export type { HelpMessages };

export const helpMessagesFor = textsFor<HelpMessages>({ nl, fr, en, de });
