// Section 5: GET /api/me/summary under 50 concurrent connections for a fixed 10 s (autocannon, programmatic),
// on every configuration of the profile service, against a bare node:http server answering the same JSON body
// (the limit) measured in the same run:
//
//   - sqlite        one instance on SQLite (the embedded default)
//   - sqlite-plain  the same with its personal fields in plain text: "encryption off", a bench-only stand-in for
//                   the field encryption (lib/plaintext-envelope.mjs), so the two differ by AES-256-GCM alone
//   - postgres      one instance on PostgreSQL (a throwaway database, dropped at the end)
//   - postgres ×2   two instances on that one database, the load split over both (two autocannon runs at once,
//                   half the connections each: a round-robin by connection); their req/s added up
//
// Every request to the service writes its audit row (group-committed, durable before the answer). Each server
// runs in its own process; rounds alternate between the configurations. After the load, the audit chain of each
// database is verified (as npm run audit:verify does). PostgreSQL at LOKET_BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres); when it is not reachable its rows say so.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createThrowawayDatabase } from '../../../server/test/databases.mjs';
import { DpopKey, SITE, signIn } from '../../../server/test/http-helpers.mjs';
import { median, withTimeout } from '../lib/stats.mjs';

export const CONNECTIONS = 50;
export const DURATION_S = 10;
const WARMUP_S = 2;
/** a server child's start (migrations, the demo's seed) on a machine loaded by other work can take minutes */
const START_TIMEOUT_MS = 180_000;
/** Access tokens must outlive the whole section. */
const ACCESS_TOKEN_TTL = 3600;
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'server-child.mjs');
const POSTGRES = process.env.LOKET_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The configurations, in the order of the report. */
export const CONFIGURATIONS = [
  { id: 'sqlite', name: 'service, SQLite, 1 instance', engine: 'sqlite', instances: 1 },
  {
    id: 'sqlitePlain',
    name: 'the same, fields in plain text (bench only: encryption off)',
    engine: 'sqlite',
    instances: 1,
  },
  { id: 'postgres', name: 'service, PostgreSQL, 1 instance', engine: 'postgres', instances: 1 },
  { id: 'postgres2', name: 'service, PostgreSQL, 2 instances on one database', engine: 'postgres', instances: 2 },
];

/** Starts a server child; resolves with { url, stop } once it printed its URL (bounded). */
function startChild(args, env = {}) {
  const child = spawn(process.execPath, [CHILD, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const ready = new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`server child ${args[0]} exited with ${code}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return withTimeout(ready, START_TIMEOUT_MS, `server child ${args[0]}`).then(
    ({ url }) => ({ url, stop, pid: child.pid }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Loads every target at once, CONNECTIONS split between them; one result with req/s and requests added up. */
async function load(targets, headers, duration) {
  const per = Math.floor(CONNECTIONS / targets.length);
  const results = await withTimeout(
    Promise.all(
      targets.map((url) =>
        autocannon({
          url,
          connections: per,
          duration,
          timeout: 10,
          // a proof per request (each is accepted once)
          requests: [
            { setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...headers('GET', url) } }) },
          ],
        }),
      ),
    ),
    (duration + 15) * 1000,
    'autocannon',
  );
  const sum = (f) => results.reduce((n, r) => n + f(r), 0);
  const total = sum((r) => r.requests.total);
  return {
    requestsPerSecond: sum((r) => r.requests.average),
    latencyP50: Math.max(...results.map((r) => r.latency.p50)),
    latencyP99: Math.max(...results.map((r) => r.latency.p99)),
    latencyMax: Math.max(...results.map((r) => r.latency.max)),
    total,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    bytesPerRequest: total ? sum((r) => r.throughput.total) / total : Number.NaN,
  };
}

/** The audit chain of a database verified after the load (the service's verifier; no checkpoint signed by it). */
async function verifyChain(where) {
  const { openStore } = await import('../../../server/dist/store/index.js');
  const { verifyAuditChain } = await import('../../../server/dist/audit/verify.js');
  const store = await openStore({ ...where, checkpointOnClose: false });
  try {
    const report = await verifyAuditChain(store);
    return { ok: report.ok, rows: report.rows, checkpoints: report.checkpoints };
  } finally {
    await store.close();
  }
}

/**
 * Whether "encryption off" is what it claims: a title that /me/summary shows, searched for in the bytes of each
 * SQLite data folder (database and WAL) after the load; found in the plain one only.
 */
async function plaintextCheck(plainDir, encryptedDir, title) {
  const { SQLITE_FILE } = await import('../../../server/dist/store/open-store.js');
  const needle = Buffer.from(title, 'utf8');
  const found = async (dir) => {
    for (const suffix of ['', '-wal']) {
      const bytes = await readFile(path.join(dir, SQLITE_FILE + suffix)).catch(() => Buffer.alloc(0));
      if (bytes.includes(needle)) return true;
    }
    return false;
  };
  return { titleInPlainFolder: await found(plainDir), titleInEncryptedFolder: await found(encryptedDir) };
}

/**
 * What the field encryption costs a summary read that is not in the store's memory (the first after a start, or
 * after its cache of decrypted fields turned over): the summary's titles, each sealed and opened with the
 * service's own AES-256-GCM field functions, timed in this process.
 */
async function fieldCost(titles) {
  const { encryptField, decryptField, fieldAad } = await import('../../../server/dist/crypto/envelope.js');
  const key = randomBytes(32);
  const sealed = titles.map((title, i) => {
    const aad = fieldAad('messages', 'title', `m${i}`);
    return [aad, encryptField(key, aad, title)];
  });
  const once = () => {
    for (const [aad, stored] of sealed) decryptField(key, aad, stored);
  };
  for (let i = 0; i < 2_000; i++) once();
  const repeats = 20_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < repeats; i++) once();
  const microseconds = Number(process.hrtime.bigint() - started) / 1e3 / repeats;
  return { fieldsPerSummary: titles.length, coldSummaryMicroseconds: microseconds };
}

/**
 * anna's credentials as the header holds them: from the OIDC code + PKCE flow over plain HTTP against `issuer`,
 * the tokens bound to a DPoP key of the bench's own; `(method, url)` gives `Authorization: DPoP` and a fresh
 * proof, so the load pays for the proof check and its replay record as the header's calls do.
 */
async function bearer(issuer) {
  const dpop = await DpopKey.generate();
  const { tokens } = await withTimeout(
    signIn({ issuer }, { username: 'anna', password: 'demo', dpop }),
    30_000,
    'sign-in',
  );
  return (method, url) => dpop.headersSync(method, url, tokens.access_token);
}

export async function measureThroughput({ rounds, log = () => {} }) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'loket-bench-load-'));
  const children = [];
  const targets = {};
  const headers = {};
  let database;
  let postgresSkipped;
  const start = async (args, env) => {
    const child = await startChild(args, env);
    children.push(child);
    return child;
  };
  try {
    // SQLite: one instance
    const sqliteDir = path.join(dataDir, 'sqlite');
    const sqlite = await start(['backend', sqliteDir, String(ACCESS_TOKEN_TTL), SITE]);
    targets.sqlite = [`${sqlite.url}/api/me/summary`];
    headers.sqlite = await bearer(sqlite.url);
    // encryption off: its own data folder, seeded by the plaintext stand-in
    const plain = await start(['backend', path.join(dataDir, 'sqlite-plain'), String(ACCESS_TOKEN_TTL), SITE], {
      LOKET_BENCH_PLAINTEXT_FIELDS: '1',
    });
    targets.sqlitePlain = [`${plain.url}/api/me/summary`];
    headers.sqlitePlain = await bearer(plain.url);

    // PostgreSQL: a throwaway database; instance A (then B) on one public URL, so a token is good on both
    try {
      database = await createThrowawayDatabase(POSTGRES);
    } catch (error) {
      postgresSkipped = `PostgreSQL not reachable at ${new URL(POSTGRES).host} (${error.message})`;
      log(`  ${postgresSkipped}: its rows are left out`);
    }
    if (database) {
      const pgDir = path.join(dataDir, 'postgres');
      const [portA, portB] = [await freePort(), await freePort()];
      const publicUrl = `http://localhost:${portA}`;
      const a = await start(['backend', pgDir, String(ACCESS_TOKEN_TTL), SITE, database.url, String(portA), publicUrl]);
      const b = await start(['backend', pgDir, String(ACCESS_TOKEN_TTL), SITE, database.url, String(portB), publicUrl]);
      headers.postgres = await bearer(a.url);
      // both instances answer as the public URL: each proof names it (htu), whichever instance it reaches
      headers.postgres2 = (method, url) => headers.postgres(method, new URL(new URL(url).pathname, publicUrl).href);
      targets.postgres = [`${a.url}/api/me/summary`];
      targets.postgres2 = [`${a.url}/api/me/summary`, `${b.url}/api/me/summary`];
    }

    // the bare server answers the SQLite instance's body
    const response = await fetch(targets.sqlite[0], { headers: headers.sqlite('GET', targets.sqlite[0]) });
    if (response.status !== 200) throw new Error(`GET /api/me/summary answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    const titles = JSON.parse(body.toString('utf8')).latest.map((item) => item.title);
    const bodyFile = path.join(dataDir, 'summary.json');
    await writeFile(bodyFile, body);
    for (const [id, list] of Object.entries(targets)) {
      for (const url of list) {
        const answer = await fetch(url, { headers: headers[id]('GET', url) });
        if (answer.status !== 200) throw new Error(`${id}: GET ${url} answered ${answer.status}`);
      }
    }
    const bare = await start(['bare', bodyFile]);
    targets.bare = [`${bare.url}/api/me/summary`];
    headers.bare = headers.sqlite;

    const ids = [...CONFIGURATIONS.map((c) => c.id).filter((id) => targets[id]), 'bare'];
    for (const id of ids) await load(targets[id], headers[id], WARMUP_S);
    const samples = Object.fromEntries(ids.map((id) => [id, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const id of ids) samples[id].push(await load(targets[id], headers[id], DURATION_S));
      log(
        `  round ${round + 1}: ${ids.map((id) => `${id} ${samples[id].at(-1).requestsPerSecond.toFixed(0)} req/s (p99 ${samples[id].at(-1).latencyP99} ms)`).join('; ')}`,
      );
    }
    const med = (list, key) => median(list.map((s) => s[key]));
    const summarize = (list) => ({
      requestsPerSecond: med(list, 'requestsPerSecond'),
      latencyP50: med(list, 'latencyP50'),
      latencyP99: med(list, 'latencyP99'),
      spread: {
        requestsPerSecond: [
          Math.min(...list.map((s) => s.requestsPerSecond)),
          Math.max(...list.map((s) => s.requestsPerSecond)),
        ],
        latencyP99: [Math.min(...list.map((s) => s.latencyP99)), Math.max(...list.map((s) => s.latencyP99))],
      },
      failed: list.reduce((n, s) => n + s.non2xx + s.errors + s.timeouts, 0),
      total: list.reduce((n, s) => n + s.total, 0),
    });
    const services = Object.fromEntries(
      CONFIGURATIONS.filter((c) => targets[c.id]).map((c) => [c.id, { ...c, ...summarize(samples[c.id]) }]),
    );

    // the servers stop (their last checkpoints signed), then every chain is verified
    await Promise.all(children.splice(0).map((c) => c.stop()));
    const audit = { sqlite: await verifyChain({ dataDir: sqliteDir }) };
    const plainFields = await plaintextCheck(path.join(dataDir, 'sqlite-plain'), sqliteDir, titles[0]);
    if (!plainFields.titleInPlainFolder || plainFields.titleInEncryptedFolder)
      throw new Error(`encryption on vs off is not what it claims: ${JSON.stringify(plainFields)}`);
    if (database)
      audit.postgres = await verifyChain({ databaseUrl: database.url, dataDir: path.join(dataDir, 'postgres') });
    log(
      `  audit chains after the load: ${Object.entries(audit)
        .map(([k, v]) => `${k} ${v.ok ? 'verified' : 'NOT VERIFIED'}, ${v.rows} rows, ${v.checkpoints} checkpoints`)
        .join('; ')}`,
    );

    return {
      rounds,
      connections: CONNECTIONS,
      duration: DURATION_S,
      warmup: WARMUP_S,
      accessTokenTtl: ACCESS_TOKEN_TTL,
      bodyBytes: body.length,
      services,
      // the old name: one instance on SQLite
      backend: services.sqlite,
      bare: summarize(samples.bare),
      audit,
      encryption: { ...plainFields, ...(await fieldCost(titles)) },
      postgresSkipped,
      samples,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await database?.drop().catch((error) => log(`  the bench database was not dropped: ${error.message}`));
    await rm(dataDir, { recursive: true, force: true });
  }
}
