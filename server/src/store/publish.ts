// The publish API's part of the store (issue 12): its clients, what each client published (so that a client
// sees and changes only its own items, and dossier references are per client), the PDFs it sent (encrypted
// under the citizen's data key, as base64), registered letters' acknowledgements and receipts, and the
// answers kept for Idempotency-Keys. The citizen's items themselves are written by the content writer.

import { sql, type Kysely } from 'kysely';
import { fieldAad } from '../crypto/envelope.js';
import { userKeyId, type Keyring } from './keyring.js';
import type { Database } from './schema.js';
import type { Owner } from './store.js';

type Db = Kysely<Database>;

export type PublishedKind = 'dossier' | 'message' | 'document' | 'letter';

export interface PublishClient {
  id: string;
  /** shown to citizens as the sender */
  name: string;
  /** a public JWK Set, or null when the keys are at `jwksUri` */
  jwks: { keys: Record<string, unknown>[] } | null;
  jwksUri: string | null;
  scopes: string[];
  createdAt: string;
  removedAt: string | null;
}

export interface PublishedItem {
  kind: PublishedKind;
  itemId: string;
  clientId: string;
  reference: string | null;
  caseType: string | null;
  status: string | null;
  owner: Owner;
  sha256: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  receipt: string | null;
}

export interface IdempotentAnswer {
  requestHash: string;
  /** undefined while the first request is still in flight */
  answer?: { status: number; body: unknown };
}

export interface PublishStore {
  /** adds a client, or replaces one (also one that was removed) */
  putClient(client: Omit<PublishClient, 'createdAt' | 'removedAt'>): Promise<void>;
  /** a client that is not removed */
  client(id: string): Promise<PublishClient | undefined>;
  /** every client, removed ones too, by id */
  clients(): Promise<PublishClient[]>;
  /** false when there was no such (active) client */
  removeClient(id: string): Promise<boolean>;

  /** records that `clientId` published an item; `file`: the PDF (stored encrypted) */
  recordItem(item: {
    kind: PublishedKind;
    itemId: string;
    clientId: string;
    reference?: string | null;
    caseType?: string | null;
    status?: string | null;
    owner: Owner;
    sha256?: string | null;
    file?: Buffer;
  }): Promise<void>;
  /** an item of this client (another client's reads as undefined) */
  item(clientId: string, kind: PublishedKind, itemId: string): Promise<PublishedItem | undefined>;
  /** a dossier's latest status, as the client named it */
  setItemStatus(clientId: string, kind: PublishedKind, itemId: string, status: string): Promise<void>;
  /** a dossier of this client by its reference */
  itemByReference(clientId: string, kind: PublishedKind, reference: string): Promise<PublishedItem | undefined>;
  /** a published item of this owner, whoever published it (the citizen's side) */
  ownItem(
    owner: Owner,
    kind: PublishedKind,
    itemId: string,
  ): Promise<(PublishedItem & { clientName: string }) | undefined>;
  /** the PDF as it was sent */
  file(owner: Owner, kind: PublishedKind, itemId: string): Promise<Buffer | undefined>;
  /**
   * The citizen acknowledges a registered letter: the message and the published letter record the time and
   * the receipt; false when it was acknowledged already (or is not theirs).
   */
  acknowledgeLetter(owner: Owner, messageId: string, at: string, receipt: string | null): Promise<boolean>;

  /**
   * Reserves an Idempotency-Key for a request: undefined when it is new (the caller then answers and calls
   * `finishIdempotent`), else what is stored for it. Keys older than `keepHours` are forgotten first.
   */
  reserveIdempotent(
    clientId: string,
    key: string,
    requestHash: string,
    keepHours?: number,
  ): Promise<IdempotentAnswer | undefined>;
  finishIdempotent(clientId: string, key: string, status: number, body: unknown): Promise<void>;
  /** the request failed before anything was written: the key may be used again */
  releaseIdempotent(clientId: string, key: string): Promise<void>;
}

const now = () => new Date().toISOString();

export function createPublishStore(db: Db, keys: Keyring): PublishStore {
  const toClient = (row: {
    id: string;
    name: string;
    jwks: string | null;
    jwks_uri: string | null;
    scope: string;
    created_at: string;
    removed_at: string | null;
  }): PublishClient => ({
    id: row.id,
    name: row.name,
    jwks: row.jwks ? (JSON.parse(row.jwks) as PublishClient['jwks']) : null,
    jwksUri: row.jwks_uri,
    scopes: row.scope.split(' ').filter(Boolean),
    createdAt: row.created_at,
    removedAt: row.removed_at,
  });
  const toItem = (row: {
    kind: string;
    item_id: string;
    client_id: string;
    reference: string | null;
    case_type: string | null;
    status: string | null;
    user_id: string;
    party_id: string | null;
    sha256: string | null;
    created_at: string;
    acknowledged_at: string | null;
    receipt: string | null;
  }): PublishedItem => ({
    kind: row.kind as PublishedKind,
    itemId: row.item_id,
    clientId: row.client_id,
    reference: row.reference,
    caseType: row.case_type,
    status: row.status,
    owner: { userId: row.user_id, partyId: row.party_id },
    sha256: row.sha256,
    createdAt: row.created_at,
    acknowledgedAt: row.acknowledged_at,
    receipt: row.receipt,
  });
  const itemColumns = [
    'kind',
    'item_id',
    'client_id',
    'reference',
    'case_type',
    'status',
    'user_id',
    'party_id',
    'sha256',
    'created_at',
    'acknowledged_at',
    'receipt',
  ] as const;
  const ownedBy = (owner: Owner) =>
    owner.partyId === null ? sql<boolean>`party_id is null` : sql<boolean>`party_id = ${owner.partyId}`;

  return {
    async putClient(client) {
      const values = {
        name: client.name,
        jwks: client.jwks ? JSON.stringify(client.jwks) : null,
        jwks_uri: client.jwksUri,
        scope: client.scopes.join(' '),
        removed_at: null,
      };
      await db
        .insertInto('publish_clients')
        .values({ id: client.id, created_at: now(), ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
    async client(id) {
      const row = await db
        .selectFrom('publish_clients')
        .selectAll()
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      return row ? toClient(row) : undefined;
    },
    async clients() {
      return (await db.selectFrom('publish_clients').selectAll().orderBy('id').execute()).map(toClient);
    },
    async removeClient(id) {
      const result = await db
        .updateTable('publish_clients')
        .set({ removed_at: now() })
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async recordItem(item) {
      let file: string | null = null;
      if (item.file) {
        const key = await keys.forWrite(db, userKeyId(item.owner.userId));
        file = keys.encrypt(
          key,
          fieldAad('published_items', 'file', `${item.kind}/${item.itemId}`),
          item.file.toString('base64'),
        );
      }
      await db
        .insertInto('published_items')
        .values({
          kind: item.kind,
          item_id: item.itemId,
          client_id: item.clientId,
          reference: item.reference ?? null,
          case_type: item.caseType ?? null,
          status: item.status ?? null,
          user_id: item.owner.userId,
          party_id: item.owner.partyId,
          sha256: item.sha256 ?? null,
          file,
          created_at: now(),
          acknowledged_at: null,
          receipt: null,
        })
        .execute();
    },
    async item(clientId, kind, itemId) {
      const row = await db
        .selectFrom('published_items')
        .select(itemColumns)
        .where('client_id', '=', clientId)
        .where('kind', '=', kind)
        .where('item_id', '=', itemId)
        .executeTakeFirst();
      return row ? toItem(row) : undefined;
    },
    async setItemStatus(clientId, kind, itemId, status) {
      await db
        .updateTable('published_items')
        .set({ status })
        .where('client_id', '=', clientId)
        .where('kind', '=', kind)
        .where('item_id', '=', itemId)
        .execute();
    },
    async itemByReference(clientId, kind, reference) {
      const row = await db
        .selectFrom('published_items')
        .select(itemColumns)
        .where('client_id', '=', clientId)
        .where('kind', '=', kind)
        .where('reference', '=', reference)
        .executeTakeFirst();
      return row ? toItem(row) : undefined;
    },
    async ownItem(owner, kind, itemId) {
      const row = await db
        .selectFrom('published_items')
        .innerJoin('publish_clients', 'publish_clients.id', 'published_items.client_id')
        .select([...itemColumns.map((c) => `published_items.${c}` as const), 'publish_clients.name as client_name'])
        .where('published_items.kind', '=', kind)
        .where('published_items.item_id', '=', itemId)
        .where('published_items.user_id', '=', owner.userId)
        .where(ownedBy(owner))
        .executeTakeFirst();
      return row ? { ...toItem(row), clientName: row.client_name } : undefined;
    },
    async file(owner, kind, itemId) {
      const row = await db
        .selectFrom('published_items')
        .select('file')
        .where('kind', '=', kind)
        .where('item_id', '=', itemId)
        .where('user_id', '=', owner.userId)
        .where(ownedBy(owner))
        .executeTakeFirst();
      if (!row?.file) return undefined;
      const base64 = await keys.decrypt(
        db,
        userKeyId(owner.userId),
        fieldAad('published_items', 'file', `${kind}/${itemId}`),
        row.file,
      );
      return Buffer.from(base64, 'base64');
    },
    async acknowledgeLetter(owner, messageId, at, receipt) {
      return db.transaction().execute(async (trx) => {
        const ownerFilter = ownedBy(owner);
        const result = await trx
          .updateTable('messages')
          .set({ acknowledged_at: at })
          .where('id', '=', messageId)
          .where('user_id', '=', owner.userId)
          .where(ownerFilter)
          .where('kind', '=', 'registered')
          .where('acknowledged_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await trx
          .updateTable('published_items')
          .set({ acknowledged_at: at, receipt })
          .where('kind', '=', 'letter')
          .where('item_id', '=', messageId)
          .where('user_id', '=', owner.userId)
          .execute();
        return true;
      });
    },

    async reserveIdempotent(clientId, key, requestHash, keepHours = 48) {
      const cutoff = new Date(Date.now() - keepHours * 3600_000).toISOString();
      await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({
          client_id: clientId,
          key,
          request_hash: requestHash,
          status: null,
          response: null,
          created_at: now(),
        })
        .onConflict((oc) => oc.columns(['client_id', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return undefined;
      const row = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('client_id', '=', clientId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        requestHash: row.request_hash,
        ...(row.status !== null && row.response !== null
          ? { answer: { status: Number(row.status), body: JSON.parse(row.response) as unknown } }
          : {}),
      };
    },
    async finishIdempotent(clientId, key, status, body) {
      await db
        .updateTable('idempotency_keys')
        .set({ status, response: JSON.stringify(body) })
        .where('client_id', '=', clientId)
        .where('key', '=', key)
        .execute();
    },
    async releaseIdempotent(clientId, key) {
      await db
        .deleteFrom('idempotency_keys')
        .where('client_id', '=', clientId)
        .where('key', '=', key)
        .where('status', 'is', null)
        .execute();
    },
  };
}
