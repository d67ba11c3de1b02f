// The tables as Kysely sees them: column names and the types the query builder checks. Times are ISO 8601
// text on both engines (UTC, milliseconds, "Z"), so they sort as text and read back unchanged.

import type { ColumnType, Generated } from 'kysely';

// Personal values are stored encrypted (AES-256-GCM under the owner's data key: `e1.` + base64); the comments
// say which. Ids, kinds, statuses, times and foreign keys stay clear: the queries need them.

export interface UsersTable {
  id: string;
  /** encrypted */
  username: string;
  /** blind index of the username: the lookup at sign-in */
  username_index: string;
  /** encrypted, nullable: issue 12 */
  national_register: string | null;
  /** blind index of the national register number */
  national_register_index: string | null;
  password_hash: string;
  /** encrypted */
  given_name: string;
  /** encrypted */
  family_name: string;
  language: string | null;
  created_at: string;
}

export interface PartiesTable {
  id: string;
  kind: string;
  /** encrypted under the party's data key */
  name: string;
  /** encrypted under the party's data key */
  identifier: string | null;
}

export interface MandatesTable {
  id: string;
  user_id: string;
  party_id: string;
  position: number;
}

/** Columns every citizen's item has: whose it is. `party_id` null: the citizen's own. */
interface Owned {
  user_id: string;
  party_id: string | null;
}

export interface MessagesTable extends Owned {
  id: string;
  kind: string;
  /** encrypted */
  sender: string;
  /** encrypted */
  title: string;
  /** encrypted */
  body: string;
  created_at: string;
  read_at: string | null;
  acknowledged_at: string | null;
  /** YYYY-MM-DD: the last day the message is shown (migration 0008); null: always */
  valid_until: string | null;
}

export interface DossiersTable extends Owned {
  id: string;
  /** encrypted */
  reference: string;
  /** encrypted */
  title: string;
  status: string;
  decision: string | null;
  created_at: string;
  updated_at: string;
  read_at: string | null;
  /** encrypted: the supplier's page of the dossier (migration 0008); null: none */
  href: string | null;
}

export interface DossierEventsTable {
  id: Generated<number>;
  dossier_id: string;
  status: string;
  at: string;
  /** encrypted */
  note: string | null;
}

export interface DocumentsTable extends Owned {
  id: string;
  document_type: string;
  /** encrypted */
  title: string;
  /** encrypted */
  file_name: string;
  created_at: string;
  valid_until: string | null;
  read_at: string | null;
}

export interface FactsTable extends Owned {
  id: string;
  kind: string;
  /** encrypted */
  label: string;
  /** encrypted */
  value: string;
  valid_until: string | null;
  position: number;
  /** when an accepted correction set the value (migration 0014) */
  corrected_at: string | null;
  /** the id of that correction request */
  corrected_by: string | null;
}

export interface CorrectionsTable extends Owned {
  id: string;
  field: string;
  /** encrypted */
  current_value: string | null;
  /** encrypted */
  requested_value: string;
  /** encrypted */
  reason: string;
  /** open, accepted, rejected (migration 0010; `received` before) */
  status: string;
  created_at: string;
  /** encrypted: the officer's answer (migration 0010) */
  answer: string | null;
  decided_at: string | null;
  /** `staff:<id>` of the officer who decided */
  decided_by: string | null;
  /** the fact the request concerns (migration 0014; no foreign key: the request outlives a removed fact) */
  fact_id: string | null;
  /** encrypted: the fact's value when the request was made; once applied, the value it replaced */
  fact_value: string | null;
  /** when the fact took the requested value */
  applied_at: string | null;
}

/** A staff member's session (migration 0010): only a hash of the cookie value. */
export interface StaffSessionsTable {
  id_hash: string;
  /** the staff registry's id */
  staff_id: string;
  created_at: string;
  /** moved on by each request, up to expires_at */
  idle_expires_at: string;
  expires_at: string;
}

/** Issue 13 (DPoP): the proofs the profile API accepted, by a hash of their key and jti, until they go stale. */
export interface DpopProofsTable {
  /** SHA-256 of the proof key's thumbprint and the proof's jti: no token, key or proof is stored */
  id_hash: string;
  /** after this the proof is refused for its age anyway: the row may go */
  expires_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  client_ip: string | null;
  subject: string | null;
  on_behalf_of: string | null;
  resource: string;
  operation: string;
  outcome: string;
  request_id: string | null;
  /** the citizen whose data the request touched (users.id), when known (migration 0004) */
  concerns: string | null;
  /** the hash of the row before (64 zeros for the first) */
  prev_hash: string;
  /** SHA-256 of prev_hash and this row's canonical content (audit-chain.ts) */
  hash: string;
}

/** One row (id 1): the chain's head; appends lock it, so they are serialised across instances. */
export interface AuditHeadTable {
  id: number;
  last_id: number;
  last_hash: string;
  /** rows appended since the last checkpoint */
  pending: number;
  /** when the last checkpoint was signed */
  checkpoint_at: string | null;
}

/** A signed statement of the chain's head: a JWS (EdDSA) over { lastId, lastHash, at }. */
export interface AuditCheckpointsTable {
  id: Generated<number>;
  last_id: number;
  jws: string;
  created_at: string;
}

/** Data keys and system keys, each wrapped by the key-encryption key (which is not in the database). */
export interface DataKeysTable {
  /** `user:<id>`, `party:<id>` or `system:<name>` */
  id: string;
  /** which key-encryption key wrapped it (a fingerprint) */
  kek_id: string;
  wrapped: string;
  created_at: string;
}

export interface OidcModelsTable {
  model: string;
  /** SHA-256 of the model's id: for tokens and sessions the id is the secret itself */
  id_hash: string;
  /** JSON, without the id */
  payload: string;
  grant_id: string | null;
  uid_hash: string | null;
  user_code_hash: string | null;
  /** null: no expiry */
  expires_at: string | null;
}

export interface GrantPartiesTable {
  grant_id: string;
  party_id: string;
}

export interface HostSessionsTable {
  id_hash: string;
  user_id: string;
  party_id: string | null;
  created_at: string;
  expires_at: string;
}

/** One row, written once by the first instance; every instance on the database reads it. */
export interface ServiceKeysTable {
  name: string;
  /** JSON of ServiceKeys, encrypted under the system key `system:service-keys` */
  value: string;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  parties: PartiesTable;
  mandates: MandatesTable;
  messages: MessagesTable;
  dossiers: DossiersTable;
  dossier_events: DossierEventsTable;
  documents: DocumentsTable;
  facts: FactsTable;
  corrections: CorrectionsTable;
  audit_log: AuditLogTable;
  oidc_models: OidcModelsTable;
  grant_parties: GrantPartiesTable;
  host_sessions: HostSessionsTable;
  service_keys: ServiceKeysTable;
  data_keys: DataKeysTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
  publish_clients: PublishClientsTable;
  published_items: PublishedItemsTable;
  idempotency_keys: IdempotencyKeysTable;
  citizen_preferences: CitizenPreferencesTable;
  staff_sessions: StaffSessionsTable;
  dpop_proofs: DpopProofsTable;
  mail_outbox: MailOutboxTable;
}

/** Issue 14: mails still to send (migration 0015), shared by the instances; a row goes once its mail is sent. */
export interface MailOutboxTable {
  id: string;
  /** the citizen the mail is for: their data key encrypts it, their erasure removes it */
  user_id: string;
  /** 'notice' or 'confirmation': what the log and the audit row may say */
  kind: string;
  /** encrypted: the address */
  recipient: string;
  /** encrypted: JSON { subject, text, headers } (a confirmation link's token is in the text) */
  content: string;
  /** unique while set: one notice waiting per citizen */
  coalesce_key: string | null;
  /** attempts begun (counted when a sender claims the row) */
  attempts: ColumnType<number, number | undefined, number>;
  /** not sent before this */
  next_attempt_at: string;
  /** the claim of the instance sending it now (random), until `lease_until` */
  lease_token: string | null;
  lease_until: string | null;
  /** the last failure's code (ECONNREFUSED, 451, …): never an address or text */
  last_error: string | null;
  created_at: string;
}

/** Issue 12: the publish API's clients (no personal data). */
export interface PublishClientsTable {
  id: string;
  name: string;
  /** JSON of a public JWK Set */
  jwks: string | null;
  jwks_uri: string | null;
  /** space-separated */
  scope: string;
  created_at: string;
  removed_at: string | null;
}

/** What a client published: kind dossier, message, document or letter (a letter's item is its message). */
export interface PublishedItemsTable {
  kind: string;
  item_id: string;
  client_id: string;
  /** the client's own reference (dossiers) */
  reference: string | null;
  /** dossiers: their case type (which statuses apply) */
  case_type: string | null;
  /** dossiers: the client's latest status (its own name, e.g. more_information_needed) */
  status: string | null;
  user_id: string;
  party_id: string | null;
  sha256: string | null;
  /** encrypted: the PDF as base64, under the citizen's data key */
  file: string | null;
  created_at: string;
  acknowledged_at: string | null;
  /** the receipt (a JWS) */
  receipt: string | null;
}

export interface IdempotencyKeysTable {
  client_id: string;
  key: string;
  request_hash: string;
  /** null while the first request with this key is in flight */
  status: number | null;
  response: string | null;
  created_at: string;
}

/** Issue 14: the citizen's choices (one row per citizen who made one; none: digital, no e-mail notices). */
export interface CitizenPreferencesTable {
  user_id: string;
  /** 'digital' or 'paper' */
  correspondence: string;
  /** encrypted: the address for e-mail notices */
  email: string | null;
  /** nl, fr, en or de: the language of the mails */
  email_language: string | null;
  /** null: not (yet) confirmed, and no notice is sent */
  email_confirmed_at: string | null;
  /** SHA-256 of the confirmation token (the token itself is only in the mail) */
  email_token_hash: string | null;
  email_token_expires_at: string | null;
  updated_at: string;
}
