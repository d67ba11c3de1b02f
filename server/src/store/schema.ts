// The tables as Kysely sees them: column names and the types the query builder checks. Times are ISO 8601
// text on both engines (UTC, milliseconds, "Z"), so they sort as text and read back unchanged.

import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  given_name: string;
  family_name: string;
  language: string | null;
  created_at: string;
}

export interface PartiesTable {
  id: string;
  kind: string;
  name: string;
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
  sender: string;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
  acknowledged_at: string | null;
}

export interface DossiersTable extends Owned {
  id: string;
  reference: string;
  title: string;
  status: string;
  decision: string | null;
  created_at: string;
  updated_at: string;
  read_at: string | null;
}

export interface DossierEventsTable {
  id: Generated<number>;
  dossier_id: string;
  status: string;
  at: string;
  note: string | null;
}

export interface DocumentsTable extends Owned {
  id: string;
  document_type: string;
  title: string;
  file_name: string;
  created_at: string;
  valid_until: string | null;
  read_at: string | null;
}

export interface FactsTable extends Owned {
  id: string;
  kind: string;
  label: string;
  value: string;
  valid_until: string | null;
  position: number;
}

export interface CorrectionsTable extends Owned {
  id: string;
  field: string;
  current_value: string | null;
  requested_value: string;
  reason: string;
  status: string;
  created_at: string;
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
  /** JSON of ServiceKeys */
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
}
