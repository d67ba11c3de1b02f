// docs/theming.md carries a token reference generated from the token files (scripts/token-table.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { buildThemes } from '../../themes/build.mjs';
import { DOC, generatedPart, renderTokenTables } from '../../scripts/token-table.mjs';

const tables = await renderTokenTables();

test('docs/theming.md holds the token tables as generated from the token files', async () => {
  const doc = await readFile(DOC, 'utf8');
  const part = generatedPart(doc);
  assert.ok(part !== undefined, 'the token-table markers are missing from docs/theming.md');
  assert.equal(part, tables, 'docs/theming.md is out of date: run `node scripts/token-table.mjs --write`');
});

test('the tables list every component custom property with its default, and every brand and semantic token', async () => {
  const { themes } = await buildThemes({ only: ['loket'], write: false });
  const variables = themes[0].variables;
  const rows = tables.split('\n').filter((line) => line.startsWith('| `'));
  for (const [name, value] of Object.entries(variables)) {
    const row = rows.find((r) => r.startsWith(`| \`${name}\` |`));
    assert.ok(row, `${name} is missing`);
    assert.ok(row.includes(`\`${value.replace(/\|/g, '\\|')}\``), `${name}: default ${value} in ${row}`);
  }
  const brand = JSON.parse(await readFile('themes/tokens/brand.json', 'utf8'));
  const semantic = JSON.parse(await readFile('themes/tokens/semantic.json', 'utf8'));
  const count = (tree) => JSON.stringify(tree).match(/"\$value"/g).length;
  assert.equal(rows.filter((r) => r.startsWith('| `brand.')).length, count(brand));
  assert.equal(rows.filter((r) => r.startsWith('| `semantic.')).length, count(semantic));
  // every row has a description
  for (const row of rows) assert.doesNotMatch(row, /^\| `[^`]+` \|\s*\|/, row);
});
