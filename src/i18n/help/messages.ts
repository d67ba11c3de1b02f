import { DEFAULT_LOCALE, type Locale } from '../locales.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl, type HelpMessages } from './nl.js';

const tables: Record<Locale, HelpMessages> = { nl, fr, en, de };

export type { HelpMessages };

export function helpMessagesFor(locale: Locale): HelpMessages {
  return tables[locale] ?? tables[DEFAULT_LOCALE];
}
