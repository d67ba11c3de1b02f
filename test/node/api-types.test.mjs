// The client types generated from the OpenAPI contract are current, so `npm run typecheck` (which checks
// src/model/profile.contract.ts) compares the client with the contract as it is now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { GENERATED, generateApiTypes } from '../../scripts/api-types.mjs';

test('src/model/profile-api.generated.ts matches openapi/profile-api.yaml', async () => {
  assert.equal(await readFile(GENERATED, 'utf8'), await generateApiTypes(), 'run: node scripts/api-types.mjs');
});
