import { LOCALES } from '../i18n/locales.js';
import { isSafeUrl } from '../internal/url.js';
import type { ConfigIssue, Translatable } from './types.js';

export const URL_FORM = 'an http(s) or relative URL';
const TEXT_FORM = 'a non-empty string, or an object with "nl", "fr", "en" or "de" strings';

/** A short, safe description of a bad value for an error message (never the whole value). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects issues while checking one config; each check returns the valid value or undefined. */
export class Checker {
  readonly issues: ConfigIssue[] = [];

  fail(path: string, expected: string, value: unknown): undefined {
    this.issues.push({ path, expected, received: describe(value) });
    return undefined;
  }

  object(path: string, value: unknown): Record<string, unknown> | undefined {
    return isRecord(value) ? value : this.fail(path, 'an object', value);
  }

  url(path: string, value: unknown): string | undefined {
    return isSafeUrl(value) ? value : this.fail(path, URL_FORM, value);
  }

  absoluteHttpUrl(path: string, value: unknown): string | undefined {
    if (typeof value === 'string' && /^https?:\/\/[^/\s]/i.test(value) && isSafeUrl(value)) return value;
    return this.fail(path, 'an absolute http(s) URL', value);
  }

  string(path: string, value: unknown, expected = 'a non-empty string'): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value : this.fail(path, expected, value);
  }

  boolean(path: string, value: unknown): boolean | undefined {
    return typeof value === 'boolean' ? value : this.fail(path, 'true or false', value);
  }

  oneOf<T extends string>(path: string, value: unknown, options: readonly T[]): T | undefined {
    return (options as readonly unknown[]).includes(value)
      ? (value as T)
      : this.fail(path, `one of ${options.map((o) => `"${o}"`).join(', ')}`, value);
  }

  text(path: string, value: unknown): Translatable<string> | undefined {
    if (typeof value === 'string') return value.trim() !== '' ? value : this.fail(path, TEXT_FORM, value);
    if (!isRecord(value)) return this.fail(path, TEXT_FORM, value);
    const result: Partial<Record<(typeof LOCALES)[number], string>> = {};
    for (const [key, text] of Object.entries(value)) {
      if (!(LOCALES as readonly string[]).includes(key)) {
        this.fail(`${path}.${key}`, 'a language key "nl", "fr", "en" or "de"', key);
      } else if (typeof text === 'string' && text.trim() !== '') {
        result[key as (typeof LOCALES)[number]] = text;
      } else {
        this.fail(`${path}.${key}`, 'a non-empty string', text);
      }
    }
    return Object.keys(result).length > 0 ? result : this.fail(path, TEXT_FORM, value);
  }

  unknownKeys(path: string, value: Record<string, unknown>, known: readonly string[]) {
    for (const key of Object.keys(value)) {
      if (!known.includes(key))
        this.fail(path ? `${path}.${key}` : key, `no such field (known: ${known.join(', ')})`, value[key]);
    }
  }
}

/** One line per issue, naming the field and the expected form. */
export function formatIssues(issues: ConfigIssue[]): string {
  return issues.map((i) => `- ${i.path}: expected ${i.expected}; got ${i.received}`).join('\n');
}
