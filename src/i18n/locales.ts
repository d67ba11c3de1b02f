export const LOCALES = ['nl', 'fr', 'en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'nl';

/** Maps any BCP 47 tag (`nl-BE`, `FR`, `de-AT`) onto a supported locale, or undefined. */
export function toLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : undefined;
}

/** The lookup of one set of texts (the header's, the help menu's, the profile menu's): the locale's table, else Dutch. */
export function textsFor<T>(tables: Record<Locale, T>): (locale: Locale) => T {
  return (locale) => tables[locale] ?? tables[DEFAULT_LOCALE];
}
