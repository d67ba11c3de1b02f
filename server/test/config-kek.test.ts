// LOKET_KEK_FILE is the service's own option (kekFile), read by config.ts and handed to the store.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, optionsFromEnv } from '../src/config.js';

test('LOKET_KEK_FILE becomes the option kekFile; a folder or a padded path is refused naming the variable', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-kek-config-'));
  try {
    assert.equal(
      optionsFromEnv({ LOKET_KEK_FILE: path.join(dir, 'kek') }).kekFile,
      path.join(dir, 'kek'),
      'a file that does not exist yet is fine (created outside production)',
    );
    assert.equal(optionsFromEnv({}).kekFile, undefined);
    for (const value of [dir, `${dir}/`, ` ${dir}/kek`]) {
      assert.throws(
        () => optionsFromEnv({ LOKET_KEK_FILE: value }),
        (error: unknown) => error instanceof ConfigError && /^LOKET_KEK_FILE=/.test(error.message),
        value,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
