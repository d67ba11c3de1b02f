import type {
  Channel,
  ContactOption,
  EnrichedServicePoint,
  EnrichedServicePoints,
  ServicePoint,
  ServicePoints,
  Translatable,
} from '@govflanders/vl-widget-global-header-types';
import type { HelpOption, OpeningHours, TimeSlot, Weekday } from '../config/types.js';
import type { OnceReporter } from './report.js';
import { byLanguage, primaryVariant } from './translatable.js';

const METHOD = 'contact.setServicePoints';
/** The Flemish availability lists days Monday first, as ISO weeks do. */
const WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** `9:00`, `09:00` and `09:00:00` all become `09:00`; anything else is kept for validation to name. */
function clock(time: string): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(time);
  return match ? `${match[1].padStart(2, '0')}:${match[2]}` : time;
}

function openingHours(channel: Channel): OpeningHours | undefined {
  const days = channel.availability?.hours;
  if (!Array.isArray(days) || days.length === 0) return undefined;
  const hours: OpeningHours = {};
  days.slice(0, 7).forEach((slots, i) => {
    if (Array.isArray(slots) && slots.length > 0)
      hours[WEEK[i]] = slots.map((slot): TimeSlot => ({ from: clock(slot.from), to: clock(slot.to) }));
  });
  return hours;
}

/** One Flemish contact channel as a help option, or undefined (said once) when Loket cannot show it. */
function channelOption(channel: Channel, fallbackLabel: string, report: OnceReporter): HelpOption | undefined {
  const label = channel.name || fallbackLabel;
  const url = channel.url ?? '';
  const hours = openingHours(channel);
  const withHours = <T extends HelpOption>(option: T): T => (hours ? { ...option, hours } : option);
  if (channel.type === 'link-mobile' || url.startsWith('tel:')) {
    const number = url.startsWith('tel:') ? url.slice(4) : (channel.information ?? url);
    return withHours({ kind: 'phone', label, value: decodeURIComponent(number) });
  }
  if (url.startsWith('mailto:')) return { kind: 'email', label, value: decodeURIComponent(url.slice(7).split('?')[0]) };
  if (channel.type === 'location') {
    const address = channel.value?.address ?? channel.information;
    if (!address) return void report.note(METHOD, `a "location" channel without an address ("${label}") is left out`);
    return withHours({ kind: 'address', label, value: address });
  }
  if (!url)
    return void report.note(
      METHOD,
      `a "${channel.type}" channel without a url ("${label}") is left out: Loket links to chats and forms, it does not host them`,
    );
  return { kind: 'link', label, value: url };
}

function pointOptions(point: ServicePoint, report: OnceReporter): HelpOption[] {
  if (point.type === 'link' && 'href' in point) {
    const link = point as { label?: string; name?: string; href: string };
    return [{ kind: 'link', label: link.label ?? link.name ?? link.href, value: link.href }];
  }
  if ('contactGroupId' in point && !('channels' in point)) {
    report.note(
      METHOD,
      `Loket cannot look up contactGroupId "${point.contactGroupId}" in the Flemish contact directory; pass the contact option itself ({ label, channels })`,
    );
    return [];
  }
  const option = point as ContactOption;
  return (option.channels ?? [])
    .map((channel) => channelOption(channel, option.label ?? option.name, report))
    .filter((o): o is HelpOption => o !== undefined);
}

function pointsOptions(points: ServicePoints, report: OnceReporter): HelpOption[] {
  if (points.groupLabel) report.note(METHOD, 'Loket shows one list of help options; groupLabel is not shown');
  return [...(points.contextual ?? []), ...(points.defaults ?? [])].flatMap((point) => pointOptions(point, report));
}

/**
 * Flemish service points as Loket help options. Per-language service points become per-language labels when
 * every language lists the same options; otherwise the Dutch (else first) list is used and that is said once.
 */
export function toHelpOptions(value: Translatable<ServicePoints>, report: OnceReporter): HelpOption[] {
  const variants = byLanguage(value);
  if (!variants) return pointsOptions(value as ServicePoints, report);
  const lists = Object.entries(variants).map(
    ([language, points]) => [language, pointsOptions(points!, report)] as const,
  );
  const [, primary] = lists.find(([language]) => language === 'nl') ?? lists[0];
  const aligned = lists.every(
    ([, list]) =>
      list.length === primary.length &&
      list.every((o, i) => o.kind === primary[i].kind && o.value === primary[i].value),
  );
  if (!aligned) {
    report.note(METHOD, 'the languages list different service points; Loket shows the Dutch list in every language');
    return pointsOptions(primaryVariant(variants), report);
  }
  return primary.map((option, i) => ({
    ...option,
    label: Object.fromEntries(lists.map(([language, list]) => [language, list[i].label as string])),
  }));
}

/** What getServicePoints() answers: the points last set (references Loket cannot resolve left out). */
export function enrich(points: ServicePoints, report: OnceReporter): EnrichedServicePoints {
  const keep = (list: ServicePoint[] | null | undefined) =>
    (list ?? []).filter((point): point is EnrichedServicePoint => {
      const unresolved = 'contactGroupId' in point && !('channels' in point);
      if (unresolved)
        report.note(
          'contact.getServicePoints',
          'references by contactGroupId are not resolved by Loket and are left out',
        );
      return !unresolved;
    });
  return { ...points, contextual: keep(points.contextual), defaults: keep(points.defaults) };
}

/** The config's help options as Flemish service points, for a site that reads them before setting any. */
export function fromHelpOptions(
  options: HelpOption[],
  translate: (text: HelpOption['label']) => string,
): EnrichedServicePoints {
  const defaults = options.map((option, i): EnrichedServicePoint => {
    const label = translate(option.label);
    if (option.kind === 'link') return { type: 'link', label, href: option.value ?? '' };
    const channel: Channel =
      option.kind === 'phone'
        ? { name: label, type: 'link-mobile', icon: 'call', url: `tel:${option.value ?? ''}` }
        : option.kind === 'email'
          ? { name: label, type: 'link', icon: 'mail', url: `mailto:${option.value ?? ''}` }
          : { name: label, type: 'location', icon: 'location', information: option.value ?? '' };
    if (option.hours) {
      channel.availability = {
        remark: '',
        hours: WEEK.map((day) => (option.hours?.[day] ?? []).map((slot) => ({ from: slot.from, to: slot.to }))),
      };
    }
    return { key: `loket-help-${i}`, name: label, label, channels: [channel] };
  });
  return { contextual: [], defaults };
}
