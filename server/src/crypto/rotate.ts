// Rotating the key file's key-encryption key while the service runs (`npm run keys:rotate`):
//   1. the new key goes first into the key file, the old one stays after it: every instance, reading the file
//      again when it meets a key it does not hold and before each wrap, unwraps both and wraps with the new;
//   2. every data key is wrapped again under the new key, in batches (store.rewrapDataKeys), then once more
//      after a grace period, for a key an instance wrapped with the old key just before it saw the new file;
//   3. the old key leaves the file. The data keys themselves do not change: no field is encrypted again.
// Interrupted, the file holds both keys and a second run finishes the work.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore, type OpenStoreOptions } from '../store/open-store.js';
import type { AuditContext } from '../store/store.js';
import { KEY_BYTES } from './envelope.js';
import { kekIdOf, keyFileKek, parseKeyFile, writeKeyFile } from './kek.js';

export interface RotateOptions {
  /** the key file (LOKET_KEK_FILE) */
  file: string;
  /** the new key (32 bytes); default: generated */
  newKey?: Buffer;
  /** where the database is: as for openStore (its `kek` is the key file's) */
  store: Omit<OpenStoreOptions, 'kek'>;
  batchSize?: number;
  /** between the first pass and the last (default 2 s) */
  graceMs?: number;
  onBatch?: (done: number) => void | Promise<void>;
  context?: AuditContext;
}

export interface RotateResult {
  oldKekIds: string[];
  newKekId: string;
  rewrapped: number;
}

export async function rotateKeyFile(options: RotateOptions): Promise<RotateResult> {
  const old = parseKeyFile(readFileSync(options.file, 'utf8'), options.file);
  const newKey = options.newKey ?? randomBytes(KEY_BYTES);
  if (newKey.length !== KEY_BYTES) throw new Error('the new key-encryption key must be 32 bytes');
  if (old.some((key) => key.equals(newKey)))
    throw new Error('the new key-encryption key is one the file holds already');
  writeKeyFile(options.file, [newKey, ...old]);
  const store = await openStore({ ...options.store, kek: keyFileKek(options.file) });
  let rewrapped = 0;
  try {
    rewrapped += await store.rewrapDataKeys({
      batchSize: options.batchSize,
      onBatch: options.onBatch,
      context: options.context,
    });
    await sleep(options.graceMs ?? 2000);
    rewrapped += await store.rewrapDataKeys({ batchSize: options.batchSize, context: options.context });
  } finally {
    await store.close();
  }
  writeKeyFile(options.file, [newKey]);
  return { oldKekIds: old.map(kekIdOf), newKekId: kekIdOf(newKey), rewrapped };
}
