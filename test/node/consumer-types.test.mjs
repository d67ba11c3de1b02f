// The package as a site's TypeScript sees it: the built types (dist/esm) export LoketGlobal and the event classes
// and declare window.loket, with typed events and arguments (test/fixtures/consumer/consumer.ts, whose
// @ts-expect-error lines must stay errors). Needs `npm run build` first, as `npm test` does.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('a TypeScript site gets window.loket, its methods and its events typed from the package', async () => {
  const result = await run(process.execPath, [
    'node_modules/typescript/bin/tsc',
    '-p',
    'test/fixtures/consumer/tsconfig.json',
  ]).catch((error) => error);
  assert.equal(result.code ?? 0, 0, `tsc found problems:\n${result.stdout}${result.stderr}`);
});
