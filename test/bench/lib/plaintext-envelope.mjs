// The bench's "encryption off": the service's envelope module with its field encryption taken out, so section 5
// can set /me/summary with encrypted fields beside the same service storing them in plain text (never a setting
// of the service: only the bench's server child loads this, through plaintext-fields-hooks.mjs).
//
// Fields keep their `e1.` prefix (the store checks it) and are otherwise the plain value. The data keys, their
// wrapping by the key-encryption key, blind indexes and derived keys stay as they are: per-citizen keys are
// unwrapped once and kept, so what is left out is the per-field AES-256-GCM work.

export * from '../../../server/dist/crypto/envelope.js';

const FIELD_PREFIX = 'e1.';

export function encryptField(_key, _aad, value) {
  return FIELD_PREFIX + value;
}

export function decryptField(_key, aad, stored) {
  if (!stored.startsWith(FIELD_PREFIX)) throw new Error(`${aad} (not a stored field)`);
  return stored.slice(FIELD_PREFIX.length);
}
