// Section 5: the reference backend's GET /api/me/summary under 50 concurrent connections for a fixed 10 s
// (autocannon, programmatic), against a bare node:http server answering the same JSON body (the limit). Each
// server runs in its own process; rounds alternate between the two.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SITE, signIn } from '../../../server/test/http-helpers.mjs';
import { median, withTimeout } from '../lib/stats.mjs';

export const CONNECTIONS = 50;
export const DURATION_S = 10;
const WARMUP_S = 2;
/** Access tokens must outlive the whole section. */
const ACCESS_TOKEN_TTL = 900;
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'server-child.mjs');

/** Starts a server child; resolves with { url, stop } once it printed its URL (bounded). */
function startChild(args) {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
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
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return withTimeout(ready, 20_000, `server child ${args[0]}`).then(
    ({ url }) => ({ url, stop, pid: child.pid }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

function load(url, headers, duration) {
  // autocannon stops by itself after `duration` seconds; the timeout is a second bound.
  return withTimeout(
    autocannon({ url, connections: CONNECTIONS, duration, headers, timeout: 10 }),
    (duration + 15) * 1000,
    'autocannon',
  );
}

const pick = (r) => ({
  requestsPerSecond: r.requests.average,
  requestsPerSecondMedian: r.requests.p50,
  latencyP50: r.latency.p50,
  latencyP99: r.latency.p99,
  latencyMax: r.latency.max,
  total: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  bytesPerRequest: r.requests.total ? r.throughput.total / r.requests.total : Number.NaN,
});

export async function measureThroughput({ rounds, log = () => {} }) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'loket-bench-load-'));
  const children = [];
  try {
    const backend = await startChild(['backend', dataDir, String(ACCESS_TOKEN_TTL), SITE]);
    children.push(backend);
    // A valid bearer token: the OIDC code + PKCE flow over plain HTTP (server/test/http-helpers.mjs).
    const { tokens } = await withTimeout(signIn({ issuer: backend.url }, { username: 'anna', password: 'demo' }), 20_000, 'sign-in');
    const headers = { authorization: `Bearer ${tokens.access_token}` };
    const target = `${backend.url}/api/me/summary`;
    const response = await fetch(target, { headers });
    if (response.status !== 200) throw new Error(`GET /api/me/summary answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    const bodyFile = path.join(dataDir, 'summary.json');
    await writeFile(bodyFile, body);
    const bare = await startChild(['bare', bodyFile]);
    children.push(bare);
    const bareTarget = `${bare.url}/api/me/summary`;

    for (const url of [target, bareTarget]) await load(url, headers, WARMUP_S);
    const samples = { backend: [], bare: [] };
    for (let round = 0; round < rounds; round += 1) {
      samples.backend.push(pick(await load(target, headers, DURATION_S)));
      samples.bare.push(pick(await load(bareTarget, headers, DURATION_S)));
      log(`  round ${round + 1}: backend ${samples.backend.at(-1).requestsPerSecond.toFixed(0)} req/s p99 ${samples.backend.at(-1).latencyP99} ms; bare ${samples.bare.at(-1).requestsPerSecond.toFixed(0)} req/s p99 ${samples.bare.at(-1).latencyP99} ms`);
    }
    const med = (list, key) => median(list.map((s) => s[key]));
    const summarize = (list) => ({
      requestsPerSecond: med(list, 'requestsPerSecond'),
      latencyP50: med(list, 'latencyP50'),
      latencyP99: med(list, 'latencyP99'),
      spread: {
        requestsPerSecond: [Math.min(...list.map((s) => s.requestsPerSecond)), Math.max(...list.map((s) => s.requestsPerSecond))],
        latencyP99: [Math.min(...list.map((s) => s.latencyP99)), Math.max(...list.map((s) => s.latencyP99))],
      },
      failed: list.reduce((n, s) => n + s.non2xx + s.errors + s.timeouts, 0),
      total: list.reduce((n, s) => n + s.total, 0),
    });
    return {
      rounds,
      connections: CONNECTIONS,
      duration: DURATION_S,
      warmup: WARMUP_S,
      accessTokenTtl: ACCESS_TOKEN_TTL,
      bodyBytes: body.length,
      backend: summarize(samples.backend),
      bare: summarize(samples.bare),
      samples,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await rm(dataDir, { recursive: true, force: true });
  }
}
