// The data keys: one per citizen (`user:<id>`) and per party (`party:<id>`), random, stored only wrapped by the
// key-encryption key (KEK), which is never in the database. Beside them the system's own keys, wrapped the
// same way: the canary (a known answer, checked before anything is written), the blind-index key, the audit
// logbook's signing key and the key of the provider's keys row.
//
// Unwrapped keys are kept in memory per store (not per process) by wrapped value: a key wrapped again by a
// rotation is unwrapped once more; a key that was erased or replaced (the demo's reset) is read again.

import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { blindIndexWith, decryptField, DecryptionError, encryptField, newDataKey } from '../crypto/envelope.js';
import { WrongKekError, type KeyEncryptionKey } from '../crypto/kek.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

const CANARY = 'system:canary';
const BLIND_INDEX = 'system:blind-index';
const AUDIT_SIGNING = 'system:audit-signing';
const SERVICE_KEYS = 'system:service-keys';
const SYSTEM_KEYS = [CANARY, BLIND_INDEX, AUDIT_SIGNING, SERVICE_KEYS];
/** the canary's known answer: what its data key must unwrap to */
const CANARY_VALUE = createHash('sha256').update('loket kek canary v1').digest();
const MAX_CACHED = 20_000;
/** decrypted fields kept in memory (by place and ciphertext); the whole set is dropped when full or on forget */
const MAX_OPENED = 50_000;

export const WRONG_KEK_MESSAGE =
  "LOKET_KEK_FILE does not unwrap this database's keys: wrong key-encryption key. Nothing was changed; start with the key file this database was created with (docs/deploy.md).";

export const userKeyId = (userId: string) => `user:${userId}`;
export const partyKeyId = (partyId: string) => `party:${partyId}`;

/**
 * Checks the KEK against the canary, when the database has one. Runs before the migrations and before any
 * write: with a wrong KEK the service stops here and the database stays as it was.
 */
export async function checkCanary(db: Db, kek: KeyEncryptionKey): Promise<'checked' | 'new'> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === 'data_keys')) return 'new';
  const row = await db.selectFrom('data_keys').select('wrapped').where('id', '=', CANARY).executeTakeFirst();
  if (!row) return 'new';
  let value: Buffer;
  try {
    value = await kek.unwrap(row.wrapped, CANARY);
  } catch (error) {
    if (error instanceof WrongKekError) throw new WrongKekError(WRONG_KEK_MESSAGE);
    throw error;
  }
  if (!value.equals(CANARY_VALUE)) throw new WrongKekError(WRONG_KEK_MESSAGE);
  return 'checked';
}

export interface Keyring {
  readonly kek: KeyEncryptionKey;
  /** a new data key for `keyId`, stored wrapped (in `db`'s transaction, when it is one) */
  create(db: Db, keyId: string): Promise<Buffer>;
  /** the data key, read from `db` (a write encrypts under the key the database holds now); throws when none */
  forWrite(db: Db, keyId: string): Promise<Buffer>;
  /** decrypts a stored field of `keyId`'s; null stays null */
  decrypt(db: Db, keyId: string, aad: string, stored: string): Promise<string>;
  decryptNullable(db: Db, keyId: string, aad: string, stored: string | null): Promise<string | null>;
  encrypt(key: Buffer, aad: string, value: string): string;
  /**
   * decrypts a stored field with `key` (inside `withKey`): a value this store decrypted before, at the same place
   * (`aad`) and with the same ciphertext, comes from memory (AES-GCM's set-up costs more than the rest of a
   * summary's read); throws DecryptionError as decryptField does
   */
  open(key: Buffer, aad: string, stored: string): string;
  /** runs `read` (synchronous decryptions) with `keyId`'s key: the one in memory, or read again once if it fails */
  withKey<T>(db: Db, keyId: string, read: (key: Buffer) => T): Promise<T>;
  forget(keyId?: string): void;
  blindIndex(kind: string, value: string): string;
  /** the audit logbook's checkpoint signing key (Ed25519) */
  readonly auditSigningKey: KeyObject;
  /** the key of the provider's keys row */
  readonly serviceKeysKey: Buffer;
}

/** Ed25519 from a 32-byte seed: the seed in its PKCS#8 envelope (RFC 8410), for node to import. */
function ed25519FromSeed(seed: Buffer): KeyObject {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

async function unwrapRow(kek: KeyEncryptionKey, keyId: string, wrapped: string): Promise<Buffer> {
  return kek.unwrap(wrapped, keyId);
}

async function insertWrapped(
  db: Db,
  kek: KeyEncryptionKey,
  keyId: string,
  key: Buffer,
  ifAbsent: boolean,
): Promise<void> {
  const { kekId, wrapped } = await kek.wrap(key, keyId);
  const insert = db
    .insertInto('data_keys')
    .values({ id: keyId, kek_id: kekId, wrapped, created_at: new Date().toISOString() });
  await (ifAbsent ? insert.onConflict((oc) => oc.column('id').doNothing()) : insert).execute();
}

/** Creates the system keys when missing (every instance starting at once inserts if absent, reads back). */
export async function openKeyring(db: Db, kek: KeyEncryptionKey): Promise<Keyring> {
  for (const id of SYSTEM_KEYS) {
    const exists = await db.selectFrom('data_keys').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) await insertWrapped(db, kek, id, id === CANARY ? CANARY_VALUE : newDataKey(), true);
  }
  const rows = await db.selectFrom('data_keys').select(['id', 'wrapped']).where('id', 'in', SYSTEM_KEYS).execute();
  const system = new Map<string, Buffer>();
  for (const row of rows) {
    try {
      system.set(row.id, await unwrapRow(kek, row.id, row.wrapped));
    } catch (error) {
      if (error instanceof WrongKekError) throw new WrongKekError(WRONG_KEK_MESSAGE);
      throw error;
    }
  }
  if (!system.get(CANARY)?.equals(CANARY_VALUE)) throw new WrongKekError(WRONG_KEK_MESSAGE);

  // by wrapped value: a re-wrapped or replaced key is a different entry
  const unwrapped = new Map<string, Buffer>();
  // keyId -> the wrapped value last read for it
  const latest = new Map<string, string>();

  const load = async (db: Db, keyId: string): Promise<Buffer | undefined> => {
    const row = await db.selectFrom('data_keys').select('wrapped').where('id', '=', keyId).executeTakeFirst();
    if (!row) {
      latest.delete(keyId);
      return undefined;
    }
    let key = unwrapped.get(row.wrapped);
    if (!key) {
      key = await unwrapRow(kek, keyId, row.wrapped);
      if (unwrapped.size >= MAX_CACHED) {
        unwrapped.clear();
        latest.clear();
      }
      unwrapped.set(row.wrapped, key);
    }
    latest.set(keyId, row.wrapped);
    return key;
  };
  // The process holds every data key it used unwrapped already (above): keeping the values it decrypted with
  // them exposes nothing more to someone who can read its memory. A value changed in the database has another
  // ciphertext (a fresh IV), so it misses; an erased citizen's rows are gone, and forget() drops the set.
  const opened = new Map<string, string>();
  const cached = (keyId: string) => {
    const wrapped = latest.get(keyId);
    return wrapped === undefined ? undefined : unwrapped.get(wrapped);
  };

  const keyring: Keyring = {
    kek,
    async create(db, keyId) {
      const key = newDataKey();
      await insertWrapped(db, kek, keyId, key, false);
      latest.delete(keyId);
      return key;
    },
    async forWrite(db, keyId) {
      const key = await load(db, keyId);
      if (!key) throw new Error(`no data key for ${keyId}`);
      return key;
    },
    async decrypt(db, keyId, aad, stored) {
      const key = cached(keyId);
      if (key) {
        try {
          return decryptField(key, aad, stored);
        } catch (error) {
          // the key in memory may be one that was replaced since (the demo's reset): read it again, once
          if (!(error instanceof DecryptionError)) throw error;
        }
      }
      const fresh = await load(db, keyId);
      if (!fresh) throw new DecryptionError(`${aad} (no data key: erased)`);
      return decryptField(fresh, aad, stored);
    },
    async withKey(db, keyId, read) {
      const key = cached(keyId);
      if (key) {
        try {
          return read(key);
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
        }
      }
      const fresh = await load(db, keyId);
      if (!fresh) throw new DecryptionError(`${keyId}'s data (no data key: erased)`);
      return read(fresh);
    },
    async decryptNullable(db, keyId, aad, stored) {
      return stored === null ? null : keyring.decrypt(db, keyId, aad, stored);
    },
    encrypt: encryptField,
    open(key, aad, stored) {
      const place = `${aad}\u0000${stored}`;
      let value = opened.get(place);
      if (value === undefined) {
        value = decryptField(key, aad, stored);
        if (opened.size >= MAX_OPENED) opened.clear();
        opened.set(place, value);
      }
      return value;
    },
    forget(keyId) {
      opened.clear();
      if (keyId === undefined) latest.clear();
      else latest.delete(keyId);
    },
    blindIndex: (kind, value) => blindIndexWith(system.get(BLIND_INDEX)!, kind, value),
    auditSigningKey: ed25519FromSeed(system.get(AUDIT_SIGNING)!),
    serviceKeysKey: system.get(SERVICE_KEYS)!,
  };
  return keyring;
}

/**
 * Wraps every data key (and the system keys) under the KEK's current key, in batches of `batchSize`, while the
 * service runs: each row is replaced only if it is still the one that was read (an erasure in between wins).
 * Returns how many were wrapped again. Repeats until no key is left under another KEK.
 */
export async function rewrapAll(
  db: Db,
  kek: KeyEncryptionKey,
  options: { batchSize?: number; onBatch?: (done: number) => void | Promise<void> } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const target = await kek.currentId();
  let done = 0;
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('data_keys')
      .select(['id', 'wrapped', 'kek_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) {
      const left = await db
        .selectFrom('data_keys')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('kek_id', '<>', target)
        .executeTakeFirst();
      if (Number(left?.n ?? 0) === 0) return done;
      after = '';
      continue;
    }
    // wrapped before the transaction (a KMS answers over the network): the transaction only writes
    const rewrapped = await Promise.all(
      rows
        .filter((row) => row.kek_id !== target)
        .map(async (row) => ({
          row,
          ...(await kek.wrap(await kek.unwrap(row.wrapped, row.id), row.id)),
        })),
    );
    await db.transaction().execute(async (trx) => {
      for (const { row, kekId, wrapped } of rewrapped) {
        // only if it is still the row that was read: an erasure or a reset in between wins
        const result = await trx
          .updateTable('data_keys')
          .set({ kek_id: kekId, wrapped })
          .where('id', '=', row.id)
          .where('wrapped', '=', row.wrapped)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) > 0) done += 1;
      }
    });
    after = rows.at(-1)!.id;
    await options.onBatch?.(done);
  }
}

/** Deletes the data keys of every citizen and party (the demo's reset). */
export async function deleteOwnerKeys(db: Db): Promise<void> {
  await db
    .deleteFrom('data_keys')
    .where((eb) => eb.or([eb('id', 'like', 'user:%'), eb('id', 'like', 'party:%')]))
    .execute();
}
