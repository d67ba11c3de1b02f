// The consultant's search of the audit logbook (/audit): the form's fields checked and turned into the store's
// AuditQuery. A citizen is given by national register number and found through its blind index (the store's
// lookup): the search then finds every row whose actor or "concerns" is that citizen. Errors name the field.

import { isIP } from 'node:net';
import { OUTCOMES, type Outcome } from '../audit/audit-log.js';
import { staffSubject, type StaffRegistry } from '../staff/registry.js';
import type { AuditQuery, Store } from '../store/store.js';
import { isNationalRegisterNumber } from './publish.js';

export const AUDIT_SEARCH_FIELDS = ['from', 'to', 'actor', 'nrn', 'ip', 'operation', 'outcome'] as const;
export type AuditSearchField = (typeof AUDIT_SEARCH_FIELDS)[number];

/** What went wrong with a field (the page words it in the page's language). */
export type AuditSearchError = 'date' | 'range' | 'nrn' | 'nrn-unknown' | 'ip' | 'operation' | 'text' | 'outcome';

export interface AuditSearch {
  /** the form's values as given (trimmed), to show again */
  values: Partial<Record<AuditSearchField, string>>;
  /** the store's query, without paging; undefined when a field is wrong */
  query?: Omit<AuditQuery, 'limit' | 'beforeId' | 'afterId' | 'newestFirst'>;
  /** the citizen found by national register number (users.id): the search rows "concern" them */
  citizenId?: string;
  errors: Partial<Record<AuditSearchField, AuditSearchError>>;
  /** true when any field is filled in */
  filtered: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD) as the ISO time of its start (UTC), or undefined. */
function dayStart(value: string): Date | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

export function createAuditSearch(store: Pick<Store, 'userByNationalRegisterNumber'>, staff: StaffRegistry) {
  return async function parse(input: Record<string, unknown>): Promise<AuditSearch> {
    const values: AuditSearch['values'] = {};
    for (const field of AUDIT_SEARCH_FIELDS) {
      const raw = input[field];
      const value = typeof raw === 'string' ? raw.trim() : '';
      if (value) values[field] = value.slice(0, 1000);
    }
    const errors: AuditSearch['errors'] = {};
    const query: NonNullable<AuditSearch['query']> = {};
    let citizenId: string | undefined;

    const from = values.from === undefined ? undefined : dayStart(values.from);
    const to = values.to === undefined ? undefined : dayStart(values.to);
    if (values.from !== undefined && !from) errors.from = 'date';
    if (values.to !== undefined && !to) errors.to = 'date';
    if (from && to && to < from) errors.to = 'range';
    if (from) query.from = from.toISOString();
    // "up to and including" a day: before the start of the next
    if (to) query.to = new Date(to.getTime() + 24 * 3600 * 1000).toISOString();

    if (values.actor !== undefined) {
      if (values.actor.length > 200 || [...values.actor].some((c) => c < ' ')) errors.actor = 'text';
      // a staff member may be named by username: their rows say staff:<id>
      const member = staff.byUsername(values.actor.toLowerCase());
      query.subject = member ? staffSubject(member.id) : values.actor;
    }
    if (values.nrn !== undefined) {
      const digits = values.nrn.replace(/[\s.-]/g, '');
      if (!isNationalRegisterNumber(digits)) errors.nrn = 'nrn';
      else {
        const user = await store.userByNationalRegisterNumber(digits);
        if (!user) errors.nrn = 'nrn-unknown';
        else {
          citizenId = user.id;
          query.subjectOrConcerns = user.id;
        }
      }
    }
    if (values.ip !== undefined) {
      if (!isIP(values.ip)) errors.ip = 'ip';
      else query.clientIp = values.ip;
    }
    if (values.operation !== undefined) {
      if (!/^[A-Za-z0-9-]{1,64}$/.test(values.operation)) errors.operation = 'operation';
      else query.operation = values.operation;
    }
    if (values.outcome !== undefined) {
      if (!OUTCOMES.includes(values.outcome as Outcome)) errors.outcome = 'outcome';
      else query.outcome = values.outcome as Outcome;
    }
    const ok = Object.keys(errors).length === 0;
    return {
      values,
      errors,
      filtered: Object.keys(values).length > 0,
      ...(ok ? { query } : {}),
      ...(ok && citizenId ? { citizenId } : {}),
    };
  };
}

export type AuditSearchParser = ReturnType<typeof createAuditSearch>;
