import { DEFAULT_LOCALE, type Locale } from '../locales.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl, type ProfileMessages } from './nl.js';

const tables: Record<Locale, ProfileMessages> = { nl, fr, en, de };

export type { ProfileMessages };

export function profileMessagesFor(locale: Locale): ProfileMessages {
  return tables[locale] ?? tables[DEFAULT_LOCALE];
}
