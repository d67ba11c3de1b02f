import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.js';
import type { Translatable } from './types.js';

/** Picks the text for `locale`, falling back to Dutch, then to the first language given. */
export function translate(value: Translatable<string> | undefined, locale: Locale): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return value[locale] ?? value[DEFAULT_LOCALE] ?? Object.values(value).find((v) => typeof v === 'string');
}
