// Store reads per second for a /me/summary-like page: unread counts and the latest five messages, dossiers and
// documents of anna (the demo seed), with the store of this tree (encrypted) or of another source tree (e.g.
// the commit before encryption, extracted with `git archive`: encryption off). Figures in docs/privacy.md.
//
//   node --import tsx server/test/bench-store.ts [--src DIR] [--engine sqlite|postgres] [--seconds N]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createThrowawayDatabase, testKek } from './engines.js';

const { values } = parseArgs({
  options: {
    src: { type: 'string' },
    engine: { type: 'string', default: 'sqlite' },
    seconds: { type: 'string', default: '3' },
  },
});
const src = path.resolve(values.src ?? path.join(import.meta.dirname, '../src'));
const load = (file: string) => import(pathToFileURL(path.join(src, file)).href);
const { openStore } = await load('store/index.ts');
const { resetDemoData } = await load('demo/seed.ts');
const { loadDemoData } = await load('demo/demo-data.ts');

const dataDir = mkdtempSync(path.join(tmpdir(), 'loket-bench-'));
const database = values.engine === 'postgres' ? await createThrowawayDatabase() : undefined;
const store = await openStore({ dataDir, ...(database ? { databaseUrl: database.url } : {}), kek: testKek() });
try {
  await resetDemoData(store, await loadDemoData());
  const anna = await store.userByUsername('anna');
  const owner = { userId: anna.id, partyId: null };
  const summary = () =>
    Promise.all([
      store.unreadCounts(owner),
      store.messages(owner, { limit: 5 }),
      store.dossiers(owner, { limit: 5 }),
      store.documents(owner, { limit: 5 }),
    ]);
  for (let i = 0; i < 200; i++) await summary();
  const end = Date.now() + Number(values.seconds) * 1000;
  let n = 0;
  const started = process.hrtime.bigint();
  while (Date.now() < end) {
    await summary();
    n += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    JSON.stringify({
      src: path.relative(process.cwd(), src),
      engine: values.engine,
      summaries: n,
      perSecond: Math.round(n / seconds),
      msEach: +((1000 * seconds) / n).toFixed(3),
    }),
  );
} finally {
  await store.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
