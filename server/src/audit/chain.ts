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

/** A fixed order, JSON-encoded: no two different rows have the same canonical form. */
export const canonical = (r: ChainedContent) =>
  JSON.stringify([
    Number(r.id),
    r.at,
    r.client_ip,
    r.subject,
    r.on_behalf_of,
    r.resource,
    r.operation,
    r.outcome,
    r.request_id,
    // added later: absent from the canonical form when null, so rows written before it keep their hashes
    ...(r.concerns == null ? [] : [r.concerns]),
  ]);

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
