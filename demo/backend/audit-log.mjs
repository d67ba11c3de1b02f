// The audit log: one row per access to personal data. Rows name who (the opaque subject, when known, and
// the opaque id of the party they acted for, if any), what (the request path: ids only, no query string), how (operation) and the outcome. Never the data
// itself, never a token, never a typed username or password.

import { clientIp } from './http-util.mjs';

export const OUTCOMES = Object.freeze(['ok', 'denied', 'not_found', 'invalid', 'error']);

export function createAuditLog(db) {
  const insert = db.prepare(`INSERT INTO audit_log (at, client_ip, subject, on_behalf_of, resource, operation, outcome)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  /** `onBehalfOf`: the party's id when the citizen acted for someone else. */
  return function audit(req, { subject = null, onBehalfOf = null, resource, operation, outcome }) {
    insert.run(new Date().toISOString(), clientIp(req), subject, onBehalfOf, resource, operation, outcome);
  };
}

export function outcomeForStatus(status) {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  if (status === 404) return 'not_found';
  if (status < 500) return 'invalid';
  return 'error';
}
