import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl, type Messages } from './nl.js';
import { DEFAULT_LOCALE, type Locale } from './locales.js';

const tables: Record<Locale, Messages> = { nl, fr, en, de };

export type { Messages };

export function messagesFor(locale: Locale): Messages {
  return tables[locale] ?? tables[DEFAULT_LOCALE];
}
