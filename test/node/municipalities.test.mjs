// The municipality registry (demo/municipalities/<id>.json): valid against its JSON Schema, and consistent with
// the themes, the demo sites and their header configs.
// Run: node --test test/node/municipalities.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import {
  MUNICIPALITIES,
  SCHEMA_FILE,
  municipalityForOrigin,
  registryFiles,
  siteOrigins,
} from '../../demo/municipalities/index.mjs';

const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

test('the registry holds Lindegem, Havenstad and Kasteelberg', () => {
  assert.deepEqual(
    MUNICIPALITIES.map((m) => m.id),
    ['havenstad', 'kasteelberg', 'lindegem'],
  );
});

for (const file of registryFiles()) {
  const id = path.basename(file, '.json');
  test(`${id}.json is valid against municipality.schema.json and matches its theme, site and header config`, () => {
    const entry = readJson(file);
    assert.ok(validate(entry), JSON.stringify(validate.errors, null, 2));
    assert.equal(entry.id, id, 'the id matches the file name');
    assert.ok(existsSync(path.join('themes', entry.theme, 'brand.json')), `theme ${entry.theme} is a bundled theme`);
    const site = entry.site.folder;
    for (const f of ['index.html', 'loket.json', entry.logo.src.slice(1)]) {
      assert.ok(existsSync(path.join(site, f)), `${site}/${f} exists`);
    }
    const config = readJson(path.join(site, 'loket.json'));
    assert.equal(config.theme, entry.theme, 'the site shows the header in its theme');
    assert.equal(config.municipality.id, entry.id);
    assert.deepEqual(config.municipality.name, entry.name);
    assert.equal(config.municipality.logo.src, entry.logo.src);
    assert.deepEqual(config.municipality.logo.alt, entry.logo.alt);
    assert.deepEqual(config.links.main, entry.links.main, 'the header links are the registry links');
    assert.ok(
      entry.site.origins.includes(`http://localhost:${entry.site.port}`),
      'the default port is one of its origins',
    );
  });
}

test('each site has an origin of its own; an origin finds its municipality', () => {
  const ports = MUNICIPALITIES.map((m) => m.site.port);
  assert.equal(new Set(ports).size, ports.length, `ports ${ports}`);
  const origins = MUNICIPALITIES.flatMap((m) => m.site.origins);
  assert.equal(new Set(origins).size, origins.length);
  assert.equal(municipalityForOrigin('http://localhost:8083/berichten?x=1', {})?.id, 'havenstad');
  assert.equal(municipalityForOrigin('http://localhost:9999', { LOKET_KASTEELBERG_PORT: '9999' })?.id, 'kasteelberg');
  assert.equal(municipalityForOrigin('http://evil.example', {}), undefined);
  assert.equal(municipalityForOrigin('not a url', {}), undefined);
  assert.deepEqual(siteOrigins({ LOKET_SITE_PORT: '8090' }), [
    'http://localhost:8083',
    'http://localhost:8084',
    'http://localhost:8090',
  ]);
});

test('the schema rejects an entry without a French name, with a path as origin, or with an unknown field', () => {
  const good = readJson(registryFiles()[0]);
  const noFrench = structuredClone(good);
  delete noFrench.name.fr;
  assert.equal(validate(noFrench), false);
  const badOrigin = structuredClone(good);
  badOrigin.site.origins = ['http://localhost:8083/berichten'];
  assert.equal(validate(badOrigin), false);
  assert.equal(validate({ ...good, colour: 'red' }), false);
  assert.equal(validate(good), true);
});
