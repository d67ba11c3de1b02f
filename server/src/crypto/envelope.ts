// The envelope's primitives, all node:crypto: AES-256-GCM for fields and wrapped keys (a random 96-bit IV per
// value, the 128-bit tag stored, additional authenticated data naming where the value belongs, so a value
// moved to another row, column or citizen fails to decrypt), HMAC-SHA-256 for blind indexes, HKDF to derive
// sub-keys. No algorithm is written here: only the formats around node's AEAD.

import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** A field's ciphertext: `e1.` + base64(iv | tag | ciphertext). */
const FIELD_PREFIX = 'e1.';

export class DecryptionError extends Error {
  constructor(what: string) {
    super(`${what} does not decrypt: wrong key, or the value was changed or moved`);
    this.name = 'DecryptionError';
  }
}

export function seal(key: Buffer, aad: string, plaintext: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('AES-256-GCM needs a 32-byte key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, aad: string, sealed: Buffer, what = 'a value'): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new DecryptionError(what);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError(what);
  }
}

/** Encrypts a text field; `aad` names its table, column and row (see fieldAad). */
export function encryptField(key: Buffer, aad: string, value: string): string {
  return FIELD_PREFIX + seal(key, aad, Buffer.from(value, 'utf8')).toString('base64');
}

export function decryptField(key: Buffer, aad: string, stored: string): string {
  if (!stored.startsWith(FIELD_PREFIX)) throw new DecryptionError(`${aad} (not an encrypted value)`);
  return open(key, aad, Buffer.from(stored.slice(FIELD_PREFIX.length), 'base64'), aad).toString('utf8');
}

export const isEncryptedField = (stored: string) => stored.startsWith(FIELD_PREFIX);

/** Where a field belongs: its table, column and row; what the ciphertext is bound to. */
export const fieldAad = (table: string, column: string, rowId: string) => `loket/v1/${table}/${column}/${rowId}`;

/** A sub-key for one purpose, derived from a secret (HKDF-SHA-256). */
export function deriveKey(secret: Buffer, purpose: string, length = KEY_BYTES): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `loket ${purpose}`, length));
}

/** A keyed hash of a personal value, for lookups (`kind` separates e.g. usernames from register numbers). */
export function blindIndexWith(key: Buffer, kind: string, value: string): string {
  return createHmac('sha256', key)
    .update(`${kind}\u0000${value.normalize('NFC')}`, 'utf8')
    .digest('base64url');
}

export const newDataKey = () => randomBytes(KEY_BYTES);
