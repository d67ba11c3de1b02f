// A second (third, …) instance of the service for audit-chain.test.ts: opens the store named by its arguments
// (the KEK from LOKET_KEK_FILE) and appends audit rows, as another process on the same database would.
//
//   node --import tsx server/test/audit-append-worker.ts <dataDir> <databaseUrl or ""> <rows> <tag>

import { openStore } from '../src/store/index.js';

const [dataDir, databaseUrl, rows, tag] = process.argv.slice(2);
const store = await openStore({
  dataDir: dataDir!,
  ...(databaseUrl ? { databaseUrl } : {}),
  auditCheckpoints: { rows: 7, ms: 3600_000 },
});
try {
  for (let i = 0; i < Number(rows); i++) {
    await store.appendAudit({
      clientIp: null,
      subject: `${tag}`,
      onBehalfOf: null,
      resource: `/worker/${tag}/${i}`,
      operation: 'read',
      outcome: 'ok',
      requestId: null,
    });
  }
} finally {
  await store.close();
}
