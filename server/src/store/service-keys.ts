// The provider's signing and cookie keys, in the database so every instance signs with the same keys. The
// first instance to need them creates them; when two start at once, both insert-if-absent and both read back
// the one row that won. The row is encrypted (its private keys are worth as much as the personal data) under
// the system key `system:service-keys`, which the key-encryption key wraps.

import type { Kysely } from 'kysely';
import { decryptField, encryptField, fieldAad } from '../crypto/envelope.js';
import type { Database } from './schema.js';
import type { ServiceKeys } from './store.js';

const NAME = 'provider';

export function createServiceKeys(db: Kysely<Database>, key: Buffer) {
  const aad = fieldAad('service_keys', 'value', NAME);
  const read = async () => {
    const row = await db.selectFrom('service_keys').select('value').where('name', '=', NAME).executeTakeFirst();
    return row && (JSON.parse(decryptField(key, aad, row.value)) as ServiceKeys);
  };

  return async function loadOrCreateKeys(create: () => Promise<ServiceKeys>): Promise<ServiceKeys> {
    const existing = await read();
    if (existing) return existing;
    const keys = await create();
    await db
      .insertInto('service_keys')
      .values({ name: NAME, value: encryptField(key, aad, JSON.stringify(keys)), created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const stored = await read();
    if (!stored) throw new Error('the service keys could not be stored');
    return stored;
  };
}
