// PostgreSQL for the tests: where it is (LOKET_TEST_DATABASE_URL, default the local server as user postgres),
// whether it answers, and throwaway databases. Plain JavaScript with no import from the service, so that the
// service's tests (*.test.mjs, run on the built service without a TypeScript loader) and the store's tests
// (engines.ts) share it.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.LOKET_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** host:port of a PostgreSQL URL, for messages */
export const where = (url) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}`;
};

/**
 * undefined when PostgreSQL answers at `url`, else why not
 * @returns {Promise<string | undefined>}
 */
export async function postgresProblem(url = POSTGRES_URL) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** What a run says when PostgreSQL was not there (the test runner, run.ts, repeats it on its last line). */
export const skipNote = (problem) =>
  `PostgreSQL not reachable at ${where(POSTGRES_URL)} (${problem}): the PostgreSQL variants were skipped`;

/**
 * A throwaway database on the PostgreSQL server; `drop()` removes it (after every client is gone).
 * @returns {Promise<{ url: string, drop: () => Promise<void> }>}
 */
export async function createThrowawayDatabase(serverUrl = POSTGRES_URL) {
  const name = `loket_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * PostgreSQL: ends every connection to the database of `databaseUrl` (as a failover or a restart would), to
 * test that the store recovers. An operator's action, not a query on the store's data.
 * @returns {Promise<number>} how many connections were ended
 */
export async function terminateConnections(databaseUrl) {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const result = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}
