#!/usr/bin/env node
// `npm run keys:rotate`: wraps every data key again under a new key-encryption key, while the service runs
// (server/src/crypto/rotate.ts says how). The key file is LOKET_KEK_FILE (default demo/.keys/kek); the
// database LOKET_DATABASE_URL (PostgreSQL) or LOKET_DATA_DIR (SQLite, default demo/.data).
//
//   npm run keys:rotate                              a new key, generated into the key file
//   npm run keys:rotate -- --new-key /path/to/key   that key instead (32 bytes, base64 or hex)
//   npm run keys:rotate -- --batch 500 --data-dir /tmp/loket

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config.js';
import { DEMO_KEK_FILE, parseKeyFile } from '../crypto/kek.js';
import { rotateKeyFile } from '../crypto/rotate.js';

const { values } = parseArgs({
  options: {
    'new-key': { type: 'string' },
    batch: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: npm run keys:rotate [-- --new-key FILE] [--batch N] [--data-dir DIR]   (LOKET_KEK_FILE, LOKET_DATABASE_URL, LOKET_DATA_DIR)',
  );
  process.exit(0);
}
const file = path.resolve(process.env.LOKET_KEK_FILE || DEMO_KEK_FILE);
if (!existsSync(file)) {
  console.error(`keys:rotate: no key file at ${file} (LOKET_KEK_FILE): nothing to rotate.`);
  process.exit(2);
}
const databaseUrl = process.env.LOKET_DATABASE_URL || undefined;
const dataDir = path.resolve(PROJECT_ROOT, values['data-dir'] ?? process.env.LOKET_DATA_DIR ?? 'demo/.data');
const batchSize = values.batch ? Number(values.batch) : undefined;
if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
  console.error(`keys:rotate: --batch ${values.batch}: expected a whole number above 0`);
  process.exit(2);
}
const newKey = values['new-key']
  ? parseKeyFile(readFileSync(values['new-key'], 'utf8'), values['new-key'])[0]
  : undefined;

try {
  const result = await rotateKeyFile({
    file,
    newKey,
    batchSize,
    store: { dataDir, ...(databaseUrl ? { databaseUrl } : {}) },
    onBatch: (done) => console.log(`  ${done} data keys wrapped again`),
    context: { actor: `operator:${process.env.USER ?? 'unknown'}` },
  });
  console.log(`keys:rotate: ${result.rewrapped} keys wrapped again under key ${result.newKekId}; key ${result.oldKekIds.join(', ')} retired from ${file}.
Back up ${file} now, apart from the database and its backups: database backups from before this rotation need the old key.`);
} catch (error) {
  console.error(`keys:rotate: ${(error as Error).message}`);
  console.error(
    `The key file may hold the new key and the old one: run keys:rotate again to finish (nothing is lost).`,
  );
  process.exit(1);
}
