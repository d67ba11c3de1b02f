import { textsFor } from '../locales.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl, type ProfileMessages } from './nl.js';

export type { ProfileMessages };

export const profileMessagesFor = textsFor<ProfileMessages>({ nl, fr, en, de });
