// SQLite storage (better-sqlite3): one file, WAL mode, schema versioned with PRAGMA user_version.
// Add a migration by appending to MIGRATIONS; never edit one that has shipped.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const MIGRATIONS = [
  // 1: citizens and their data, corrections, audit log
  `
  CREATE TABLE users (
    id            TEXT PRIMARY KEY,           -- the OIDC subject: stable and opaque, never the username
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,              -- scrypt$N$r$p$salt$hash
    given_name    TEXT NOT NULL,
    family_name   TEXT NOT NULL,
    language      TEXT CHECK (language IN ('nl', 'fr', 'en', 'de')),
    created_at    TEXT NOT NULL
  );
  CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('message', 'registered')),
    sender          TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    read_at         TEXT,
    acknowledged_at TEXT                      -- registered letters: when the citizen took note of it
  );
  CREATE INDEX messages_by_user ON messages (user_id, created_at DESC);
  CREATE TABLE dossiers (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reference   TEXT NOT NULL,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('received', 'in_progress', 'decided')),
    decision    TEXT CHECK (decision IN ('granted', 'refused')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    read_at     TEXT                          -- unread while NULL or older than updated_at
  );
  CREATE INDEX dossiers_by_user ON dossiers (user_id, updated_at DESC);
  CREATE TABLE dossier_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('received', 'in_progress', 'decided')),
    at          TEXT NOT NULL,
    note        TEXT
  );
  CREATE INDEX dossier_events_by_dossier ON dossier_events (dossier_id, at);
  CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    document_type TEXT NOT NULL CHECK (document_type IN ('certificate', 'permit', 'attest', 'decision')),
    title         TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    valid_until   TEXT,
    read_at       TEXT
  );
  CREATE INDEX documents_by_user ON documents (user_id, created_at DESC);
  CREATE TABLE facts (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL,
    value       TEXT NOT NULL,
    valid_until TEXT,
    position    INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE corrections (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    field           TEXT NOT NULL,
    current_value   TEXT,
    requested_value TEXT NOT NULL,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'received',
    created_at      TEXT NOT NULL
  );
  -- One row per access to personal data. Never the data itself, never a token.
  CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    client_ip   TEXT,
    subject     TEXT,                         -- users.id when known
    resource    TEXT NOT NULL,                -- request path without query (ids only)
    operation   TEXT NOT NULL,                -- read, update, create, download, subscribe, sign-in, sign-out
    outcome     TEXT NOT NULL                 -- ok, denied, not_found, invalid, error
  );
  CREATE INDEX audit_log_by_subject ON audit_log (subject, id);
  `,
  // 2: oidc-provider's models (sessions, grants, codes, refresh tokens, ...) and host-mode sessions
  `
  CREATE TABLE oidc_models (
    model       TEXT NOT NULL,
    id          TEXT NOT NULL,
    payload     TEXT NOT NULL,
    grant_id    TEXT,
    uid         TEXT,
    user_code   TEXT,
    expires_at  INTEGER,                      -- epoch seconds; NULL: no expiry
    PRIMARY KEY (model, id)
  );
  CREATE INDEX oidc_models_by_grant ON oidc_models (grant_id) WHERE grant_id IS NOT NULL;
  CREATE INDEX oidc_models_by_uid ON oidc_models (model, uid) WHERE uid IS NOT NULL;
  CREATE INDEX oidc_models_by_user_code ON oidc_models (model, user_code) WHERE user_code IS NOT NULL;
  CREATE TABLE host_sessions (
    id_hash     TEXT PRIMARY KEY,             -- sha256 of the cookie value; the value itself is not stored
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
  );
  `,
  // 3: identities. A citizen may act for someone else (their child, a company, an association): a mandate
  // links a citizen to a party and its id is the identity's login hint. Items and facts may belong to a party
  // (party_id; NULL: the citizen's own); a provider grant or a host session acts for at most one party; audit
  // rows name the party acted for.
  `
  CREATE TABLE parties (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'company', 'association', 'organisation')),
    name        TEXT NOT NULL,
    identifier  TEXT                          -- public, e.g. a company number; never a national register number
  );
  CREATE TABLE mandates (
    id          TEXT PRIMARY KEY,             -- opaque; the identity's login hint
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    party_id    TEXT NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, party_id)
  );
  ALTER TABLE messages ADD COLUMN party_id TEXT REFERENCES parties(id) ON DELETE CASCADE;
  ALTER TABLE dossiers ADD COLUMN party_id TEXT REFERENCES parties(id) ON DELETE CASCADE;
  ALTER TABLE documents ADD COLUMN party_id TEXT REFERENCES parties(id) ON DELETE CASCADE;
  ALTER TABLE facts ADD COLUMN party_id TEXT REFERENCES parties(id) ON DELETE CASCADE;
  ALTER TABLE corrections ADD COLUMN party_id TEXT REFERENCES parties(id) ON DELETE CASCADE;
  ALTER TABLE host_sessions ADD COLUMN party_id TEXT REFERENCES parties(id) ON DELETE CASCADE;
  ALTER TABLE audit_log ADD COLUMN on_behalf_of TEXT;  -- parties.id when the citizen acted for someone else
  -- the party a provider grant acts for (a grant never changes party: a switch makes a new grant)
  CREATE TABLE grant_parties (
    grant_id    TEXT PRIMARY KEY,
    party_id    TEXT NOT NULL REFERENCES parties(id) ON DELETE CASCADE
  );
  `,
];

/** Opens (and creates or migrates) `dataDir/loket.sqlite`. */
export function openDatabase(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'loket.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db) {
  const current = db.pragma('user_version', { simple: true });
  if (current > MIGRATIONS.length) {
    throw new Error(`loket.sqlite has schema version ${current}, newer than this backend (${MIGRATIONS.length})`);
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return db.pragma('user_version', { simple: true });
}
