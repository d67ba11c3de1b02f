import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl, type Messages } from './nl.js';
import { textsFor } from './locales.js';

export type { Messages };

/** The header's texts (in the drop-in). */
export const messagesFor = textsFor<Messages>({ nl, fr, en, de });
