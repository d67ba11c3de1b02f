#!/usr/bin/env node
// The staff registry (LOKET_STAFF_FILE, default demo/data/staff.json): the service's own staff and their roles.
// The service reads the file again when it changes: a removed member loses access at their next request.
//
//   echo 'a long passphrase' | npm run staff -- add --username consulent --role security-consultant --name "Ann Consulent"
//   npm run staff -- list
//   npm run staff -- remove --username consulent
//   (--file FILE: another registry than LOKET_STAFF_FILE or demo/data/staff.json)

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_STAFF_FILE, parseStaffFile, STAFF_ROLES, type StaffMember, type StaffRole } from '../staff/registry.js';

const USAGE = `usage:
  npm run staff -- add --username NAME --role (${STAFF_ROLES.join(' | ')}) --name "FULL NAME"   (the password on stdin)
  npm run staff -- list
  npm run staff -- remove --username NAME
options: --file FILE (default: LOKET_STAFF_FILE, else demo/data/staff.json)`;

class UsageError extends Error {}
const fail = (message: string): never => {
  throw new UsageError(message);
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function load(file: string): StaffMember[] {
  return existsSync(file) ? parseStaffFile(file, readFileSync(file, 'utf8')) : [];
}

function save(file: string, staff: StaffMember[]) {
  parseStaffFile(file, JSON.stringify({ staff })); // the same checks as the service's
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ staff }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file); // the service never reads half a file
}

export async function main(argv: string[], readPassword: () => Promise<string> = readStdin): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      file: { type: 'string' },
    },
  });
  const file = path.resolve(values.file ?? (process.env.LOKET_STAFF_FILE || DEMO_STAFF_FILE));
  const [command] = positionals;
  const staff = load(file);
  if (command === 'list')
    return staff.map((m) => `${m.username}\t${m.role}\tstaff:${m.id}\t${m.name}`).join('\n') || '(no staff)';
  const username = values.username?.trim().toLowerCase();
  if (command === 'remove') {
    if (!username) fail('--username: required');
    const rest = staff.filter((m) => m.username !== username);
    if (rest.length === staff.length) fail(`--username: there is no staff member ${username} in ${file}`);
    save(file, rest);
    return `removed ${username} from ${file}`;
  }
  if (command === 'add') {
    if (!username || !/^[a-z0-9._-]{1,64}$/.test(username))
      fail('--username: required, lower-case letters, digits, ., _ or - (at most 64)');
    const role = values.role as StaffRole;
    if (!STAFF_ROLES.includes(role)) fail(`--role: one of ${STAFF_ROLES.join(', ')}`);
    const name = values.name?.trim();
    if (!name) fail('--name: required (shown on the staff pages)');
    const password = await readPassword();
    if (password.length < 4) fail('the password (on stdin): at least 4 characters');
    const existing = staff.find((m) => m.username === username);
    const member: StaffMember = {
      id: existing?.id ?? `stf-${randomUUID().slice(0, 8)}`,
      username: username!,
      name: name!,
      role,
      passwordHash: await hashPassword(password),
    };
    save(file, [...staff.filter((m) => m.username !== username), member]);
    return `${existing ? 'updated' : 'added'} ${username} (${role}, staff:${member.id}) in ${file}`;
  }
  return fail(USAGE);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (out) => console.log(out),
    (error: Error) => {
      console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `staff: ${error.message}`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
