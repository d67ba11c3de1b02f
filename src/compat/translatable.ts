import type { Language, Translatable } from '@govflanders/vl-widget-global-header-types';
import { LOCALES } from '../i18n/locales.js';

/**
 * The per-language form of a Flemish `Translatable<T>` (`{ nl: T, fr: T }`), or undefined when `value` is one
 * plain T. An object counts as per-language when every key is a language code.
 */
export function byLanguage<T>(value: Translatable<T>): Partial<Record<Language, T>> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => (LOCALES as readonly string[]).includes(key))
    ? (value as Partial<Record<Language, T>>)
    : undefined;
}

/** The Dutch (else the first) variant: for what Loket keeps once, not per language (an href, a colour). */
export function primaryVariant<T>(variants: Partial<Record<Language, T>>): T {
  return variants.nl ?? (Object.values(variants)[0] as T);
}
