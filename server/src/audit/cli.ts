#!/usr/bin/env node
// Prints the latest rows of the audit log (`npm run audit`), through the store: SQLite under the data folder
// or PostgreSQL at LOKET_DATABASE_URL.
//
//   npm run audit                 latest 20 rows of demo/.data/loket.sqlite
//   npm run audit -- 50           latest 50
//   npm run audit -- --data-dir /tmp/loket --subject <sub>

import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config.js';
import { openStore, SQLITE_FILE } from '../store/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' }, subject: { type: 'string' } },
});
const limit = Math.max(1, Math.min(1000, Number(positionals[0]) || 20));
const databaseUrl = process.env.LOKET_DATABASE_URL || undefined;
const dataDir = path.resolve(PROJECT_ROOT, values['data-dir'] ?? process.env.LOKET_DATA_DIR ?? 'demo/.data');
if (!databaseUrl && !existsSync(path.join(dataDir, SQLITE_FILE))) {
  console.error(`No database at ${path.join(dataDir, SQLITE_FILE)}: start the service first (npm start).`);
  process.exit(1);
}
const store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
try {
  const rows = await store.auditRows({
    limit,
    newestFirst: true,
    ...(values.subject ? { subject: values.subject } : {}),
  });
  if (rows.length === 0) console.log('The audit log is empty.');
  else console.table(rows.reverse());
} finally {
  await store.close();
}
