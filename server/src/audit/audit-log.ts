// The audit log: one row per access to personal data and per security event. Rows name who (the opaque
// subject when known, and the opaque id of the party they acted for, if any), what (the request path: ids
// only, no query string), how (the operation), the outcome and the request id of the log line. Never the
// data itself, never a token, never a typed username or password.

import type { AuditEntry, Store } from '../store/store.js';

export type Outcome = AuditEntry['outcome'];
export const OUTCOMES: readonly Outcome[] = Object.freeze(['ok', 'denied', 'not_found', 'invalid', 'error']);

export function outcomeForStatus(status: number): Outcome {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  if (status === 404) return 'not_found';
  if (status < 500) return 'invalid';
  return 'error';
}

/** What the HTTP layer knows of a request: its address and id. */
export interface RequestFacts {
  ip: string | undefined;
  id: string;
}

export interface AuditFields {
  subject?: string | null;
  onBehalfOf?: string | null;
  /** the citizen whose data the request touched (users.id), when known */
  concerns?: string | null;
  resource: string;
  operation: string;
  outcome: Outcome;
}

export type AuditLog = (request: RequestFacts, fields: AuditFields) => Promise<void>;

export function createAuditLog(store: Store): AuditLog {
  return (request, { subject = null, onBehalfOf = null, concerns = null, resource, operation, outcome }) =>
    store.appendAudit({
      at: new Date().toISOString(),
      clientIp: request.ip ?? null,
      subject,
      onBehalfOf,
      resource,
      operation,
      outcome,
      requestId: request.id,
      concerns,
    });
}
