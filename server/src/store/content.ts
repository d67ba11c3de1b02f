// The citizens' content: users, identities, messages, dossiers, documents, facts, corrections. Reads are
// scoped to an owner; writes insert what the seed or the publish API hands over.

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DocumentsTable, DossiersTable, MessagesTable } from './schema.js';
import type {
  ContentWriter, CorrectionInput, ListOptions, CorrectionRow, DocumentRow, DocumentType, DossierEventRow, DossierRow, FactRow, Language,
  MandateRow, MessageRow, NewDossier, Owner, PartyKind, Store, UnreadCounts, UserRow,
} from './store.js';

type Db = Kysely<Database>;
type ContentReader = Pick<Store,
  | 'userById' | 'userByUsername' | 'userCount' | 'mandates' | 'grantParty' | 'setGrantParty'
  | 'messages' | 'message' | 'markMessageRead' | 'dossiers' | 'dossier' | 'markDossierRead'
  | 'documents' | 'document' | 'markDocumentRead' | 'facts' | 'createCorrection' | 'corrections' | 'unreadCounts'>;

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

const isUnreadDossier = (d: { read_at: string | null; updated_at: string }) => d.read_at === null || d.read_at < d.updated_at;

const toUser = (u: Selectable<Database['users']>): UserRow => ({
  id: u.id,
  username: u.username,
  passwordHash: u.password_hash,
  givenName: u.given_name,
  familyName: u.family_name,
  language: u.language as Language | null,
  createdAt: u.created_at,
});

const toMessage = (m: Selectable<MessagesTable>): MessageRow => ({
  id: m.id,
  kind: m.kind as MessageRow['kind'],
  sender: m.sender,
  title: m.title,
  body: m.body,
  createdAt: m.created_at,
  readAt: m.read_at,
  acknowledgedAt: m.acknowledged_at,
});

const toDossier = (d: Selectable<DossiersTable>, history: DossierEventRow[]): DossierRow => ({
  id: d.id,
  reference: d.reference,
  title: d.title,
  status: d.status,
  decision: d.decision as DossierRow['decision'],
  createdAt: d.created_at,
  updatedAt: d.updated_at,
  readAt: d.read_at,
  history,
});

const toDocument = (d: Selectable<DocumentsTable>): DocumentRow => ({
  id: d.id,
  documentType: d.document_type as DocumentType,
  title: d.title,
  fileName: d.file_name,
  createdAt: d.created_at,
  validUntil: d.valid_until,
  readAt: d.read_at,
});

const toCorrection = (c: Selectable<Database['corrections']>): CorrectionRow => ({
  id: c.id,
  field: c.field,
  currentValue: c.current_value,
  requestedValue: c.requested_value,
  reason: c.reason,
  status: c.status,
  createdAt: c.created_at,
});

const toEvent = (e: { status: string; at: string; note: string | null }): DossierEventRow => ({ status: e.status, at: e.at, note: e.note });

/** count(*) is a number on SQLite and a bigint (as a string) on PostgreSQL. */
const countOf = (row: { n: string | number | bigint } | undefined) => Number(row?.n ?? 0);

/** Runs `work` in a transaction, or in the one `db` already is. */
function atomically<T>(db: Db | Transaction<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export function createContentReader(db: Db): ContentReader {
  const dossierEvents = async (dossierIds: string[]) => {
    const history = new Map<string, DossierEventRow[]>();
    if (dossierIds.length === 0) return history;
    const events = await db.selectFrom('dossier_events').select(['dossier_id', 'status', 'at', 'note'])
      .where('dossier_id', 'in', dossierIds).orderBy('at').orderBy('id').execute();
    for (const e of events) {
      const list = history.get(e.dossier_id) ?? [];
      list.push(toEvent(e));
      history.set(e.dossier_id, list);
    }
    return history;
  };

  const message = async (owner: Owner, id: string) => {
    const row = await owned(db.selectFrom('messages').selectAll(), owner).where('id', '=', id).executeTakeFirst();
    return row && toMessage(row);
  };

  return {
    async userById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async userByUsername(username) {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return row && toUser(row);
    },
    async userCount() {
      return countOf(await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
    },

    async mandates(userId): Promise<MandateRow[]> {
      const rows = await db.selectFrom('mandates as m').innerJoin('parties as p', 'p.id', 'm.party_id')
        .select(['m.id as login_hint', 'p.id', 'p.kind', 'p.name', 'p.identifier'])
        .where('m.user_id', '=', userId).orderBy('m.position').orderBy('m.id').execute();
      return rows.map((r) => ({ id: r.id, kind: r.kind as PartyKind, name: r.name, identifier: r.identifier, loginHint: r.login_hint }));
    },

    async grantParty(grantId) {
      if (!grantId) return null;
      const row = await db.selectFrom('grant_parties').select('party_id').where('grant_id', '=', grantId).executeTakeFirst();
      return row?.party_id ?? null;
    },
    async setGrantParty(grantId, partyId) {
      if (partyId === null) {
        await db.deleteFrom('grant_parties').where('grant_id', '=', grantId).execute();
        return;
      }
      await db.insertInto('grant_parties').values({ grant_id: grantId, party_id: partyId })
        .onConflict((oc) => oc.column('grant_id').doUpdateSet((eb) => ({ party_id: eb.ref('excluded.party_id') })))
        .execute();
    },

    async messages(owner, options = {}) {
      const rows = await limited(owned(db.selectFrom('messages').selectAll(), owner).orderBy('created_at', 'desc').orderBy('id'), options).execute();
      return rows.map(toMessage);
    },
    message,
    async markMessageRead(owner, id, at = now()) {
      const result = await owned(db.updateTable('messages').set({ read_at: at }), owner)
        .where('id', '=', id).where('read_at', 'is', null).executeTakeFirst();
      // A registered letter is acknowledged when it is read (issue 12 makes this a separate step).
      await owned(db.updateTable('messages').set({ acknowledged_at: at }), owner)
        .where('id', '=', id).where('kind', '=', 'registered').where('acknowledged_at', 'is', null).execute();
      return { row: await message(owner, id), changed: Number(result.numUpdatedRows) > 0 };
    },

    async dossiers(owner, options = {}) {
      const rows = await limited(owned(db.selectFrom('dossiers').selectAll(), owner).orderBy('updated_at', 'desc').orderBy('id'), options).execute();
      const history = await dossierEvents(rows.map((d) => d.id));
      return rows.map((d) => toDossier(d, history.get(d.id) ?? []));
    },
    async dossier(owner, id) {
      const row = await owned(db.selectFrom('dossiers').selectAll(), owner).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return toDossier(row, (await dossierEvents([row.id])).get(row.id) ?? []);
    },
    async markDossierRead(owner, id, at = now()) {
      const before = await owned(db.selectFrom('dossiers').select(['read_at', 'updated_at']), owner).where('id', '=', id).executeTakeFirst();
      if (!before) return false;
      await owned(db.updateTable('dossiers').set({ read_at: at }), owner).where('id', '=', id).execute();
      return isUnreadDossier(before);
    },

    async documents(owner, options = {}) {
      const rows = await limited(owned(db.selectFrom('documents').selectAll(), owner).orderBy('created_at', 'desc').orderBy('id'), options).execute();
      return rows.map(toDocument);
    },
    async document(owner, id) {
      const row = await owned(db.selectFrom('documents').selectAll(), owner).where('id', '=', id).executeTakeFirst();
      return row && toDocument(row);
    },
    async markDocumentRead(owner, id, at = now()) {
      const result = await owned(db.updateTable('documents').set({ read_at: at }), owner)
        .where('id', '=', id).where('read_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async facts(owner): Promise<FactRow[]> {
      const rows = await owned(db.selectFrom('facts').selectAll(), owner).orderBy('position').orderBy('id').execute();
      return rows.map((f) => ({ id: f.id, kind: f.kind, label: f.label, value: f.value, validUntil: f.valid_until }));
    },

    async createCorrection(owner, input: CorrectionInput) {
      const row = await db.insertInto('corrections').values({
        id: `cor_${randomUUID()}`,
        user_id: owner.userId,
        party_id: owner.partyId,
        field: input.field,
        current_value: input.currentValue ?? null,
        requested_value: input.requestedValue,
        reason: input.reason,
        status: 'received',
        created_at: now(),
      }).returningAll().executeTakeFirstOrThrow();
      return toCorrection(row);
    },
    async corrections(owner) {
      const rows = await owned(db.selectFrom('corrections').selectAll(), owner).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toCorrection);
    },

    async unreadCounts(owner): Promise<UnreadCounts> {
      // One statement, three counts: one round trip on PostgreSQL for the header's badge.
      const row = await db.selectNoFrom((eb) => [
        owned(eb.selectFrom('messages').select(eb.fn.countAll().as('n')), owner).where('read_at', 'is', null).as('messages'),
        owned(eb.selectFrom('dossiers').select(eb.fn.countAll().as('n')), owner)
          .where((w) => w.or([w('read_at', 'is', null), w('read_at', '<', w.ref('updated_at'))])).as('dossiers'),
        owned(eb.selectFrom('documents').select(eb.fn.countAll().as('n')), owner).where('read_at', 'is', null).as('documents'),
      ]).executeTakeFirstOrThrow();
      return { messages: Number(row.messages), dossiers: Number(row.dossiers), documents: Number(row.documents) };
    },
  };
}

export function createContentWriter(db: Db | Transaction<Database>): ContentWriter {
  const ownerColumns = (owner: Owner) => ({ user_id: owner.userId, party_id: owner.partyId });

  return {
    async insertUser(user) {
      await db.insertInto('users').values({
        id: user.id,
        username: user.username,
        password_hash: user.passwordHash,
        given_name: user.givenName,
        family_name: user.familyName,
        language: user.language,
        created_at: user.createdAt ?? now(),
      }).execute();
    },
    async insertParty(party) {
      await db.insertInto('parties').values({ id: party.id, kind: party.kind, name: party.name, identifier: party.identifier ?? null }).execute();
    },
    async insertMandate(mandate) {
      await db.insertInto('mandates').values({
        id: mandate.id, user_id: mandate.userId, party_id: mandate.partyId, position: mandate.position ?? 0,
      }).execute();
    },
    async insertMessage(m) {
      await db.insertInto('messages').values({
        id: m.id,
        ...ownerColumns(m.owner),
        kind: m.kind,
        sender: m.sender,
        title: m.title,
        body: m.body,
        created_at: m.createdAt,
        read_at: m.readAt ?? null,
        acknowledged_at: m.acknowledgedAt ?? null,
      }).execute();
    },
    async insertDossier(d: NewDossier) {
      const first = d.history[0];
      const last = d.history.at(-1);
      if (!first || !last) throw new Error(`dossier ${d.id}: a dossier has at least one status`);
      await atomically(db, async (trx) => {
        await trx.insertInto('dossiers').values({
          id: d.id,
          ...ownerColumns(d.owner),
          reference: d.reference,
          title: d.title,
          status: last.status,
          decision: d.decision ?? null,
          created_at: first.at,
          updated_at: last.at,
          read_at: d.readAt ?? null,
        }).execute();
        await trx.insertInto('dossier_events')
          .values(d.history.map((e) => ({ dossier_id: d.id, status: e.status, at: e.at, note: e.note ?? null })))
          .execute();
      });
    },
    async addDossierEvent(owner, dossierId, event) {
      return atomically(db, async (trx) => {
        const result = await owned(trx.updateTable('dossiers').set({ status: event.status, updated_at: event.at }), owner)
          .where('id', '=', dossierId).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await trx.insertInto('dossier_events').values({ dossier_id: dossierId, status: event.status, at: event.at, note: event.note ?? null }).execute();
        return true;
      });
    },
    async insertDocument(d) {
      await db.insertInto('documents').values({
        id: d.id,
        ...ownerColumns(d.owner),
        document_type: d.documentType,
        title: d.title,
        file_name: d.fileName,
        created_at: d.createdAt,
        valid_until: d.validUntil ?? null,
        read_at: d.readAt ?? null,
      }).execute();
    },
    async insertFact(f) {
      await db.insertInto('facts').values({
        id: f.id,
        ...ownerColumns(f.owner),
        kind: f.kind,
        label: f.label,
        value: f.value,
        valid_until: f.validUntil ?? null,
        position: f.position ?? 0,
      }).execute();
    },
    async deleteAllCitizens({ clearAudit = false, clearOidc = false } = {}) {
      await atomically(db, async (trx) => {
        // Foreign keys cascade: mandates, items, events, corrections, host sessions and grant parties go along.
        await trx.deleteFrom('users').execute();
        await trx.deleteFrom('parties').execute();
        if (clearAudit) await trx.deleteFrom('audit_log').execute();
        if (clearOidc) await trx.deleteFrom('oidc_models').execute();
      });
    },
  };
}
