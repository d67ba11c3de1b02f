#!/usr/bin/env node
// The publish API's clients (issue 12), in the store of the service (SQLite under the data folder, or
// PostgreSQL at LOKET_DATABASE_URL). Every instance on the database sees a change at once.
//
//   npm run client -- add --id demo-eloket --name "Demo e-loket" --jwk public.jwk.json [--scope "publish:messages …"]
//   npm run client -- add --id acme --name "Acme e-loket" --jwks-uri https://acme.example/jwks.json
//   npm run client -- list
//   npm run client -- remove --id acme
//   (--data-dir DIR: another SQLite folder than demo/.data)

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PUBLISH_SCOPES } from '../auth/publish-clients.js';
import { PROJECT_ROOT } from '../config.js';
import { publicJwk } from '../demo/clients.js';
import { openStore } from '../store/index.js';

const USAGE = `usage:
  npm run client -- add --id ID --name "DISPLAY NAME" (--jwk FILE | --jwks-uri https://…) [--scope "SCOPES"]
  npm run client -- list
  npm run client -- remove --id ID
options: --data-dir DIR (SQLite folder, default demo/.data; LOKET_DATABASE_URL for PostgreSQL)
scopes: ${PUBLISH_SCOPES.join(' ')} (default: all)`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

/** The client to add, from the arguments; every error names its argument. */
export function clientFromArgs(
  values: Record<string, string | boolean | undefined>,
  readFile: (file: string) => string = (f) => readFileSync(f, 'utf8'),
) {
  const id = values.id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(id))
    fail('--id: required, 1 to 64 letters, digits, dots, dashes or underscores');
  const name = values.name;
  if (typeof name !== 'string' || !name.trim() || name.length > 100)
    fail('--name: required, the sender name citizens see (at most 100 characters)');
  const jwkFile = values.jwk;
  const jwksUri = values['jwks-uri'];
  if ((jwkFile === undefined) === (jwksUri === undefined)) fail('--jwk FILE or --jwks-uri URL: give exactly one');
  let jwks: { keys: Record<string, unknown>[] } | null = null;
  if (typeof jwkFile === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFile(jwkFile));
    } catch (error) {
      fail(`--jwk ${jwkFile}: not a readable JSON file (${(error as Error).message})`);
    }
    const keys = (parsed as { keys?: unknown }).keys ?? [parsed];
    if (
      !Array.isArray(keys) ||
      keys.length === 0 ||
      keys.some((k) => typeof k !== 'object' || k === null || typeof (k as { kty?: unknown }).kty !== 'string')
    ) {
      fail(`--jwk ${jwkFile}: expected a JWK or a JWK Set (objects with "kty")`);
    }
    // only the public part is ever stored, even when the file holds a private key
    jwks = { keys: (keys as Record<string, unknown>[]).map(publicJwk) };
  }
  if (typeof jwksUri === 'string') {
    let url: URL | undefined;
    try {
      url = new URL(jwksUri);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'https:') fail(`--jwks-uri ${jwksUri}: expected an https:// URL`);
  }
  const scopeArg = values.scope;
  const scopes = typeof scopeArg === 'string' ? scopeArg.split(/\s+/).filter(Boolean) : [...PUBLISH_SCOPES];
  const unknown = scopes.filter((s) => !(PUBLISH_SCOPES as readonly string[]).includes(s));
  if (unknown.length || scopes.length === 0)
    fail(`--scope: ${unknown.length ? `unknown ${unknown.join(', ')}; ` : ''}choose from ${PUBLISH_SCOPES.join(' ')}`);
  return { id, name: name.trim(), jwks, jwksUri: typeof jwksUri === 'string' ? jwksUri : null, scopes };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      jwk: { type: 'string' },
      'jwks-uri': { type: 'string' },
      scope: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (!['add', 'list', 'remove'].includes(command)) fail(`${command}: unknown command; use add, list or remove`);
  const client = command === 'add' ? clientFromArgs(values) : undefined;
  if (command === 'remove' && (typeof values.id !== 'string' || !values.id))
    fail('--id: required, the client to remove');
  const databaseUrl = process.env.LOKET_DATABASE_URL || undefined;
  const dataDir = path.resolve(PROJECT_ROOT, values['data-dir'] ?? process.env.LOKET_DATA_DIR ?? 'demo/.data');
  const store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  try {
    if (client) {
      await store.publish.putClient(client);
      console.log(`Client ${client.id} ("${client.name}") added with scopes ${client.scopes.join(' ')}.`);
    } else if (command === 'remove') {
      const removed = await store.publish.removeClient(values.id!);
      if (!removed) {
        console.error(`--id ${values.id}: no such client (npm run client -- list)`);
        return 1;
      }
      console.log(`Client ${values.id} removed: it gets no new tokens, and its tokens are refused.`);
    } else {
      const clients = await store.publish.clients();
      if (clients.length === 0) console.log('No clients.');
      else
        console.table(
          clients.map((c) => ({
            id: c.id,
            name: c.name,
            keys: c.jwksUri ?? `${c.jwks?.keys.length ?? 0} JWK`,
            scopes: c.scopes.join(' '),
            created: c.createdAt,
            removed: c.removedAt ?? '',
          })),
        );
    }
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
