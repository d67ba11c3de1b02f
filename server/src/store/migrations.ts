// The schema's versions, oldest first, as code (no files read at run time, so a build runs them as they are).
// Written once for both engines with Kysely's schema builder. Add a migration by appending an entry with the
// next number; never edit one that has shipped.

import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { chainHash, GENESIS, type ChainedContent } from '../audit/chain.js';

export type Engine = 'sqlite' | 'postgres';

/** An integer id the database assigns: `serial` on PostgreSQL, a rowid alias on SQLite. */
function generatedId(
  engine: Engine,
): ['serial' | 'integer', (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return engine === 'postgres'
    ? ['serial', (column) => column.primaryKey()]
    : ['integer', (column) => column.primaryKey().autoIncrement()];
}

// Kysely<unknown>: a migration sees the schema as it was when it shipped, not as schema.ts describes it today.
function initial(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const [idType, idColumn] = generatedId(engine);
      const owned = (table: string) =>
        db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('party_id', 'text', (c) => c.references('parties.id').onDelete('cascade'));
      const ownerIndex = (table: string, time: string) =>
        db.schema.createIndex(`${table}_by_owner`).on(table).columns(['user_id', 'party_id', time]);

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('given_name', 'text', (c) => c.notNull())
        .addColumn('family_name', 'text', (c) => c.notNull())
        .addColumn('language', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('parties')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('identifier', 'text')
        .execute();

      await db.schema
        .createTable('mandates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('mandates_user_party', ['user_id', 'party_id'])
        .execute();

      await owned('messages')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .addColumn('acknowledged_at', 'text')
        .execute();
      await ownerIndex('messages', 'created_at').execute();

      await owned('dossiers')
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decision', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .execute();
      await ownerIndex('dossiers', 'updated_at').execute();

      await db.schema
        .createTable('dossier_events')
        .addColumn('id', idType, idColumn)
        .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema
        .createIndex('dossier_events_by_dossier')
        .on('dossier_events')
        .columns(['dossier_id', 'at'])
        .execute();

      await owned('documents')
        .addColumn('document_type', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('read_at', 'text')
        .execute();
      await ownerIndex('documents', 'created_at').execute();

      await owned('facts')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await ownerIndex('facts', 'position').execute();

      await owned('corrections')
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('current_value', 'text')
        .addColumn('requested_value', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await ownerIndex('corrections', 'created_at').execute();

      // No foreign keys: an audit row outlives the citizen and the party it names.
      await db.schema
        .createTable('audit_log')
        .addColumn('id', idType, idColumn)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('client_ip', 'text')
        .addColumn('subject', 'text')
        .addColumn('on_behalf_of', 'text')
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .execute();
      await db.schema.createIndex('audit_log_by_subject').on('audit_log').columns(['subject', 'id']).execute();

      await db.schema
        .createTable('oidc_models')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('id_hash', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('uid_hash', 'text')
        .addColumn('user_code_hash', 'text')
        .addColumn('expires_at', 'text')
        .addPrimaryKeyConstraint('oidc_models_pk', ['model', 'id_hash'])
        .execute();
      await db.schema.createIndex('oidc_models_by_grant').on('oidc_models').column('grant_id').execute();
      await db.schema.createIndex('oidc_models_by_uid').on('oidc_models').columns(['model', 'uid_hash']).execute();
      await db.schema
        .createIndex('oidc_models_by_user_code')
        .on('oidc_models')
        .columns(['model', 'user_code_hash'])
        .execute();
      await db.schema.createIndex('oidc_models_by_expiry').on('oidc_models').column('expires_at').execute();

      // The party a provider grant acts for (a grant never changes party: a switch makes a new grant).
      await db.schema
        .createTable('grant_parties')
        .addColumn('grant_id', 'text', (c) => c.primaryKey())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id').onDelete('cascade'))
        .execute();

      await db.schema
        .createTable('host_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('party_id', 'text', (c) => c.references('parties.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('service_keys')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Issue 13: personal values encrypted, the audit log hash-chained. The service had not been released when
 * encryption came: the only databases with plain-text citizens are demo and test databases, whose citizens are
 * the demo seed. Their plain-text content is deleted here rather than kept readable (the demo seeds again on
 * start), and so is the provider's keys row (plain text; made again, encrypted). Audit rows are kept: the
 * existing ones are chained here, oldest first.
 */
function encryptionAndChain(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const [idType, idColumn] = generatedId(engine);
      await sql`delete from users`.execute(db);
      await sql`delete from parties`.execute(db);
      await sql`delete from service_keys`.execute(db);

      await db.schema.alterTable('users').addColumn('username_index', 'text').execute();
      await db.schema.alterTable('users').addColumn('national_register', 'text').execute();
      await db.schema.alterTable('users').addColumn('national_register_index', 'text').execute();
      await db.schema.createIndex('users_by_username_index').on('users').column('username_index').unique().execute();
      await db.schema
        .createIndex('users_by_national_register_index')
        .on('users')
        .column('national_register_index')
        .unique()
        .execute();

      await db.schema
        .createTable('data_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kek_id', 'text', (c) => c.notNull())
        .addColumn('wrapped', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
      await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
      const { rows } =
        await sql<ChainedContent>`select id, at, client_ip, subject, on_behalf_of, resource, operation, outcome, request_id from audit_log order by id`.execute(
          db,
        );
      let last = { id: 0, hash: GENESIS };
      for (const row of rows) {
        const hash = chainHash(last.hash, row);
        await sql`update audit_log set prev_hash = ${last.hash}, hash = ${hash} where id = ${row.id}`.execute(db);
        last = { id: Number(row.id), hash };
      }
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last_id', 'integer', (c) => c.notNull())
        .addColumn('last_hash', 'text', (c) => c.notNull())
        .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('checkpoint_at', 'text')
        .execute();
      await sql`insert into audit_head (id, last_id, last_hash, pending) values (1, ${last.id}, ${last.hash}, ${rows.length})`.execute(
        db,
      );
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('id', idType, idColumn)
        .addColumn('last_id', 'integer', (c) => c.notNull())
        .addColumn('jws', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Issue 12: the publish API. Its clients (suppliers' applications), what each published (a client sees and
 * changes only that: dossier references are per client), the PDFs of published documents and letters
 * (encrypted, as base64, under the citizen's data key), letters' receipts, and the Idempotency-Keys' answers.
 */
function publishApi(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('publish_clients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('jwks', 'text')
        .addColumn('jwks_uri', 'text')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema
        .createTable('published_items')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('case_type', 'text')
        .addColumn('status', 'text')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('party_id', 'text')
        .addColumn('sha256', 'text')
        .addColumn('file', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text')
        .addColumn('receipt', 'text')
        .addPrimaryKeyConstraint('published_items_pk', ['kind', 'item_id'])
        .execute();
      await db.schema
        .createIndex('published_items_by_reference')
        .on('published_items')
        .columns(['client_id', 'kind', 'reference'])
        .unique()
        .execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('response', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['client_id', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_by_time').on('idempotency_keys').column('created_at').execute();
    },
  };
}

/**
 * Issue 13/14: an audit row names the citizen whose data it touched (for "who looked at my data" and the
 * consultant's search by citizen); rows written before stay as they were, their hashes unchanged.
 */
function auditConcerns(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable('audit_log').addColumn('concerns', 'text').execute();
      await db.schema.createIndex('audit_log_by_concerns').on('audit_log').columns(['concerns', 'id']).execute();
    },
  };
}

/**
 * Issue 14, "Choices": per citizen, how they want their letters (digital or paper) and their e-mail notices:
 * the address (encrypted under the citizen's data key), the language of the mails, and while it is not
 * confirmed the confirmation token's hash (never the token) and its expiry.
 */
function choices(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('citizen_preferences')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('correspondence', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('email_language', 'text')
        .addColumn('email_confirmed_at', 'text')
        .addColumn('email_token_hash', 'text')
        .addColumn('email_token_expires_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('citizen_preferences_by_token')
        .on('citizen_preferences')
        .column('email_token_hash')
        .unique()
        .execute();
    },
  };
}

/**
 * Issue 12's leftovers: a message's valid-until date (after it the message leaves the citizen's lists, summary
 * and unread counts) and a dossier's link to the supplier's own page (encrypted, as its title is).
 */
function messageValidityAndDossierLink(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('valid_until', 'text').execute();
      await db.schema.alterTable('dossiers').addColumn('href', 'text').execute();
    },
  };
}

/**
 * Issue 13/14 (staff): a correction request is decided by a municipal officer: its status (`received` became
 * `open`; then `accepted` or `rejected`), the answer (encrypted under the citizen's data key), when and by whom
 * (`staff:<id>`). And the staff's own sessions (staff are not citizens: no foreign key to users): only a hash
 * of the cookie value, an idle end moved by each request and an absolute end.
 */
function staffAndCorrections(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable('corrections').addColumn('answer', 'text').execute();
      await db.schema.alterTable('corrections').addColumn('decided_at', 'text').execute();
      await db.schema.alterTable('corrections').addColumn('decided_by', 'text').execute();
      await sql`update corrections set status = 'open' where status = 'received'`.execute(db);
      await db.schema
        .createIndex('corrections_by_status')
        .on('corrections')
        .columns(['status', 'created_at'])
        .execute();
      await db.schema
        .createTable('staff_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('staff_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('idle_expires_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_by_at').on('audit_log').columns(['at', 'id']).execute();
    },
  };
}

/**
 * Issue 13, DPoP (RFC 9449 section 11.1): each proof the profile API accepts is recorded until it is too old to
 * be accepted anyway, so a proof copied off the wire cannot be sent again, by any instance. Only a hash of the
 * proof key's thumbprint and the proof's jti is kept.
 */
function dpopProofs(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('dpop_proofs')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dpop_proofs_by_expiry').on('dpop_proofs').column('expires_at').execute();
    },
  };
}

/**
 * The citizen's lists and the summary's latest items are read newest first, ties by id: indexes in that very
 * order, so a list is read off the index, without a sort of its own (on SQLite the summary's three sorts cost
 * more than the rest of its read).
 */
function listOrderIndexes(): Migration {
  const lists = [
    ['messages', 'created_at'],
    ['dossiers', 'updated_at'],
    ['documents', 'created_at'],
    ['corrections', 'created_at'],
  ] as const;
  return {
    async up(db) {
      for (const [table, time] of lists) {
        await db.schema.dropIndex(`${table}_by_owner`).execute();
        await db.schema
          .createIndex(`${table}_by_owner`)
          .on(table)
          .columns(['user_id', 'party_id', `${time} desc`, 'id'])
          .execute();
      }
    },
  };
}

/**
 * Issue 14 (art. 16): an accepted correction is applied to the fact it concerns. A request names the fact and
 * keeps its value when asked (encrypted; once applied, the value it replaced) and when it was applied; a fact
 * says when a correction set it, and which.
 */
function correctionsApplied(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable('corrections').addColumn('fact_id', 'text').execute();
      await db.schema.alterTable('corrections').addColumn('fact_value', 'text').execute();
      await db.schema.alterTable('corrections').addColumn('applied_at', 'text').execute();
      await db.schema.alterTable('facts').addColumn('corrected_at', 'text').execute();
      await db.schema.alterTable('facts').addColumn('corrected_by', 'text').execute();
    },
  };
}

/**
 * Issue 14, e-mail that survives a stop: the outbox of mails still to send (a notice, a confirmation link), one
 * row per mail, shared by every instance on the database. The recipient and the content (subject, text,
 * headers; a confirmation link's token) are encrypted under the citizen's data key; clear are the kind, the
 * attempts, when the next is due, who holds the row while sending it (a lease that runs out, so a row of an
 * instance that died is taken over) and the last error's code. `coalesce_key` (unique while set): one notice
 * waiting per citizen, so items published together make one mail, on any instance. The citizen's rows go with
 * them (erasure).
 */
function mailOutbox(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('mail_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('coalesce_key', 'text', (c) => c.unique())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_token', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('mail_outbox_by_due').on('mail_outbox').columns(['next_attempt_at']).execute();
      await db.schema.createIndex('mail_outbox_by_user').on('mail_outbox').columns(['user_id']).execute();
    },
  };
}

/** The migrations for one engine, by name (Kysely runs them in name order). */
export function migrationsFor(engine: Engine): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial': initial(engine),
    '0002_encryption_and_chain': encryptionAndChain(engine),
    '0003_publish_api': publishApi(),
    '0004_audit_concerns': auditConcerns(),
    '0005_choices': choices(),
    '0008_message_validity_dossier_link': messageValidityAndDossierLink(),
    '0010_staff_and_corrections': staffAndCorrections(),
    '0012_dpop_proofs': dpopProofs(),
    '0013_list_order_indexes': listOrderIndexes(),
    '0014_corrections_applied': correctionsApplied(),
    '0015_mail_outbox': mailOutbox(),
  };
  return { getMigrations: async () => migrations };
}
