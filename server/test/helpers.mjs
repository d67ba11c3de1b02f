// Shared helpers for the service tests: a service on a free port with its own database (SQLite in a temporary
// folder, or a throwaway PostgreSQL database when LOKET_TEST_ENGINE=postgres), a cookie jar for plain-HTTP
// browser flows, the OIDC code + PKCE flow, OpenAPI response validation, and reads through the store interface
// (never raw SQL).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { importJWK, SignJWT } from 'jose';
import { SMTPServer } from 'smtp-server';
import { parse } from 'yaml';
import { startService } from '../dist/app.js';
import { DEMO_USERS } from '../dist/index.js';
import { createThrowawayDatabase } from './databases.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export * from './http-helpers.mjs';
import { OTHER_SITE, SITE } from './http-helpers.mjs';

/** The engine of this run: sqlite (default) or postgres (LOKET_TEST_ENGINE=postgres). */
export const ENGINE = process.env.LOKET_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A place for a service's data: a temporary folder, and on PostgreSQL a throwaway database. Pass it to several
 * startTestBackend calls to restart on the same data; `dispose()` removes both.
 */
export async function testDatabase() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loket-service-test-'));
  const database = ENGINE === 'postgres' ? await createThrowawayDatabase() : undefined;
  return {
    dataDir,
    databaseUrl: database?.url,
    async dispose() {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a service on a free port with a fresh database; `close()` stops it and removes the database.
 * `options.database` (from testDatabase()) reuses one, for restarts: it is then the caller's to dispose.
 */
export async function startTestBackend({ database, ...options } = {}) {
  const own = database ? undefined : await testDatabase();
  const db = database ?? own;
  let backend;
  try {
    backend = await startService({
      port: 0,
      quiet: true,
      siteOrigins: [SITE, OTHER_SITE],
      signInRateLimit: 10_000,
      // the code flow of these tests (http-helpers.mjs signIn) sends a DPoP proof only when asked; dpop.test.mjs
      // runs the service as it is by default, DPoP required
      requireDpop: false,
      ...options,
      dataDir: db.dataDir,
      ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
    });
  } catch (error) {
    await own?.dispose();
    throw error;
  }
  return {
    ...backend,
    dataDir: db.dataDir,
    async close() {
      await backend.close();
      await own?.dispose();
    },
  };
}

// ---- reads through the store interface ----------------------------------------------------------------

/** Audit rows after `afterId` (oldest first), with the store's field names. */
export async function auditRows(backend, afterId = 0) {
  const out = [];
  for (let last = afterId; ;) {
    const rows = await backend.store.auditRows({ afterId: last, limit: 1000 });
    out.push(...rows);
    if (rows.length < 1000) return out;
    last = rows.at(-1).id;
  }
}

/** The id of the newest audit row (0 when empty). */
export async function lastAuditId(backend) {
  const [row] = await backend.store.auditRows({ newestFirst: true, limit: 1 });
  return row?.id ?? 0;
}

/** Every owner of the demo data: each citizen for themselves and for each of their mandates. */
export async function demoOwners(backend) {
  const owners = [];
  for (const user of DEMO_USERS) {
    owners.push({ userId: user.id, partyId: null });
    for (const m of await backend.store.mandates(user.id)) owners.push({ userId: user.id, partyId: m.id });
  }
  return owners;
}

/** Every text of the demo data a log must never hold: names of parties, titles, references, facts, corrections. */
export async function demoTexts(backend) {
  const texts = new Set();
  const { store } = backend;
  for (const user of DEMO_USERS) {
    for (const m of await store.mandates(user.id)) [m.name, m.identifier].filter(Boolean).forEach((v) => texts.add(v));
  }
  for (const owner of await demoOwners(backend)) {
    for (const m of await store.messages(owner)) texts.add(m.title);
    for (const d of await store.dossiers(owner)) {
      texts.add(d.title);
      texts.add(d.reference);
    }
    for (const d of await store.documents(owner)) texts.add(d.title);
    for (const f of await store.facts(owner)) texts.add(f.value);
    for (const c of await store.corrections(owner)) {
      texts.add(c.requestedValue);
      texts.add(c.reason);
    }
  }
  return texts;
}

/** Signs a JWT with the service's own private key (from its store), for forged-token tests. */
export async function signWithBackendKey(backend, payload, header = {}) {
  const { jwks } = await backend.store.loadOrCreateKeys(() => {
    throw new Error('the service has no keys');
  });
  const jwk = jwks.keys[0];
  const key = await importJWK(jwk, jwk.alg);
  return new SignJWT(payload).setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: 'at+jwt', ...header }).sign(key);
}

// ---- OpenAPI ------------------------------------------------------------------------------------------

export const OPENAPI_FILE = path.join(ROOT, 'openapi', 'profile-api.yaml');

const escapePointer = (part) => String(part).replaceAll('~', '~0').replaceAll('/', '~1');
/** JSON pointer (without the leading "/") from raw parts. */
const pointer = (...parts) => parts.map(escapePointer).join('/');
/** Extends an existing pointer with raw parts. */
const extend = (base, ...parts) => [base, ...parts.map(escapePointer)].join('/');

/**
 * Validates real responses against openapi/profile-api.yaml. Records which (method, path, status) were seen.
 */
export function loadOpenApi() {
  const doc = parse(readFileSync(OPENAPI_FILE, 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  const seen = new Set();

  const resolveResponse = (response) => {
    if (response?.$ref) {
      const name = response.$ref.split('/').at(-1);
      return { response: doc.components.responses[name], ref: `#/components/responses/${name}` };
    }
    return { response, ref: undefined };
  };

  function schemaValidator(location) {
    const validate = ajv.getSchema(`openapi.json#/${location}`);
    assert.ok(validate, `no schema at ${location}`);
    return validate;
  }

  /**
   * @param {Response} res
   * @param {{ method: string, path: string } | { component: string }} where  path as written in the document
   * @param {{ readBody?: boolean }} [options]  readBody false: status, headers and media type only (streams)
   * @returns the parsed body (JSON) or the raw Buffer
   */
  async function check(res, where, { readBody = true } = {}) {
    const status = String(res.status);
    let response;
    let location;
    if ('component' in where) {
      response = doc.components.responses[where.component];
      location = pointer('components', 'responses', where.component);
      assert.ok(response, `no component response ${where.component}`);
    } else {
      const operation = doc.paths[where.path]?.[where.method.toLowerCase()];
      assert.ok(operation, `${where.method} ${where.path} is not in the OpenAPI document`);
      const declared = operation.responses[status];
      assert.ok(declared, `${where.method} ${where.path} does not declare status ${status}`);
      const resolved = resolveResponse(declared);
      response = resolved.response;
      location = resolved.ref
        ? resolved.ref.slice(2)
        : pointer('paths', where.path, where.method.toLowerCase(), 'responses', status);
      seen.add(`${where.method.toUpperCase()} ${where.path} ${status}`);
    }

    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const value = res.headers.get(name);
      if (['www-authenticate', 'content-disposition', 'location', 'allow'].includes(name.toLowerCase())) {
        assert.ok(value, `${name} header is required by ${location}`);
      }
      if (value !== null && header.schema) {
        const validate = schemaValidator(extend(location, 'headers', name, 'schema'));
        assert.ok(validate(value), `${name}: ${value} does not match: ${ajv.errorsText(validate.errors)}`);
      }
    }

    if (!readBody) {
      const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
      assert.ok(response.content?.[contentType], `${location}: content type ${contentType} is not declared`);
      return undefined;
    }
    const buffer = Buffer.from(await res.arrayBuffer());
    if (!response.content) {
      assert.equal(buffer.length, 0, `${location} declares no body`);
      return undefined;
    }
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    const media = response.content[contentType];
    assert.ok(
      media,
      `${location}: content type ${contentType} is not declared (${Object.keys(response.content).join(', ')})`,
    );
    const body = /json$/.test(contentType) ? JSON.parse(buffer.toString('utf8')) : buffer;
    if (/json$/.test(contentType)) {
      const validate = schemaValidator(extend(location, 'content', contentType, 'schema'));
      assert.ok(
        validate(body),
        `${location} (${contentType}): ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body, null, 2)}`,
      );
    }
    return body;
  }

  /** Validates a value against a named component schema. */
  function checkSchema(name, value) {
    const validate = schemaValidator(pointer('components', 'schemas', name));
    assert.ok(validate(value), `${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value, null, 2)}`);
  }

  /** Every operation and the statuses seen for it. */
  function operations() {
    const out = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        if (item[method])
          out.push({ method: method.toUpperCase(), path: p, responses: Object.keys(item[method].responses) });
      }
    }
    return out;
  }

  return { doc, ajv, check, checkSchema, seen, operations };
}

/** Reads server-sent events from a fetch Response; `next(name)` resolves with the next event of that name. */
export function eventReader(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events = [];
  const comments = [];
  let waiting = [];
  let done = false;

  (async () => {
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        let index;
        while ((index = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          const event = { event: 'message', data: [] };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event:')) event.event = line.slice(6).trim();
            else if (line.startsWith('data:')) event.data.push(line.slice(5).trim());
          }
          if (event.data.length) {
            events.push({ event: event.event, data: event.data.join('\n') });
          }
          for (const w of waiting) w();
          waiting = [];
        }
      }
    } catch {
      // aborted
    }
    done = true;
    for (const w of waiting) w();
  })();

  return {
    events,
    comments,
    get done() {
      return done;
    },
    async next(name, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = events.findIndex((e) => e.event === name);
        if (index >= 0) return events.splice(index, 1)[0];
        if (done) throw new Error(`stream ended before a ${name} event`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${name} event within ${timeoutMs} ms`);
        await new Promise((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, left).unref?.();
        });
      }
    },
    async until(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('condition not reached');
        await new Promise((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 50).unref?.();
        });
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

/**
 * A mail server of the test's own on a free loopback port, for what the demo's mail catcher cannot do (hold a
 * mail, refuse it): `onData` is smtp-server's handler for each mail. Resolves with its `smtp://` URL and `close`.
 */
export async function startSmtpServer(onData) {
  const server = new SMTPServer({ disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true, logger: false, onData });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
