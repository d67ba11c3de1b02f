// oidc-provider's `adapter` option on the store: one adapter per model name, all on the same OidcModelStore.

import type { OidcModelStore } from './store.js';

/** The adapter interface oidc-provider calls (its own type is not exported in a form we can import here). */
export interface OidcAdapter {
  upsert(id: string, payload: Record<string, unknown>, expiresIn: number | undefined): Promise<void>;
  find(id: string): Promise<Record<string, unknown> | undefined>;
  findByUid(uid: string): Promise<Record<string, unknown> | undefined>;
  findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/** `new Provider(issuer, { adapter: createOidcAdapter(store.oidc) })` */
export function createOidcAdapter(models: OidcModelStore): (model: string) => OidcAdapter {
  return (model) => ({
    upsert: (id, payload, expiresIn) => models.upsert(model, id, payload, expiresIn),
    find: (id) => models.find(model, id),
    findByUid: (uid) => models.findByUid(model, uid),
    findByUserCode: (userCode) => models.findByUserCode(model, userCode),
    consume: (id) => models.consume(model, id),
    destroy: (id) => models.destroy(model, id),
    revokeByGrantId: (grantId) => models.revokeByGrantId(model, grantId),
  });
}
