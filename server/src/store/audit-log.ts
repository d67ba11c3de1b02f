// The audit log's rows: appended, read by the consultant's console and the tests; never updated.

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AuditRow, Store } from './store.js';

const MAX_ROWS = 1000;

export function createAuditLog(db: Kysely<Database>): Pick<Store, 'appendAudit' | 'auditRows'> {
  return {
    async appendAudit(entry) {
      await db.insertInto('audit_log').values({
        at: entry.at ?? new Date().toISOString(),
        client_ip: entry.clientIp,
        subject: entry.subject,
        on_behalf_of: entry.onBehalfOf,
        resource: entry.resource,
        operation: entry.operation,
        outcome: entry.outcome,
        request_id: entry.requestId ?? null,
      }).execute();
    },

    async auditRows(query = {}) {
      let select = db.selectFrom('audit_log').selectAll();
      if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
      if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
      if (query.subject !== undefined) select = select.where('subject', '=', query.subject);
      if (query.onBehalfOf !== undefined) select = select.where('on_behalf_of', '=', query.onBehalfOf);
      if (query.resource !== undefined) select = select.where('resource', '=', query.resource);
      if (query.operation !== undefined) select = select.where('operation', '=', query.operation);
      const limit = Math.max(1, Math.min(MAX_ROWS, query.limit ?? 100));
      const rows = await select.orderBy('id', query.newestFirst ? 'desc' : 'asc').limit(limit).execute();
      return rows.map((r): AuditRow => ({
        id: Number(r.id),
        at: r.at,
        clientIp: r.client_ip,
        subject: r.subject,
        onBehalfOf: r.on_behalf_of,
        resource: r.resource,
        operation: r.operation,
        outcome: r.outcome as AuditRow['outcome'],
        requestId: r.request_id,
      }));
    },
  };
}
