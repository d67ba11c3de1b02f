import { isSafeUrl } from '../internal/url.js';
import type { ItemKind, ProfileItem, ProfileSummary } from '../model/profile.js';

const KINDS: readonly ItemKind[] = ['message', 'registered', 'dossier', 'document'];
const MAX_ITEMS = 20;
const MAX_TITLE = 300;

export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new MalformedResponseError(`summary: ${field} must be a number of 0 or more`);
  }
  return Math.floor(value);
}

function item(value: unknown): ProfileItem | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || !KINDS.includes(v.kind as ItemKind) || typeof v.title !== 'string') return undefined;
  if (typeof v.createdAt !== 'string' || typeof v.read !== 'boolean' || !isSafeUrl(v.href)) return undefined;
  const title = v.title.length > MAX_TITLE ? `${v.title.slice(0, MAX_TITLE - 1)}…` : v.title;
  return { id: v.id, kind: v.kind as ItemKind, title, createdAt: v.createdAt, href: v.href as string, read: v.read };
}

/**
 * Checks a `/me/summary` answer. The counts must be right or the whole answer is refused; a malformed or
 * unsafe item (e.g. a `javascript:` href) is left out.
 */
export function parseSummary(value: unknown): ProfileSummary {
  if (typeof value !== 'object' || value === null) throw new MalformedResponseError('summary: expected an object');
  const v = value as Record<string, unknown>;
  const unread = v.unread as Record<string, unknown> | undefined;
  if (typeof unread !== 'object' || unread === null)
    throw new MalformedResponseError('summary: unread must be an object');
  if (!Array.isArray(v.latest)) throw new MalformedResponseError('summary: latest must be an array');
  return {
    unread: {
      messages: count(unread.messages, 'unread.messages'),
      dossiers: count(unread.dossiers, 'unread.dossiers'),
      documents: count(unread.documents, 'unread.documents'),
    },
    latest: v.latest
      .slice(0, MAX_ITEMS)
      .map(item)
      .filter((i): i is ProfileItem => i !== undefined),
  };
}
