#!/usr/bin/env node
// Prints the latest rows of the audit log.
//
//   node demo/backend/audit.mjs              latest 20 rows of demo/.data/loket.sqlite
//   node demo/backend/audit.mjs 50           latest 50
//   node demo/backend/audit.mjs --data-dir /tmp/loket --subject <sub>

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string', default: 'demo/.data' }, subject: { type: 'string' } },
});
const limit = Math.max(1, Math.min(1000, Number(positionals[0]) || 20));
const file = path.join(path.resolve(ROOT, values['data-dir']), 'loket.sqlite');
if (!existsSync(file)) {
  console.error(`No database at ${file}: start the backend first (node demo/backend/main.mjs).`);
  process.exit(1);
}
const db = new Database(file, { readonly: true, fileMustExist: true });
const rows = values.subject
  ? db.prepare('SELECT * FROM audit_log WHERE subject = ? ORDER BY id DESC LIMIT ?').all(values.subject, limit)
  : db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit);
db.close();
if (rows.length === 0) {
  console.log('The audit log is empty.');
} else {
  console.table(rows.reverse());
}
