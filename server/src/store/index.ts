// The store's public face: the interface, its one factory and the provider's adapter on it.

export type * from './store.js';
export { openStore, SQLITE_FILE, type OpenStoreOptions } from './open-store.js';
export { createOidcAdapter, type OidcAdapter } from './oidc-adapter.js';
export {
  WrongKekError,
  KekConfigError,
  keyFileKek,
  memoryKek,
  kekFromEnvironment,
  kekIdOf,
  DEMO_KEK_FILE,
  type KeyEncryptionKey,
} from '../crypto/kek.js';
