// The audit logbook's hash chain: each row carries the SHA-256 of the previous row's hash and its own canonical
// content; the first row's previous hash is GENESIS. Shared by the store (which appends) and the verifier.

import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** The columns a row's hash covers, as stored. */
export interface ChainedContent {
  id: number;
  at: string;
  client_ip: string | null;
  subject: string | null;
  on_behalf_of: string | null;
  resource: string;
  operation: string;
  outcome: string;
  request_id: string | null;
  /** the citizen whose data the request touched (users.id), when it names one: hashed only when set */
  concerns: string | null;
}

/** The hashed columns in their fixed order: what the store writes and the canonical form covers. */
export const CHAINED_COLUMNS = [
  'id',
  'at',
  'client_ip',
  'subject',
  'on_behalf_of',
  'resource',
  'operation',
  'outcome',
  'request_id',
  'concerns',
] as const satisfies readonly (keyof ChainedContent)[];

/** Columns added after the first rows were written: left out of the canonical form when null, so older rows keep their hashes. */
const ADDED_LATER: ReadonlySet<keyof ChainedContent> = new Set(['concerns']);

/** A fixed order, JSON-encoded: no two different rows have the same canonical form. */
export const canonical = (r: ChainedContent) =>
  JSON.stringify(
    CHAINED_COLUMNS.flatMap((column): (string | number | null)[] =>
      column === 'id' ? [Number(r.id)] : ADDED_LATER.has(column) && r[column] == null ? [] : [r[column]],
    ),
  );

export const chainHash = (prevHash: string, row: ChainedContent) =>
  createHash('sha256')
    .update(`${prevHash}\n${canonical(row)}`, 'utf8')
    .digest('hex');

/** What a checkpoint signs. */
export interface CheckpointPayload {
  lastId: number;
  lastHash: string;
  at: string;
}
