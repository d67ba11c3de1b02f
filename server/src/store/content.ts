// The citizens' content: users, identities, messages, dossiers, documents, facts, corrections. Reads are
// scoped to an owner; writes insert what the seed or the publish API hands over. Personal values are encrypted
// here, on the way in, and decrypted on the way out (keyring.ts): each under its citizen's data key (a party's
// name under the party's), bound to its table, column and row. Ids, kinds, statuses and times stay clear, so
// ordering, unread counts and owner scoping are still SQL.

import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { fieldAad } from '../crypto/envelope.js';
import { clearAuditChain } from './audit-log.js';
import { deleteOwnerKeys, partyKeyId, userKeyId, type Keyring } from './keyring.js';
import { prepare } from './prepared.js';
import type { Database, DocumentsTable, DossiersTable, MessagesTable } from './schema.js';
import type {
  ContentWriter,
  CorrectionDecision,
  CorrectionDecisionResult,
  CorrectionFact,
  CorrectionInput,
  ListOptions,
  CorrectionRow,
  CorrectionStatus,
  DocumentRow,
  DocumentType,
  DossierChanges,
  DossierEventRow,
  DossierRow,
  FactRow,
  Language,
  MandateRow,
  MessageRow,
  NewDossier,
  Owner,
  PartyKind,
  Store,
  SummaryItemRow,
  UnreadCounts,
  UserRow,
} from './store.js';

type Db = Kysely<Database>;
type ContentReader = Pick<
  Store,
  | 'userById'
  | 'userByUsername'
  | 'userByNationalRegisterNumber'
  | 'setPasswordHash'
  | 'userCount'
  | 'mandates'
  | 'grantParty'
  | 'setGrantParty'
  | 'messages'
  | 'message'
  | 'markMessageRead'
  | 'dossiers'
  | 'dossier'
  | 'markDossierRead'
  | 'documents'
  | 'document'
  | 'markDocumentRead'
  | 'facts'
  | 'createCorrection'
  | 'corrections'
  | 'correction'
  | 'correctionQueue'
  | 'correctionById'
  | 'decideCorrection'
  | 'unreadCounts'
  | 'summary'
>;

const now = () => new Date().toISOString();

/** What owned() needs of a select, update or delete builder on a table with user_id and party_id. */
interface OwnedQuery<QB> {
  where(lhs: 'user_id', op: '=', rhs: string): QB;
  where(lhs: 'party_id', op: 'is', rhs: null): QB;
  where(lhs: 'party_id', op: '=', rhs: string): QB;
}

/** Restricts a query on an owned table to one owner: `party_id IS NULL` when they act for themselves. */
function owned<QB extends OwnedQuery<QB>>(query: QB, owner: Owner): QB {
  const byUser = query.where('user_id', '=', owner.userId);
  return owner.partyId === null ? byUser.where('party_id', 'is', null) : byUser.where('party_id', '=', owner.partyId);
}

/** Applies a list's `limit`, when there is one. */
function limited<QB extends { limit: (n: number) => QB }>(query: QB, options: ListOptions): QB {
  return options.limit === undefined ? query : query.limit(Math.max(0, Math.floor(options.limit)));
}

const isUnreadDossier = (d: { read_at: string | null; updated_at: string }) =>
  d.read_at === null || d.read_at < d.updated_at;

/** Today's date in Belgium, YYYY-MM-DD (a message is shown through its validUntil day), worked out once a minute. */
function belgianToday(): () => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  let known = { until: 0, date: '' };
  return () => {
    const now = Date.now();
    if (now >= known.until) known = { until: now - (now % 60_000) + 60_000, date: format.format(now) };
    return known.date;
  };
}

/** A message is in the citizen's lists, summary and counts through its validUntil day. */
interface ValidQuery<QB> {
  where(filter: (eb: any) => any): QB; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const stillValid = <QB extends ValidQuery<QB>>(query: QB, today: string): QB =>
  query.where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]));

/** the table of a summary item's kind (its title is bound to that table) */
const SUMMARY_TABLES: Record<SummaryItemRow['kind'], string> = {
  message: 'messages',
  registered: 'messages',
  dossier: 'dossiers',
  document: 'documents',
};

/** Decrypts the personal fields of rows as they come out of the database (with one key look-up a row). */
function decoders(db: Db, keys: Keyring) {
  /** the row's decrypting functions under its owner's key, bound to table and row */
  const under = <T>(
    keyId: string,
    table: string,
    id: string,
    read: (f: (column: string, stored: string) => string) => T,
  ) => keys.withKey(db, keyId, (key) => read((column, stored) => keys.open(key, fieldAad(table, column, id), stored)));
  const orNull = (f: (column: string, stored: string) => string, column: string, stored: string | null) =>
    stored === null ? null : f(column, stored);

  return {
    user: (u: Selectable<Database['users']>): Promise<UserRow> =>
      under(userKeyId(u.id), 'users', u.id, (f) => {
        const nationalRegisterNumber = orNull(f, 'national_register', u.national_register);
        return {
          id: u.id,
          username: f('username', u.username),
          passwordHash: u.password_hash,
          givenName: f('given_name', u.given_name),
          familyName: f('family_name', u.family_name),
          language: u.language as Language | null,
          createdAt: u.created_at,
          ...(nationalRegisterNumber === null ? {} : { nationalRegisterNumber }),
        };
      }),
    message: (m: Selectable<MessagesTable>): Promise<MessageRow> =>
      under(userKeyId(m.user_id), 'messages', m.id, (f) => ({
        id: m.id,
        kind: m.kind as MessageRow['kind'],
        sender: f('sender', m.sender),
        title: f('title', m.title),
        body: f('body', m.body),
        createdAt: m.created_at,
        readAt: m.read_at,
        acknowledgedAt: m.acknowledged_at,
        validUntil: m.valid_until,
      })),
    dossier: (d: Selectable<DossiersTable>, history: DossierEventRow[]): Promise<DossierRow> =>
      under(userKeyId(d.user_id), 'dossiers', d.id, (f) => ({
        id: d.id,
        reference: f('reference', d.reference),
        title: f('title', d.title),
        status: d.status,
        decision: d.decision as DossierRow['decision'],
        createdAt: d.created_at,
        updatedAt: d.updated_at,
        readAt: d.read_at,
        history,
        href: orNull(f, 'href', d.href),
      })),
    event: (
      userId: string,
      e: { dossier_id: string; status: string; at: string; note: string | null },
    ): Promise<DossierEventRow> =>
      under(userKeyId(userId), 'dossier_events', eventRowId(e.dossier_id, e.at), (f) => ({
        status: e.status,
        at: e.at,
        note: orNull(f, 'note', e.note),
      })),
    document: (d: Selectable<DocumentsTable>): Promise<DocumentRow> =>
      under(userKeyId(d.user_id), 'documents', d.id, (f) => ({
        id: d.id,
        documentType: d.document_type as DocumentType,
        title: f('title', d.title),
        fileName: f('file_name', d.file_name),
        createdAt: d.created_at,
        validUntil: d.valid_until,
        readAt: d.read_at,
      })),
    fact: (r: Selectable<Database['facts']>): Promise<FactRow> =>
      under(userKeyId(r.user_id), 'facts', r.id, (f) => ({
        id: r.id,
        kind: r.kind,
        label: f('label', r.label),
        value: f('value', r.value),
        validUntil: r.valid_until,
        correctedAt: r.corrected_at,
        correctedBy: r.corrected_by,
      })),
    correction: (c: Selectable<Database['corrections']>): Promise<CorrectionRow> =>
      under(userKeyId(c.user_id), 'corrections', c.id, (f) => ({
        id: c.id,
        field: c.field,
        currentValue: orNull(f, 'current_value', c.current_value),
        requestedValue: f('requested_value', c.requested_value),
        reason: f('reason', c.reason),
        status: correctionStatus(c.status),
        createdAt: c.created_at,
        answer: orNull(f, 'answer', c.answer),
        decidedAt: c.decided_at,
        decidedBy: c.decided_by,
        factId: c.fact_id,
        factValue: orNull(f, 'fact_value', c.fact_value),
        appliedAt: c.applied_at,
      })),
    party: (p: { id: string; name: string; identifier: string | null }) =>
      under(partyKeyId(p.id), 'parties', p.id, (f) => ({
        name: f('name', p.name),
        identifier: orNull(f, 'identifier', p.identifier),
      })),
  };
}

/** `received` was the status before migration 0010 (which renamed it): read as open. */
const correctionStatus = (status: string): CorrectionStatus =>
  status === 'accepted' || status === 'rejected' ? status : 'open';

/** A dossier event has no id before it is inserted: its note is bound to its dossier and its time. */
const eventRowId = (dossierId: string, at: string) => `${dossierId}@${at}`;

/** A fact's stored state as an opaque token: its value's ciphertext has a fresh IV at every write. '' for none. */
const factVersion = (row: { value: string } | undefined) =>
  row ? createHash('sha256').update(row.value).digest('base64url').slice(0, 22) : '';

/** Thrown inside decideCorrection's transaction to roll it back: the fact changed under it. */
class FactChanged extends Error {
  constructor(readonly factId: string) {
    super(`fact ${factId} changed during the decision`);
  }
}

/** count(*) is a number on SQLite and a bigint (as a string) on PostgreSQL. */
const countOf = (row: { n: string | number | bigint } | undefined) => Number(row?.n ?? 0);

/** Runs `work` in a transaction, or in the one `db` already is. */
function atomically<T>(db: Db | Transaction<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export function createContentReader(db: Db, keys: Keyring): ContentReader {
  const decode = decoders(db, keys);
  const today = belgianToday();

  // The summary's two statements, compiled once per shape (acting for oneself or for a party; the limit).
  type OwnerValues = { userId: string; partyId: string; today: string };
  const asOwner = (v: OwnerValues, forParty: boolean): Owner => ({
    userId: v.userId,
    partyId: forParty ? v.partyId : null,
  });
  const latestQuery = (forParty: boolean, limit: number) =>
    prepare((v: OwnerValues) => {
      const owner = asOwner(v, forParty);
      const messages = stillValid(
        owned(db.selectFrom('messages').select(['id', 'kind', 'title', 'created_at as at', 'read_at']), owner),
        v.today,
      )
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit);
      const dossiers = owned(
        db
          .selectFrom('dossiers')
          .select(['id', sql<string>`'dossier'`.as('kind'), 'title', 'updated_at as at', 'read_at']),
        owner,
      )
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(limit);
      const documents = owned(
        db
          .selectFrom('documents')
          .select(['id', sql<string>`'document'`.as('kind'), 'title', 'created_at as at', 'read_at']),
        owner,
      )
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit);
      return db
        .selectFrom(messages.as('m'))
        .selectAll()
        .unionAll(db.selectFrom(dossiers.as('d')).selectAll())
        .unionAll(db.selectFrom(documents.as('o')).selectAll());
    });
  const countsQuery = (forParty: boolean) =>
    prepare((v: OwnerValues) => {
      const owner = asOwner(v, forParty);
      // One statement, three counts: one round trip on PostgreSQL for the header's badge.
      return db.selectNoFrom((eb) => [
        stillValid(owned(eb.selectFrom('messages').select(eb.fn.countAll().as('n')), owner), v.today)
          .where('read_at', 'is', null)
          .as('messages'),
        owned(eb.selectFrom('dossiers').select(eb.fn.countAll().as('n')), owner)
          .where((w) => w.or([w('read_at', 'is', null), w('read_at', '<', w.ref('updated_at'))]))
          .as('dossiers'),
        owned(eb.selectFrom('documents').select(eb.fn.countAll().as('n')), owner)
          .where('read_at', 'is', null)
          .as('documents'),
      ]);
    });
  const latestQueries = new Map<string, ReturnType<typeof latestQuery>>();
  const counts = [countsQuery(false), countsQuery(true)] as const;
  const ownerValues = (owner: Owner): OwnerValues => ({
    userId: owner.userId,
    partyId: owner.partyId ?? '',
    today: today(),
  });
  const unreadCounts = async (owner: Owner): Promise<UnreadCounts> => {
    const { rows } = await db.executeQuery(counts[owner.partyId === null ? 0 : 1](ownerValues(owner)));
    const row = rows[0]!;
    return { messages: Number(row.messages), dossiers: Number(row.dossiers), documents: Number(row.documents) };
  };
  const userById = prepare((v: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', v.id));
  const dossierEvents = async (userId: string, dossierIds: string[]) => {
    const history = new Map<string, DossierEventRow[]>();
    if (dossierIds.length === 0) return history;
    const events = await db
      .selectFrom('dossier_events')
      .select(['dossier_id', 'status', 'at', 'note'])
      .where('dossier_id', 'in', dossierIds)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const decoded = await Promise.all(events.map((e) => decode.event(userId, e)));
    events.forEach((e, i) => {
      const list = history.get(e.dossier_id) ?? [];
      list.push(decoded[i]!);
      history.set(e.dossier_id, list);
    });
    return history;
  };

  const factRow = (executor: Db, owner: Owner, factId: string) =>
    owned(executor.selectFrom('facts').selectAll(), owner).where('id', '=', factId).executeTakeFirst();
  /** The fact a request concerns as it is now; `requestValue`: its value when the request was made. */
  const describeFact = (
    factId: string,
    fact: Selectable<Database['facts']> | undefined,
    key: Buffer,
    requestValue: string | null,
  ): CorrectionFact => {
    if (!fact) return { id: factId, label: null, value: null, changedSinceRequest: true, version: '' };
    const value = keys.open(key, fieldAad('facts', 'value', fact.id), fact.value);
    return {
      id: fact.id,
      label: keys.open(key, fieldAad('facts', 'label', fact.id), fact.label),
      value,
      changedSinceRequest: value !== requestValue,
      version: factVersion(fact),
    };
  };
  const factNow = async (
    executor: Db,
    owner: Owner,
    factId: string,
    requestValue: string | null,
  ): Promise<CorrectionFact> => {
    const fact = await factRow(executor, owner, factId);
    return keys.withKey(executor, userKeyId(owner.userId), (key) => describeFact(factId, fact, key, requestValue));
  };

  /** decideCorrection's transaction (FactChanged: the fact changed between the check and the write) */
  type Decided = {
    raw: Selectable<Database['corrections']>;
    changed: boolean;
    applied?: { factId: string; label: string; previousValue: string };
    stale?: CorrectionFact;
  };
  const decide = async (id: string, decision: CorrectionDecision): Promise<Decided | undefined> => {
    const at = decision.at ?? now();
    return atomically(db, async (trx) => {
      const existing = await trx.selectFrom('corrections').selectAll().where('id', '=', id).executeTakeFirst();
      if (!existing) return undefined;
      const owner = { userId: existing.user_id, partyId: existing.party_id };
      const key = await keys.forWrite(trx, userKeyId(existing.user_id));
      const seal = (column: string, value: string) => keys.encrypt(key, fieldAad('corrections', column, id), value);
      // the row as it is at the end (decrypted after the transaction: decode reads keys outside it)
      const decided = () => trx.selectFrom('corrections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const open = existing.status === 'open' || existing.status === 'received';

      // Accepting a request about a fact: the fact as it is now, checked against what the officer saw (or,
      // without that, against its value when the request was made). Changed or gone: nothing is decided.
      let apply: { row: Selectable<Database['facts']>; label: string; previous: string } | undefined;
      if (open && decision.status === 'accepted' && existing.fact_id !== null) {
        const requestValue =
          existing.fact_value === null
            ? null
            : keys.open(key, fieldAad('corrections', 'fact_value', id), existing.fact_value);
        const fact = await factRow(trx, owner, existing.fact_id);
        const value = fact ? keys.open(key, fieldAad('facts', 'value', fact.id), fact.value) : null;
        const stale =
          decision.factVersion === undefined
            ? !fact || value !== requestValue
            : decision.factVersion !== factVersion(fact);
        if (stale) {
          return {
            raw: await decided(),
            changed: false,
            stale: describeFact(existing.fact_id, fact, key, requestValue),
          };
        }
        if (fact)
          apply = {
            row: fact,
            label: keys.open(key, fieldAad('facts', 'label', fact.id), fact.label),
            previous: value!,
          };
      }

      const result = await trx
        .updateTable('corrections')
        .set({
          status: decision.status,
          answer: decision.answer == null ? null : seal('answer', decision.answer),
          decided_at: at,
          decided_by: decision.decidedBy,
          ...(apply ? { applied_at: at, fact_value: seal('fact_value', apply.previous) } : {}),
        })
        .where('id', '=', id)
        .where('status', 'in', ['open', 'received'])
        .executeTakeFirst();
      const changed = Number(result.numUpdatedRows) > 0;
      if (changed && apply) {
        const requested = keys.open(key, fieldAad('corrections', 'requested_value', id), existing.requested_value);
        // compare-and-set on the stored ciphertext: a write in between (another instance) makes it fail
        const updated = await owned(
          trx.updateTable('facts').set({
            value: keys.encrypt(key, fieldAad('facts', 'value', apply.row.id), requested),
            corrected_at: at,
            corrected_by: id,
          }),
          owner,
        )
          .where('id', '=', apply.row.id)
          .where('value', '=', apply.row.value)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new FactChanged(apply.row.id);
      }
      return {
        raw: await decided(),
        changed,
        ...(changed && apply
          ? { applied: { factId: apply.row.id, label: apply.label, previousValue: apply.previous } }
          : {}),
      };
    });
  };

  const message = async (owner: Owner, id: string) => {
    const row = await owned(db.selectFrom('messages').selectAll(), owner).where('id', '=', id).executeTakeFirst();
    return row && decode.message(row);
  };

  return {
    async userById(id) {
      const [row] = (await db.executeQuery(userById({ id }))).rows;
      return row && decode.user(row);
    },
    async userByUsername(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username_index', '=', keys.blindIndex('username', username))
        .executeTakeFirst();
      return row && decode.user(row);
    },
    async userByNationalRegisterNumber(nrn) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('national_register_index', '=', keys.blindIndex('nrn', nrn))
        .executeTakeFirst();
      return row && decode.user(row);
    },
    async setPasswordHash(userId, passwordHash) {
      await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    },
    async userCount() {
      return countOf(
        await db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst(),
      );
    },

    async mandates(userId): Promise<MandateRow[]> {
      const rows = await db
        .selectFrom('mandates as m')
        .innerJoin('parties as p', 'p.id', 'm.party_id')
        .select(['m.id as login_hint', 'p.id', 'p.kind', 'p.name', 'p.identifier'])
        .where('m.user_id', '=', userId)
        .orderBy('m.position')
        .orderBy('m.id')
        .execute();
      return Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          kind: r.kind as PartyKind,
          ...(await decode.party(r)),
          loginHint: r.login_hint,
        })),
      );
    },

    async grantParty(grantId) {
      if (!grantId) return null;
      const row = await db
        .selectFrom('grant_parties')
        .select('party_id')
        .where('grant_id', '=', grantId)
        .executeTakeFirst();
      return row?.party_id ?? null;
    },
    async setGrantParty(grantId, partyId) {
      if (partyId === null) {
        await db.deleteFrom('grant_parties').where('grant_id', '=', grantId).execute();
        return;
      }
      await db
        .insertInto('grant_parties')
        .values({ grant_id: grantId, party_id: partyId })
        .onConflict((oc) => oc.column('grant_id').doUpdateSet((eb) => ({ party_id: eb.ref('excluded.party_id') })))
        .execute();
    },

    async messages(owner, options = {}) {
      const rows = await limited(
        stillValid(owned(db.selectFrom('messages').selectAll(), owner), today())
          .orderBy('created_at', 'desc')
          .orderBy('id'),
        options,
      ).execute();
      return Promise.all(rows.map(decode.message));
    },
    message,
    async markMessageRead(owner, id, at = now()) {
      const result = await owned(db.updateTable('messages').set({ read_at: at }), owner)
        .where('id', '=', id)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      // a registered letter is acknowledged by an explicit step on its page (publish.acknowledgeLetter), never here
      return { row: await message(owner, id), changed: Number(result.numUpdatedRows) > 0 };
    },

    async dossiers(owner, options = {}) {
      const rows = await limited(
        owned(db.selectFrom('dossiers').selectAll(), owner).orderBy('updated_at', 'desc').orderBy('id'),
        options,
      ).execute();
      const history = await dossierEvents(
        owner.userId,
        rows.map((d) => d.id),
      );
      return Promise.all(rows.map((d) => decode.dossier(d, history.get(d.id) ?? [])));
    },
    async dossier(owner, id) {
      const row = await owned(db.selectFrom('dossiers').selectAll(), owner).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return decode.dossier(row, (await dossierEvents(owner.userId, [row.id])).get(row.id) ?? []);
    },
    async markDossierRead(owner, id, at = now()) {
      const before = await owned(db.selectFrom('dossiers').select(['read_at', 'updated_at']), owner)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) return false;
      await owned(db.updateTable('dossiers').set({ read_at: at }), owner)
        .where('id', '=', id)
        .execute();
      return isUnreadDossier(before);
    },

    async documents(owner, options = {}) {
      const rows = await limited(
        owned(db.selectFrom('documents').selectAll(), owner).orderBy('created_at', 'desc').orderBy('id'),
        options,
      ).execute();
      return Promise.all(rows.map(decode.document));
    },
    async document(owner, id) {
      const row = await owned(db.selectFrom('documents').selectAll(), owner).where('id', '=', id).executeTakeFirst();
      return row && decode.document(row);
    },
    async markDocumentRead(owner, id, at = now()) {
      const result = await owned(db.updateTable('documents').set({ read_at: at }), owner)
        .where('id', '=', id)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async facts(owner): Promise<FactRow[]> {
      const rows = await owned(db.selectFrom('facts').selectAll(), owner).orderBy('position').orderBy('id').execute();
      return Promise.all(rows.map(decode.fact));
    },

    async createCorrection(owner, input: CorrectionInput) {
      const id = `cor_${randomUUID()}`;
      return atomically(db, async (trx) => {
        const key = await keys.forWrite(trx, userKeyId(owner.userId));
        const seal = (column: string, value: string) => keys.encrypt(key, fieldAad('corrections', column, id), value);
        // the fact concerned, and its value now: a decision compares with it
        const fact = input.factId
          ? await owned(trx.selectFrom('facts').select(['id', 'value']), owner)
              .where('id', '=', input.factId)
              .executeTakeFirst()
          : undefined;
        const factValue = fact ? keys.open(key, fieldAad('facts', 'value', fact.id), fact.value) : null;
        const row = await trx
          .insertInto('corrections')
          .values({
            id,
            user_id: owner.userId,
            party_id: owner.partyId,
            field: input.field,
            current_value: input.currentValue == null ? null : seal('current_value', input.currentValue),
            requested_value: seal('requested_value', input.requestedValue),
            reason: seal('reason', input.reason),
            status: 'open',
            created_at: now(),
            answer: null,
            decided_at: null,
            decided_by: null,
            fact_id: fact?.id ?? null,
            fact_value: factValue === null ? null : seal('fact_value', factValue),
            applied_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return decode.correction(row);
      });
    },
    async corrections(owner) {
      const rows = await owned(db.selectFrom('corrections').selectAll(), owner)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return Promise.all(rows.map(decode.correction));
    },
    async correction(owner, id) {
      const row = await owned(db.selectFrom('corrections').selectAll(), owner).where('id', '=', id).executeTakeFirst();
      return row && decode.correction(row);
    },
    async correctionQueue(options = {}) {
      // open first (oldest first: the longest waiting on top), then the decided ones (latest decision first)
      const rows = await limited(
        db
          .selectFrom('corrections')
          .select(['id', 'user_id', 'party_id', 'field', 'status', 'created_at', 'decided_at'])
          .orderBy((eb) => eb.case().when('status', 'in', ['open', 'received']).then(0).else(1).end())
          .orderBy((eb) => eb.case().when('decided_at', 'is', null).then(eb.ref('created_at')).else('').end())
          .orderBy('decided_at', 'desc')
          .orderBy('id'),
        options,
      ).execute();
      return rows.map((r) => ({
        id: r.id,
        owner: { userId: r.user_id, partyId: r.party_id },
        field: r.field,
        status: correctionStatus(r.status),
        createdAt: r.created_at,
        decidedAt: r.decided_at,
      }));
    },
    async correctionById(id) {
      const row = await db.selectFrom('corrections').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const correction = await decode.correction(row);
      const owner = { userId: row.user_id, partyId: row.party_id };
      const fact = row.fact_id === null ? null : await factNow(db, owner, row.fact_id, correction.factValue);
      return { ...correction, owner, fact };
    },
    async decideCorrection(id, decision): Promise<CorrectionDecisionResult | undefined> {
      try {
        const decided = await decide(id, decision);
        if (!decided) return undefined;
        const { raw, ...result } = decided;
        const row = { ...(await decode.correction(raw)), owner: { userId: raw.user_id, partyId: raw.party_id } };
        return { ...result, row } as CorrectionDecisionResult;
      } catch (error) {
        if (!(error instanceof FactChanged)) throw error;
        // another decision changed the fact between our check and our write: nothing of ours was kept
        const row = await db.selectFrom('corrections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const correction = await decode.correction(row);
        const owner = { userId: row.user_id, partyId: row.party_id };
        return {
          row: { ...correction, owner },
          changed: false,
          stale: await factNow(db, owner, error.factId, correction.factValue),
        };
      }
    },

    unreadCounts,

    async summary(owner, limit = 5) {
      const forParty = owner.partyId !== null;
      const shape = `${forParty} ${limit}`;
      let latest = latestQueries.get(shape);
      if (!latest) latestQueries.set(shape, (latest = latestQuery(forParty, Math.max(0, Math.floor(limit)))));
      const values = ownerValues(owner);
      const [{ rows }, unread] = await Promise.all([db.executeQuery(latest(values)), unreadCounts(owner)]);
      // the newest `limit` of all are among the newest `limit` of each kind; ties in time by id, as the lists
      const newest = rows
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id.localeCompare(b.id)))
        .slice(0, limit);
      const items = await keys.withKey(db, userKeyId(owner.userId), (key) =>
        newest.map((r): SummaryItemRow => ({
          id: r.id,
          kind: r.kind as SummaryItemRow['kind'],
          title: keys.open(key, fieldAad(SUMMARY_TABLES[r.kind as SummaryItemRow['kind']], 'title', r.id), r.title),
          createdAt: r.at,
          read: r.kind === 'dossier' ? !isUnreadDossier({ read_at: r.read_at, updated_at: r.at }) : r.read_at !== null,
        })),
      );
      return { unread, latest: items };
    },
  };
}

export function createContentWriter(db: Db | Transaction<Database>, keys: Keyring): ContentWriter {
  const ownerColumns = (owner: Owner) => ({ user_id: owner.userId, party_id: owner.partyId });
  /** the sealing function of one row: its owner's data key, bound to the table and the row */
  const sealer = async (executor: Db, keyId: string, table: string, rowId: string) => {
    const key = await keys.forWrite(executor, keyId);
    return (column: string, value: string) => keys.encrypt(key, fieldAad(table, column, rowId), value);
  };

  return {
    async insertUser(user) {
      await atomically(db, async (trx) => {
        const key = await keys.create(trx, userKeyId(user.id));
        const seal = (column: string, value: string) => keys.encrypt(key, fieldAad('users', column, user.id), value);
        const nrn = user.nationalRegisterNumber ?? null;
        await trx
          .insertInto('users')
          .values({
            id: user.id,
            username: seal('username', user.username),
            username_index: keys.blindIndex('username', user.username),
            national_register: nrn === null ? null : seal('national_register', nrn),
            national_register_index: nrn === null ? null : keys.blindIndex('nrn', nrn),
            password_hash: user.passwordHash,
            given_name: seal('given_name', user.givenName),
            family_name: seal('family_name', user.familyName),
            language: user.language,
            created_at: user.createdAt ?? now(),
          })
          .execute();
      });
    },
    async insertParty(party) {
      await atomically(db, async (trx) => {
        const key = await keys.create(trx, partyKeyId(party.id));
        const seal = (column: string, value: string) => keys.encrypt(key, fieldAad('parties', column, party.id), value);
        await trx
          .insertInto('parties')
          .values({
            id: party.id,
            kind: party.kind,
            name: seal('name', party.name),
            identifier: party.identifier == null ? null : seal('identifier', party.identifier),
          })
          .execute();
      });
    },
    async insertMandate(mandate) {
      await db
        .insertInto('mandates')
        .values({
          id: mandate.id,
          user_id: mandate.userId,
          party_id: mandate.partyId,
          position: mandate.position ?? 0,
        })
        .execute();
    },
    async insertMessage(m) {
      const seal = await sealer(db, userKeyId(m.owner.userId), 'messages', m.id);
      await db
        .insertInto('messages')
        .values({
          id: m.id,
          ...ownerColumns(m.owner),
          kind: m.kind,
          sender: seal('sender', m.sender),
          title: seal('title', m.title),
          body: seal('body', m.body),
          created_at: m.createdAt,
          read_at: m.readAt ?? null,
          acknowledged_at: m.acknowledgedAt ?? null,
          valid_until: m.validUntil ?? null,
        })
        .execute();
    },
    async insertDossier(d: NewDossier) {
      const first = d.history[0];
      const last = d.history.at(-1);
      if (!first || !last) throw new Error(`dossier ${d.id}: a dossier has at least one status`);
      await atomically(db, async (trx) => {
        const key = await keys.forWrite(trx, userKeyId(d.owner.userId));
        const seal = (column: string, value: string) => keys.encrypt(key, fieldAad('dossiers', column, d.id), value);
        await trx
          .insertInto('dossiers')
          .values({
            id: d.id,
            ...ownerColumns(d.owner),
            reference: seal('reference', d.reference),
            title: seal('title', d.title),
            status: last.status,
            decision: d.decision ?? null,
            created_at: first.at,
            updated_at: last.at,
            read_at: d.readAt ?? null,
            href: d.href == null ? null : seal('href', d.href),
          })
          .execute();
        await trx
          .insertInto('dossier_events')
          .values(
            d.history.map((e) => ({ dossier_id: d.id, status: e.status, at: e.at, note: sealNote(key, d.id, e) })),
          )
          .execute();
      });
    },
    async addDossierEvent(owner, dossierId, event, decision) {
      return atomically(db, async (trx) => {
        const result = await owned(
          trx
            .updateTable('dossiers')
            .set({ status: event.status, updated_at: event.at, ...(decision === undefined ? {} : { decision }) }),
          owner,
        )
          .where('id', '=', dossierId)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        const key = await keys.forWrite(trx, userKeyId(owner.userId));
        await trx
          .insertInto('dossier_events')
          .values({ dossier_id: dossierId, status: event.status, at: event.at, note: sealNote(key, dossierId, event) })
          .execute();
        return true;
      });
    },
    async updateDossier(owner, dossierId, changes: DossierChanges) {
      const key = await keys.forWrite(db, userKeyId(owner.userId));
      const seal = (column: string, value: string) => keys.encrypt(key, fieldAad('dossiers', column, dossierId), value);
      const set = {
        ...(changes.title === undefined ? {} : { title: seal('title', changes.title) }),
        ...(changes.href === undefined ? {} : { href: changes.href === null ? null : seal('href', changes.href) }),
      };
      if (Object.keys(set).length === 0)
        return (
          (await owned(db.selectFrom('dossiers').select('id'), owner)
            .where('id', '=', dossierId)
            .executeTakeFirst()) !== undefined
        );
      const result = await owned(db.updateTable('dossiers').set(set), owner)
        .where('id', '=', dossierId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async insertDocument(d) {
      const seal = await sealer(db, userKeyId(d.owner.userId), 'documents', d.id);
      await db
        .insertInto('documents')
        .values({
          id: d.id,
          ...ownerColumns(d.owner),
          document_type: d.documentType,
          title: seal('title', d.title),
          file_name: seal('file_name', d.fileName),
          created_at: d.createdAt,
          valid_until: d.validUntil ?? null,
          read_at: d.readAt ?? null,
        })
        .execute();
    },
    async insertFact(f) {
      const seal = await sealer(db, userKeyId(f.owner.userId), 'facts', f.id);
      await db
        .insertInto('facts')
        .values({
          id: f.id,
          ...ownerColumns(f.owner),
          kind: f.kind,
          label: seal('label', f.label),
          value: seal('value', f.value),
          valid_until: f.validUntil ?? null,
          position: f.position ?? 0,
        })
        .execute();
    },
    async deleteAllCitizens({ clearAudit = false, clearOidc = false } = {}) {
      await atomically(db, async (trx) => {
        // Foreign keys cascade: mandates, items, events, corrections, host sessions and grant parties go along.
        await trx.deleteFrom('users').execute();
        await trx.deleteFrom('parties').execute();
        await deleteOwnerKeys(trx);
        if (clearAudit) await clearAuditChain(trx);
        if (clearOidc) await trx.deleteFrom('oidc_models').execute();
      });
      keys.forget();
    },
  };

  function sealNote(key: Buffer, dossierId: string, e: DossierEventRow): string | null {
    return e.note == null
      ? null
      : keys.encrypt(key, fieldAad('dossier_events', 'note', eventRowId(dossierId, e.at)), e.note);
  }
}
