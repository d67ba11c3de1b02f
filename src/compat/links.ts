import type { ApplicationMenuLink, MainLink, Translatable } from '@govflanders/vl-widget-global-header-types';
import type { Link } from '../config/types.js';
import type { OnceReporter } from './report.js';
import { byLanguage, primaryVariant } from './translatable.js';

type FlemishLink = MainLink | ApplicationMenuLink;

function targetOf(link: FlemishLink, method: string, report: OnceReporter): Link['target'] {
  const target = link.target ?? undefined;
  if (target === undefined || target === '_blank' || target === '_self') return target;
  report.note(
    method,
    `Loket opens links in the same window or a new one ("_self" or "_blank"); target "${target}" is treated as "_self"`,
  );
  return '_self';
}

function external(link: FlemishLink): boolean | undefined {
  return 'isExternal' in link ? link.isExternal : undefined;
}

/**
 * A Flemish link (one, or one per language) as a Loket link: the label per language, one href (the Dutch
 * variant's, said once when the languages differ), `isExternal` as `external`. Shape problems are left to
 * Loket's config validation, which names the field.
 */
export function toLoketLink(value: Translatable<FlemishLink>, method: string, report: OnceReporter): Link {
  const variants = byLanguage(value);
  if (!variants) {
    const link = value as FlemishLink;
    const target = targetOf(link, method, report);
    if ('icon' in link && link.icon)
      report.note(method, 'Loket shows no e-desk icons beside links; the icon is left out');
    return { label: link.label, href: link.href, ...(external(link) && { external: true }), ...(target && { target }) };
  }
  const first = primaryVariant(variants);
  if (Object.values(variants).some((link) => link?.href !== first.href)) {
    report.note(method, "Loket keeps one href per link; the Dutch variant's href is used for every language");
  }
  const label = Object.fromEntries(Object.entries(variants).map(([language, link]) => [language, link!.label]));
  const target = targetOf(first, method, report);
  return { label, href: first.href, ...(external(first) && { external: true }), ...(target && { target }) };
}

/** A Loket link in the Flemish form, per language when its label is. */
export function toFlemishLink(link: Link): Translatable<MainLink> {
  const base = {
    href: link.href,
    ...(link.external && { isExternal: true }),
    ...(link.target && { target: link.target }),
  };
  if (typeof link.label === 'string') return { label: link.label, ...base };
  return Object.fromEntries(
    Object.entries(link.label).map(([language, label]) => [language, { label: label as string, ...base }]),
  );
}
