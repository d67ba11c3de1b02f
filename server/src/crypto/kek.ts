// The key-encryption key (KEK): wraps each data key; never in the database. `KeyEncryptionKey` is what the
// store needs of it; a KMS or an HSM can implement it (docs/deploy.md sketches Vault Transit). The one
// implementation here is a key file, named by LOKET_KEK_FILE: 32 random bytes, base64 or hex, one key a line.
// The first line wraps; the others only unwrap (a rotation in progress: `npm run keys:rotate`).

import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecryptionError, KEY_BYTES, open, seal } from './envelope.js';

export interface KeyEncryptionKey {
  /** the id of the key that wraps now; stored beside each wrapped key */
  currentId(): Promise<string>;
  /** wraps a data key; `context` (e.g. `user:<id>`) is bound to the result: it unwraps only with the same */
  wrap(dataKey: Buffer, context: string): Promise<{ kekId: string; wrapped: string }>;
  /** throws WrongKekError when this KEK did not wrap it (or it was changed, or moved to another context) */
  unwrap(wrapped: string, context: string): Promise<Buffer>;
}

export class WrongKekError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'WrongKekError';
  }
}

/** The id of a key: a keyed fingerprint, which says nothing of the key. */
export const kekIdOf = (key: Buffer) => createHmac('sha256', key).update('loket kek id').digest('hex').slice(0, 16);

const WRAP_PREFIX = 'k1';

/** Parses a key file's text: one key a line (base64 or 64 hex digits), `#` comments. */
export function parseKeyFile(text: string, where: string): Buffer[] {
  const keys = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const key = /^[0-9a-fA-F]{64}$/.test(line) ? Buffer.from(line, 'hex') : Buffer.from(line, 'base64');
      if (key.length !== KEY_BYTES)
        throw new Error(`${where}: a key is 32 bytes, base64 or hex (found ${key.length} bytes)`);
      return key;
    });
  if (keys.length === 0) throw new Error(`${where}: no key in the file`);
  return keys;
}

export const formatKeyFile = (keys: Buffer[]) =>
  `# Loket key-encryption key${keys.length > 1 ? 's: the first wraps, the others only unwrap (a rotation in progress)' : ''}. Keep apart from the database and its backups.\n${keys.map((k) => k.toString('base64')).join('\n')}\n`;

/** Writes a key file atomically (a temporary file in the same folder, then a rename), mode 0600. */
export function writeKeyFile(file: string, keys: Buffer[]): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, formatKeyFile(keys), { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);
}

/** A KEK held in memory: the tests, and the key file's implementation. */
export function memoryKek(keys: Buffer[] | (() => Buffer[])): KeyEncryptionKey {
  const current = typeof keys === 'function' ? keys : () => keys;
  const find = (id: string) => current().find((key) => kekIdOf(key) === id);
  return {
    async currentId() {
      return kekIdOf(current()[0]!);
    },
    async wrap(dataKey, context) {
      const key = current()[0]!;
      const kekId = kekIdOf(key);
      return {
        kekId,
        wrapped: `${WRAP_PREFIX}.${kekId}.${seal(key, `loket-kek/${context}`, dataKey).toString('base64')}`,
      };
    },
    async unwrap(wrapped, context) {
      const [prefix, id, body] = wrapped.split('.');
      if (prefix !== WRAP_PREFIX || !id || !body) throw new WrongKekError(`${context}: not a wrapped key`);
      const key = find(id);
      if (!key)
        throw new WrongKekError(`${context} is wrapped by key ${id}, which this key-encryption key does not hold`);
      try {
        return open(key, `loket-kek/${context}`, Buffer.from(body, 'base64'), context);
      } catch (error) {
        if (error instanceof DecryptionError)
          throw new WrongKekError(`${context} does not unwrap: changed, or moved from another context`);
        throw error;
      }
    },
  };
}

/**
 * The key file's KEK. The file is read again when a wrapped key names a key it does not hold, and before each
 * wrap: a rotation run by `npm run keys:rotate` while the service runs adds the new key to the file first.
 */
export function keyFileKek(file: string): KeyEncryptionKey {
  let keys = parseKeyFile(readFileSync(file, 'utf8'), file);
  const reload = () => {
    keys = parseKeyFile(readFileSync(file, 'utf8'), file);
  };
  const inner = memoryKek(() => keys);
  return {
    currentId: async () => {
      reload();
      return inner.currentId();
    },
    async wrap(dataKey, context) {
      reload();
      return inner.wrap(dataKey, context);
    },
    async unwrap(wrapped, context) {
      const id = wrapped.split('.')[1] ?? '';
      if (!keys.some((key) => kekIdOf(key) === id)) reload();
      return inner.unwrap(wrapped, context);
    },
  };
}

/** The demo's key file when LOKET_KEK_FILE is not set: outside the data folder (demo/.data). */
export const DEMO_KEK_FILE = fileURLToPath(new URL('../../../demo/.keys/kek', import.meta.url));

export class KekConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KekConfigError';
  }
}

/**
 * The KEK named by LOKET_KEK_FILE. Outside production a missing file is created (32 random bytes, mode 0600;
 * without the variable: demo/.keys/kek); in production (NODE_ENV=production) it must exist.
 */
export function kekFromEnvironment(env: Record<string, string | undefined> = process.env): KeyEncryptionKey {
  return kekFromFile(env.LOKET_KEK_FILE || undefined, env.NODE_ENV === 'production');
}

/**
 * The KEK in `configured` (the service's `kekFile`, from LOKET_KEK_FILE): as kekFromEnvironment, with the file
 * and whether this is production given rather than read from the environment.
 */
export function kekFromFile(configured: string | undefined, production: boolean): KeyEncryptionKey {
  if (production && !configured) {
    throw new KekConfigError(
      'LOKET_KEK_FILE is not set: in production the key-encryption key is a file of its own (32 random bytes, base64), kept apart from the database (docs/deploy.md).',
    );
  }
  const file = path.resolve(configured ?? DEMO_KEK_FILE);
  if (!existsSync(file)) {
    if (production)
      throw new KekConfigError(
        `LOKET_KEK_FILE=${file}: no such file; the service does not create the key-encryption key in production (docs/deploy.md).`,
      );
    // written whole under another name, then linked: a second instance starting at once sees a whole file
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, formatKeyFile([randomBytes(KEY_BYTES)]), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temporary, file);
    } catch (error) {
      // another instance created it first
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  try {
    return keyFileKek(file);
  } catch (error) {
    throw new KekConfigError(`LOKET_KEK_FILE=${file}: ${(error as Error).message}`);
  }
}
