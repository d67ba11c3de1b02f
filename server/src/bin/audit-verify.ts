#!/usr/bin/env node
// `npm run audit:verify`: checks the audit logbook's hash chain and its signed checkpoints; names the first row
// that was changed, removed or inserted, and a cut-off end. Exit code 0: intact; 1: tampered with; 2: could
// not check (no database, wrong key-encryption key). Needs LOKET_KEK_FILE: the checkpoints' key is wrapped by it.
//
//   npm run audit:verify
//   npm run audit:verify -- --data-dir /tmp/loket --json

import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config.js';
import { verifyAuditChain } from '../audit/verify.js';
import { openStore, SQLITE_FILE } from '../store/index.js';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
});
const databaseUrl = process.env.LOKET_DATABASE_URL || undefined;
const dataDir = path.resolve(PROJECT_ROOT, values['data-dir'] ?? process.env.LOKET_DATA_DIR ?? 'demo/.data');
if (!databaseUrl && !existsSync(path.join(dataDir, SQLITE_FILE))) {
  console.error(`audit:verify: no database at ${path.join(dataDir, SQLITE_FILE)}`);
  process.exit(2);
}
let store;
try {
  // no checkpoint at close: that would sign the chain as found, tampered or not
  store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}), checkpointOnClose: false });
} catch (error) {
  console.error(`audit:verify: ${(error as Error).message}`);
  process.exit(2);
}
try {
  const report = await verifyAuditChain(store);
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else if (report.ok) {
    console.log(
      `audit:verify: intact. ${report.rows} rows, ${report.checkpoints} signed checkpoints (through row ${report.signedThrough}${report.unsigned ? `; ${report.unsigned} later rows chained, not signed yet` : ''}).`,
    );
  } else {
    console.log(`audit:verify: TAMPERED. ${report.problems[0]!.message}.`);
    for (const problem of report.problems.slice(1)) console.log(`  also: ${problem.message}`);
  }
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await store.close();
}
