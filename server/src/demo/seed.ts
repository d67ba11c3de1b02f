// Seeding the demo: the citizens of the demo data file, written through the store like any content. A reset
// puts back the same ids, unread again, with times relative to the moment of the reset.

import { hashPassword, needsRehash } from '../auth/passwords.js';
import type { Store } from '../store/store.js';
import { demoContentAt, type DemoDataFile } from './demo-data.js';

const DAY_MS = 24 * 3600_000;

// The demo's citizens share one password and one hash of it, so seeding and resets stay fast: the data file's
// `passwordHash` (no scrypt at all; seed.test checks it matches), else one hash per process (one scrypt at today's
// parameters, about half a second of a core). Demo only: a real municipality's citizens each have their own salt.
const demoHashes = new Map<string, Promise<string>>();
function demoPasswordHash(password: string, given: string | undefined): Promise<string> {
  if (given !== undefined && !needsRehash(given)) return Promise.resolve(given);
  let hash = demoHashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hash.catch(() => demoHashes.delete(password));
    demoHashes.set(password, hash);
  }
  return hash;
}

export interface ResetOptions {
  /** the moment the demo's relative times count from (default: now) */
  now?: number;
  /** empty the audit log too */
  clearAudit?: boolean;
  /** forget the provider's sessions, grants and tokens too */
  clearOidc?: boolean;
}

/** Deletes every citizen and their content, and writes the demo's again, in one transaction. */
export async function resetDemoData(store: Store, data: DemoDataFile, options: ResetOptions = {}): Promise<void> {
  const now = options.now ?? Date.now();
  const content = demoContentAt(data, now);
  // Hashed before the transaction: scrypt takes a while and must not hold the database's write lock.
  const passwordHash = await demoPasswordHash(content.password, content.passwordHash);
  const createdAt = new Date(now - 400 * DAY_MS).toISOString();
  await store.writeBatch(async (w) => {
    await w.deleteAllCitizens({ clearAudit: options.clearAudit, clearOidc: options.clearOidc });
    for (const user of content.users) await w.insertUser({ ...user, passwordHash, createdAt });
    for (const party of content.parties) await w.insertParty(party);
    for (const mandate of content.mandates) await w.insertMandate(mandate);
    for (const message of content.messages) await w.insertMessage(message);
    for (const dossier of content.dossiers) await w.insertDossier(dossier);
    for (const document of content.documents) await w.insertDocument(document);
    for (const fact of content.facts) await w.insertFact(fact);
  });
}

/** Seeds when there are no citizens yet (a new database); true when it did. */
export async function seedIfEmpty(store: Store, data: DemoDataFile): Promise<boolean> {
  // Two instances starting on one new database both try; the one that lost (SQLite answers "database is
  // locked" while the other's transaction holds the write lock) waits for the winner's commit and finds the demo
  // seeded. Both reach the transaction together since the demo's password hash is shared (hashed once).
  for (let attempt = 1; ; attempt += 1) {
    if ((await store.userCount()) > 0) return false;
    try {
      await resetDemoData(store, data);
      return true;
    } catch (error) {
      if ((await store.userCount()) > 0) return false;
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
