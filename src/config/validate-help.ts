import { Checker, formatIssues } from './checker.js';
import {
  HELP_KINDS,
  WEEKDAYS,
  type ConfigIssue,
  type HelpOption,
  type LoketConfig,
  type OpeningHours,
} from './types.js';

// The help menu's checks live apart from the rest: the drop-in only checks the shape of `help` (see
// validate-core.ts), and the help module, loaded when there are options, checks them before it shows them.

const TIME_FORM = 'a 24-hour time "HH:MM"';
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** What a help option's `value` must look like, per kind (link: a URL; address: any text). */
const HELP_VALUES: Partial<Record<HelpOption['kind'], [RegExp, string]>> = {
  phone: [/^[\d\s+()./-]*\d[\d\s+()./-]*$/, 'a phone number: digits, spaces, + ( ) - . /'],
  email: [/^[^\s@]+@[^\s@]+$/, 'an e-mail address, such as "info@gemeente.be"'],
};

/** Opening hours: `{ mon: [{ from: "09:00", to: "12:30" }], ... }`; bad days and periods are left out. */
function checkHours(c: Checker, path: string, value: unknown): OpeningHours | undefined {
  const h = c.object(path, value);
  if (!h) return undefined;
  c.unknownKeys(path, h, WEEKDAYS);
  const hours: OpeningHours = {};
  for (const day of WEEKDAYS) {
    const slots = h[day];
    if (slots === undefined) continue;
    if (!Array.isArray(slots)) {
      c.fail(`${path}.${day}`, 'an array of { from, to }', slots);
      continue;
    }
    hours[day] = slots.filter((slot, i) => {
      const at = `${path}.${day}[${i}]`;
      const s = c.object(at, slot);
      const from = s && (TIME.test(s.from as string) ? (s.from as string) : c.fail(`${at}.from`, TIME_FORM, s.from));
      const to = s && (TIME.test(s.to as string) ? (s.to as string) : c.fail(`${at}.to`, TIME_FORM, s.to));
      if (from && to && from >= to) c.fail(at, '"from" before "to"', `${from} to ${to}`);
      return from && to && from < to;
    });
  }
  return hours;
}

export function checkHelp(c: Checker, value: unknown): LoketConfig['help'] {
  const h = c.object('help', value);
  if (!h) return undefined;
  c.unknownKeys('help', h, ['label', 'options']);
  const label = h.label === undefined ? undefined : c.text('help.label', h.label);
  if (!Array.isArray(h.options)) return c.fail('help.options', 'an array of { kind, label, value, hours }', h.options);
  const options = h.options
    .map((item, i): HelpOption | undefined => {
      const path = `help.options[${i}]`;
      const o = c.object(path, item);
      if (!o) return undefined;
      c.unknownKeys(path, o, ['kind', 'label', 'value', 'hours']);
      const kind = c.oneOf(`${path}.kind`, o.kind, HELP_KINDS);
      const optionLabel = c.text(`${path}.label`, o.label);
      const [pattern, form] = (kind && HELP_VALUES[kind]) || [/\S/, 'a non-empty string'];
      const optionValue =
        kind === 'hours'
          ? (o.value === undefined || c.fail(`${path}.value`, 'nothing (hours go in "hours")', o.value), true)
          : kind === 'link'
            ? c.url(`${path}.value`, o.value)
            : typeof o.value === 'string' && pattern.test(o.value)
              ? o.value
              : c.fail(`${path}.value`, form, o.value);
      const hours =
        o.hours !== undefined
          ? checkHours(c, `${path}.hours`, o.hours)
          : kind === 'hours'
            ? c.fail(`${path}.hours`, 'opening hours, such as { mon: [{ from: "09:00", to: "12:30" }] }', o.hours)
            : undefined;
      if (!kind || !optionLabel || !optionValue || (kind === 'hours' && !hours)) return undefined;
      return {
        kind,
        label: optionLabel,
        ...(typeof optionValue === 'string' && { value: optionValue }),
        ...(hours && { hours }),
      };
    })
    .filter((o): o is HelpOption => o !== undefined);
  return { ...(label && { label }), options };
}

/** Checks the `help` field alone: the valid options, and one issue per bad field (paths start at `help`). */
export function validateHelp(input: unknown): { help?: LoketConfig['help']; issues: ConfigIssue[] } {
  const c = new Checker();
  const help = checkHelp(c, input);
  return { help, issues: c.issues };
}

export { formatIssues };
