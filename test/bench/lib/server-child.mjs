// A server in its own process for the throughput section, so the load generator (autocannon, in the parent)
// and the server each have a core of the 2-core machine. Prints one JSON line { url } on stdout when listening,
// and stops on SIGTERM or when its parent goes away (stdin closes).
//
//   node test/bench/lib/server-child.mjs backend <dataDir> <accessTokenTtl> <siteOrigin> [<databaseUrl> <port> <publicUrl>]
//   node test/bench/lib/server-child.mjs bare <bodyFile>
//
// LOKET_BENCH_PLAINTEXT_FIELDS=1: the backend stores its personal fields in plain text (the bench's "encryption
// off", plaintext-envelope.mjs); nothing else changes.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { register } from 'node:module';

const [mode, ...args] = process.argv.slice(2);
let close;

if (mode === 'backend') {
  if (process.env.LOKET_BENCH_PLAINTEXT_FIELDS === '1') register('./plaintext-fields-hooks.mjs', import.meta.url);
  const { startBackend } = await import('../../../server/dist/index.js');
  const [dataDir, ttl, siteOrigin, databaseUrl, port, publicUrl] = args;
  // PostgreSQL: several instances on one database share one public URL (the issuer of the tokens)
  const backend = await startBackend({
    port: port ? Number(port) : 0,
    dataDir,
    accessTokenTtl: Number(ttl),
    siteOrigins: [siteOrigin],
    quiet: true,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(publicUrl ? { publicUrl } : {}),
  });
  close = () => backend.close();
  process.stdout.write(`${JSON.stringify({ url: port ? `http://localhost:${port}` : backend.url })}\n`);
} else if (mode === 'bare') {
  // The limit: node:http answering the same JSON body with the same headers, and nothing else (no routing, no
  // token check, no database, no audit row).
  const body = readFileSync(args[0]);
  const server = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  process.stdout.write(`${JSON.stringify({ url: `http://localhost:${server.address().port}` })}\n`);
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

const stop = () => Promise.resolve(close?.()).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
