// The store: the only way the rest of the service reaches the database. Every method is async, the same for
// SQLite (better-sqlite3) and PostgreSQL (pg); the implementation (Kysely) is the only place with SQL.
//
// Data functions are scoped to an `Owner` ({ userId, partyId }: a citizen acting for themselves, partyId null,
// or for a party they hold a mandate of): an id that belongs to someone else, or to another of the citizen's
// identities, reads as "not found" (undefined).
//
// Times are ISO 8601 strings (UTC, with milliseconds) at this interface, whatever the engine stores.
// The demo data (seed and reset) is not the store's business: see server/src/demo/seed.ts.
//
// Personal values are encrypted inside the store (issue 13; docs/privacy.md "At rest"): callers read and write
// plain values, the database holds AES-256-GCM ciphertext under each citizen's data key, wrapped by the
// key-encryption key that openStore is given (never in the database).
import type { ChainedContent } from '../audit/chain.js';

export type Language = 'nl' | 'fr' | 'en' | 'de';
export type PartyKind = 'person' | 'company' | 'association' | 'organisation';

export interface Owner {
  userId: string;
  /** null: the citizen acts for themselves */
  partyId: string | null;
}

export interface UserRow {
  /** the OIDC subject: stable and opaque, never the username */
  id: string;
  username: string;
  /** scrypt$N$r$p$salt$hash */
  passwordHash: string;
  givenName: string;
  familyName: string;
  language: Language | null;
  createdAt: string;
  /** issue 12; absent or null until it is stored */
  nationalRegisterNumber?: string | null;
}

/** A party the citizen may act for, through one of their mandates. */
export interface MandateRow {
  /** the party's id */
  id: string;
  kind: PartyKind;
  name: string;
  /** public, e.g. a company number; never a national register number */
  identifier: string | null;
  /** the mandate's opaque id: the identity's login hint */
  loginHint: string;
}

export interface MessageRow {
  id: string;
  kind: 'message' | 'registered';
  sender: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  /** registered letters: when the citizen took note of it */
  acknowledgedAt: string | null;
  /** YYYY-MM-DD: the last day it is in the citizen's lists, summary and unread counts; null: no end */
  validUntil: string | null;
}

export interface DossierEventRow {
  status: string;
  at: string;
  note: string | null;
}

export interface DossierRow {
  id: string;
  reference: string;
  title: string;
  status: string;
  decision: 'granted' | 'refused' | null;
  createdAt: string;
  updatedAt: string;
  /** unread while null or older than updatedAt */
  readAt: string | null;
  /** oldest first */
  history: DossierEventRow[];
  /** the supplier's own page of the dossier (https), if it gave one */
  href: string | null;
}

/** What the header's summary shows of an item: no more is read or decrypted for it. */
export interface SummaryItemRow {
  id: string;
  kind: 'message' | 'registered' | 'dossier' | 'document';
  title: string;
  /** a dossier: its last status change */
  createdAt: string;
  read: boolean;
}

/** What a supplier may change of a dossier it published (by its reference). */
export interface DossierChanges {
  title?: string;
  /** null: no link any more */
  href?: string | null;
}

export type DocumentType = 'certificate' | 'permit' | 'attest' | 'decision';

export interface DocumentRow {
  id: string;
  documentType: DocumentType;
  title: string;
  fileName: string;
  createdAt: string;
  validUntil: string | null;
  readAt: string | null;
}

export interface FactRow {
  id: string;
  kind: string;
  label: string;
  value: string;
  validUntil: string | null;
  /** when an accepted correction request last set the value (null: as the register gave it) */
  correctedAt: string | null;
  /** the correction request that set it (its id), with correctedAt */
  correctedBy: string | null;
}

export interface CorrectionInput {
  field: string;
  currentValue?: string | null;
  requestedValue: string;
  reason: string;
  /**
   * the fact the request concerns, when the service holds one (the service looks it up): its value now is kept
   * with the request, so that a decision can see whether it changed since
   */
  factId?: string | null;
}

export type CorrectionStatus = 'open' | 'accepted' | 'rejected';

export interface CorrectionRow {
  id: string;
  field: string;
  currentValue: string | null;
  requestedValue: string;
  reason: string;
  status: CorrectionStatus;
  createdAt: string;
  /** the officer's answer (required for a rejection); null while open */
  answer: string | null;
  decidedAt: string | null;
  /** `staff:<id>` of the officer who decided; null while open */
  decidedBy: string | null;
  /** the fact the request concerns (null: the service holds no such fact; it is corrected elsewhere) */
  factId: string | null;
  /**
   * the fact's value: when the request was made, and once the correction is applied, the value it replaced
   * (null without a fact)
   */
  factValue: string | null;
  /** when the fact took the requested value (accepted and applied); null otherwise */
  appliedAt: string | null;
}

/** The fact a request concerns as it is now, for the officer who opened it. */
export interface CorrectionFact {
  id: string;
  /** null, as the value: the fact is no longer there */
  label: string | null;
  value: string | null;
  /** its value differs from the one it had when the request was made (or it is gone) */
  changedSinceRequest: boolean;
  /**
   * an opaque token of the fact's stored state (it changes with every write); a decision given it applies only
   * when the fact is still in that state
   */
  version: string;
}

/** A correction request on the officers' work list: no personal value (nothing is decrypted for it). */
export interface CorrectionQueueRow {
  id: string;
  owner: Owner;
  field: string;
  status: CorrectionStatus;
  createdAt: string;
  decidedAt: string | null;
}

/** An officer's decision on an open request. */
export interface CorrectionDecision {
  status: 'accepted' | 'rejected';
  answer: string | null;
  /** `staff:<id>` */
  decidedBy: string;
  /** default: now */
  at?: string;
  /**
   * the fact's `version` the officer saw (CorrectionFact): an acceptance applies only when the fact is still in
   * that state. Without it, only when the fact still has the value it had when the request was made.
   */
  factVersion?: string;
}

/** What a decision did. */
export type CorrectionDecisionResult =
  | {
      row: CorrectionRow & { owner: Owner };
      /** false: it was decided already (nothing changed) */
      changed: boolean;
      /** the fact that took the requested value, with the value it replaced */
      applied?: { factId: string; label: string; previousValue: string };
    }
  | {
      row: CorrectionRow & { owner: Owner };
      changed: false;
      /**
       * nothing was decided: the fact changed since the officer saw it (or since the request, without a
       * version), or it is gone; `fact` as it is now
       */
      stale: CorrectionFact;
    };

export interface ListOptions {
  /** at most this many rows */
  limit?: number;
}

export interface UnreadCounts {
  messages: number;
  dossiers: number;
  documents: number;
}

/** One row of the audit log: who, what, how, the outcome. Never personal values, never a token. */
export interface AuditEntry {
  at?: string;
  clientIp: string | null;
  /** users.id when known */
  subject: string | null;
  /** parties.id when the citizen acted for someone else */
  onBehalfOf: string | null;
  /** request path without query (ids only) */
  resource: string;
  /** read, update, create, download, subscribe, sign-in, sign-out, ... */
  operation: string;
  outcome: 'ok' | 'denied' | 'not_found' | 'invalid' | 'error';
  /** the request id of the log line, when there is one */
  requestId?: string | null;
  /**
   * users.id of the citizen whose personal data the request touched (read, written, published to, searched
   * for), when it names one; the same as `subject` when citizens act on their own data. What "who looked at my
   * data" and the consultant's search by citizen read.
   */
  concerns?: string | null;
}

export interface AuditRow extends Required<AuditEntry> {
  id: number;
}

/** An audit row as stored, with its place in the hash chain (for the verifier). */
export interface AuditChainRow extends ChainedContent {
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpoints {
  /** oldest first; each a JWS (EdDSA) over { lastId, lastHash, at } */
  checkpoints: { id: number; lastId: number; jws: string }[];
  /** the head row (unsigned: the checkpoints are what an attacker cannot write) */
  head: { lastId: number; lastHash: string };
}

/** Who asked for an erasure or a rotation: their audit row's fields. */
export interface AuditContext {
  clientIp?: string | null;
  /** the staff member or operator (an opaque id), when known */
  actor?: string | null;
  requestId?: string | null;
}

export interface AuditQuery {
  /** rows with an id greater than this */
  afterId?: number;
  /** rows with an id smaller than this */
  beforeId?: number;
  subject?: string;
  onBehalfOf?: string;
  /** rows that touched this citizen's data (AuditEntry.concerns) */
  concerns?: string;
  /** rows whose actor is not this one (rows without an actor included): "who else looked at my data" (issue 14) */
  notSubject?: string;
  resource?: string;
  operation?: string;
  /** rows at or after this time (ISO 8601) */
  from?: string;
  /** rows before this time (ISO 8601; exclusive) */
  to?: string;
  clientIp?: string;
  outcome?: AuditEntry['outcome'];
  /** rows whose subject or concerns is this id: everything a citizen did or had done to their data */
  subjectOrConcerns?: string;
  /** default 100, at most 1000 */
  limit?: number;
  /** default false: oldest first */
  newestFirst?: boolean;
}

// ---- writing content (the demo seed now; the publish API, issue 12) -----------------------------------

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  givenName: string;
  familyName: string;
  language: Language | null;
  /** default: now */
  createdAt?: string;
  /** issue 12: stored encrypted, found through its blind index */
  nationalRegisterNumber?: string | null;
}

export interface NewParty {
  id: string;
  kind: PartyKind;
  name: string;
  identifier?: string | null;
}

export interface NewMandate {
  /** opaque: the identity's login hint */
  id: string;
  userId: string;
  partyId: string;
  /** order in the citizen's list of identities */
  position?: number;
}

export interface NewMessage {
  id: string;
  owner: Owner;
  kind: 'message' | 'registered';
  sender: string;
  title: string;
  body: string;
  createdAt: string;
  readAt?: string | null;
  acknowledgedAt?: string | null;
  /** YYYY-MM-DD: the last day it is shown */
  validUntil?: string | null;
}

export interface NewDossier {
  id: string;
  owner: Owner;
  reference: string;
  title: string;
  decision?: 'granted' | 'refused' | null;
  readAt?: string | null;
  /** the supplier's own page of the dossier (https) */
  href?: string | null;
  /** at least one, oldest first: the first gives createdAt, the last the status and updatedAt */
  history: DossierEventRow[];
}

export interface NewDocument {
  id: string;
  owner: Owner;
  documentType: DocumentType;
  title: string;
  fileName: string;
  createdAt: string;
  validUntil?: string | null;
  readAt?: string | null;
}

export interface NewFact {
  id: string;
  owner: Owner;
  kind: string;
  label: string;
  value: string;
  validUntil?: string | null;
  /** order in the citizen's list of facts */
  position?: number;
}

/** Inserts; `writeBatch` runs several in one transaction. An id that exists already is an error. */
export interface ContentWriter {
  insertUser(user: NewUser): Promise<void>;
  insertParty(party: NewParty): Promise<void>;
  insertMandate(mandate: NewMandate): Promise<void>;
  insertMessage(message: NewMessage): Promise<void>;
  insertDossier(dossier: NewDossier): Promise<void>;
  /**
   * a new status: the dossier's status and updatedAt follow; `decision` (when given) replaces the dossier's
   * decision (null clears it); false when the dossier is not the owner's
   */
  addDossierEvent(
    owner: Owner,
    dossierId: string,
    event: DossierEventRow,
    decision?: 'granted' | 'refused' | null,
  ): Promise<boolean>;
  /** a dossier's title and link (no new status: its updatedAt stays); false when it is not the owner's */
  updateDossier(owner: Owner, dossierId: string, changes: DossierChanges): Promise<boolean>;
  insertDocument(document: NewDocument): Promise<void>;
  insertFact(fact: NewFact): Promise<void>;
  /**
   * Deletes every citizen and party with all their data, corrections and host sessions (the demo's reset);
   * `clearAudit`: the audit log too; `clearOidc`: the provider's state too.
   */
  deleteAllCitizens(options?: { clearAudit?: boolean; clearOidc?: boolean }): Promise<void>;
}

/** oidc-provider's stored models (Session, Grant, AuthorizationCode, RefreshToken, Interaction, ...). */
export interface OidcModelStore {
  upsert(
    model: string,
    id: string,
    payload: Record<string, unknown>,
    expiresInSeconds: number | undefined,
  ): Promise<void>;
  find(model: string, id: string): Promise<Record<string, unknown> | undefined>;
  findByUid(model: string, uid: string): Promise<Record<string, unknown> | undefined>;
  findByUserCode(model: string, userCode: string): Promise<Record<string, unknown> | undefined>;
  consume(model: string, id: string): Promise<void>;
  /** destroying a Grant also forgets the party it acted for */
  destroy(model: string, id: string): Promise<void>;
  /** deletes every row of this model issued under the grant (the Grant itself goes through destroy) */
  revokeByGrantId(model: string, grantId: string): Promise<void>;
  /** deletes expired rows (and the parties of grants that are gone); returns how many models */
  purgeExpired(): Promise<number>;
}

/** Staff sessions (the service's staff pages): only a hash of the cookie value is stored. */
export interface StaffSessionStore {
  create(session: { idHash: string; staffId: string; idleExpiresAt: string; expiresAt: string }): Promise<void>;
  /** the live session (neither end passed), or undefined */
  find(idHash: string, now?: string): Promise<{ staffId: string; createdAt: string; expiresAt: string } | undefined>;
  /** moves the idle end (never past the absolute end) */
  touch(idHash: string, idleExpiresAt: string): Promise<void>;
  destroy(idHash: string): Promise<void>;
  /** deletes sessions past either end; returns how many */
  purgeExpired(now?: string): Promise<number>;
}

/**
 * The DPoP proofs the profile API accepted (RFC 9449 section 11.1: a proof is used once). Shared by every
 * instance on one database, so a proof replayed at another instance is refused too.
 */
export interface DpopProofStore {
  /**
   * Records a proof (`idHash`: a hash of its key's thumbprint and its jti) until `expiresAt`, atomically: true
   * when it is new, false when it was recorded before and has not expired (a replay).
   */
  remember(idHash: string, expiresAt: string, now?: string): Promise<boolean>;
  /** deletes the records past their expiry; returns how many */
  purgeExpired(now?: string): Promise<number>;
}

export interface HostSessionStore {
  /** `idHash`: a hash of the cookie value; the value itself is never stored */
  create(session: { idHash: string; userId: string; partyId: string | null; expiresAt: string }): Promise<void>;
  /** undefined when there is none or it has expired */
  find(
    idHash: string,
  ): Promise<{ userId: string; partyId: string | null; createdAt: string; expiresAt: string } | undefined>;
  /** moves a live session's end (the idle limit: each use starts it again, up to the absolute end) */
  touch(idHash: string, expiresAt: string): Promise<void>;
  destroy(idHash: string): Promise<void>;
  /** deletes sessions that expired before `now` (default: now); returns how many */
  purgeExpired(now?: string): Promise<number>;
}

/** The provider's signing keys and cookie keys: shared by every instance on one database. */
export interface ServiceKeys {
  /** private JWKs (with kid, alg, use) */
  jwks: { keys: Record<string, unknown>[] };
  cookieKeys: string[];
}

/**
 * "The summary of this owner changed": carried to every instance on the same database (in-process on SQLite,
 * LISTEN/NOTIFY on PostgreSQL). No personal data: the owner's opaque ids only.
 */
export interface ChangeFeed {
  publish(owner: Owner): Promise<void>;
  /** returns an unsubscribe function */
  subscribe(listener: (owner: Owner) => void): () => void;
}

export interface Store extends ContentWriter {
  readonly engine: 'sqlite' | 'postgres';

  userById(id: string): Promise<UserRow | undefined>;
  /** through the username's blind index */
  userByUsername(username: string): Promise<UserRow | undefined>;
  /** through the number's blind index (issue 12) */
  userByNationalRegisterNumber(nationalRegisterNumber: string): Promise<UserRow | undefined>;
  /** replaces a citizen's password hash (a hash of older parameters, upgraded at a successful sign-in) */
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** the keyed hash (HMAC-SHA-256) that lookups by a personal value use; `kind` e.g. 'username', 'nrn' */
  blindIndex(kind: string, value: string): string;
  userCount(): Promise<number>;

  /** the parties a citizen may act for, in their order */
  mandates(userId: string): Promise<MandateRow[]>;

  /** the party an oidc grant acts for (a party id), or null */
  grantParty(grantId: string | undefined): Promise<string | null>;
  /** null: the grant acts for the citizen themselves */
  setGrantParty(grantId: string, partyId: string | null): Promise<void>;

  /**
   * newest first; `limit`: only the newest that many. Messages past their validUntil (a date in Belgium) are left
   * out of every list, the summary and the unread counts; `message(owner, id)` still finds them.
   */
  messages(owner: Owner, options?: ListOptions): Promise<MessageRow[]>;
  message(owner: Owner, id: string): Promise<MessageRow | undefined>;
  /** marks read (a registered letter is acknowledged only by publish.acknowledgeLetter); `changed`: it was unread before */
  markMessageRead(owner: Owner, id: string, at?: string): Promise<{ row: MessageRow | undefined; changed: boolean }>;

  /** the most recently changed first */
  dossiers(owner: Owner, options?: ListOptions): Promise<DossierRow[]>;
  dossier(owner: Owner, id: string): Promise<DossierRow | undefined>;
  /** returns true when it was unread before */
  markDossierRead(owner: Owner, id: string, at?: string): Promise<boolean>;

  /** newest first */
  documents(owner: Owner, options?: ListOptions): Promise<DocumentRow[]>;
  document(owner: Owner, id: string): Promise<DocumentRow | undefined>;
  /** returns true when it was unread before */
  markDocumentRead(owner: Owner, id: string, at?: string): Promise<boolean>;

  facts(owner: Owner): Promise<FactRow[]>;

  createCorrection(owner: Owner, input: CorrectionInput): Promise<CorrectionRow>;
  /** newest first */
  corrections(owner: Owner): Promise<CorrectionRow[]>;
  correction(owner: Owner, id: string): Promise<CorrectionRow | undefined>;
  /** every citizen's requests for the officers' work list: open ones first (oldest first), then the decided (newest first) */
  correctionQueue(options?: ListOptions): Promise<CorrectionQueueRow[]>;
  /** one request with its owner, decrypted (the officer opened it), and the fact it concerns as it is now */
  correctionById(id: string): Promise<(CorrectionRow & { owner: Owner; fact: CorrectionFact | null }) | undefined>;
  /**
   * Decides an open request (only once: `changed` false when it was decided already, the row as it is); the
   * answer is stored encrypted. Accepting a request that concerns a fact gives the fact the requested value in
   * the same transaction (`applied`), unless the fact changed (see `factVersion`) or is gone: then nothing is
   * decided (`stale`). undefined when there is no such request.
   */
  decideCorrection(id: string, decision: CorrectionDecision): Promise<CorrectionDecisionResult | undefined>;

  unreadCounts(owner: Owner): Promise<UnreadCounts>;
  /**
   * The header's summary: the unread counts and the latest `limit` items of any kind, newest first (as
   * `messages`, `dossiers` and `documents` order them), each with only its title decrypted.
   */
  summary(owner: Owner, limit?: number): Promise<{ unread: UnreadCounts; latest: SummaryItemRow[] }>;

  /** appends to the hash chain (serialised across instances); signs a checkpoint when one is due */
  appendAudit(entry: AuditEntry): Promise<void>;
  auditRows(query?: AuditQuery): Promise<AuditRow[]>;
  /** the chain as stored, oldest first, for the verifier */
  auditChain(afterId?: number, limit?: number): Promise<AuditChainRow[]>;
  auditCheckpoints(): Promise<AuditCheckpoints>;
  /** signs the chain's head now (when rows were appended since the last checkpoint) */
  auditCheckpoint(): Promise<void>;
  /** the public key that checks the checkpoints (its private half is unwrapped by the KEK) */
  auditVerificationKey(): import('node:crypto').KeyObject;

  /**
   * Erases a citizen: their data key (so no copy of their rows, in a backup say, can be read any more) and
   * their rows, their queued mails included; the erasure is an audit row. False when there was no such citizen.
   */
  eraseCitizen(userId: string, context?: AuditContext): Promise<boolean>;
  /**
   * Wraps every data key again under the key-encryption key's current key (`npm run keys:rotate`), in
   * batches, while the service runs; returns how many. An audit row says it happened.
   */
  rewrapDataKeys(options?: {
    batchSize?: number;
    onBatch?: (done: number) => void | Promise<void>;
    context?: AuditContext;
  }): Promise<number>;

  readonly oidc: OidcModelStore;
  readonly hostSessions: HostSessionStore;
  readonly staffSessions: StaffSessionStore;
  readonly dpopProofs: DpopProofStore;
  readonly changes: ChangeFeed;
  /** the publish API's clients, items, files, receipts and idempotency keys (issue 12) */
  readonly publish: import('./publish.js').PublishStore;
  /** the citizen's choices: correspondence, e-mail notices (issue 14) */
  readonly preferences: import('./preferences.js').PreferencesStore;
  /** mails still to send, shared by the instances (issue 14, migration 0015) */
  readonly mailOutbox: import('./mail-outbox.js').MailOutboxStore;

  /** the keys of this database, created by the first instance that needs them (race-safe) */
  loadOrCreateKeys(create: () => Promise<ServiceKeys>): Promise<ServiceKeys>;

  /** runs `write` in one transaction: all its inserts or none */
  writeBatch<T>(write: (writer: ContentWriter) => Promise<T>): Promise<T>;

  /** true when the database answers (for /readyz) */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
