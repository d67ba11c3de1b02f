// The static variant: the header printed once by the command line (`loket-header render`, stylesheet links, so
// the site's CSP needs no hashes) and put into a plain HTML page, as a site without Node at request time does.
//
//   node examples/server-rendered/build-static.mjs [backend URL]     writes examples/server-rendered/static/index.html
//
// A site runs the same command from its package: npx loket-header render --config loket.json --styles link

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleConfig, pageHtml } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, '..', '..', 'bin', 'loket-header.mjs');

export async function buildStatic(backendUrl = 'http://localhost:8081') {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-static-'));
  const configFile = path.join(dir, 'loket.json');
  writeFileSync(configFile, JSON.stringify(await exampleConfig(backendUrl)));
  const header = execFileSync(
    process.execPath,
    [
      BIN,
      'render',
      '--config',
      configFile,
      '--lang',
      'nl',
      '--styles',
      'link',
      '--asset-base',
      '/loket/',
      '--public-dir',
      path.join(HERE, 'public'),
    ],
    { encoding: 'utf8' },
  );
  mkdirSync(path.join(HERE, 'static'), { recursive: true });
  const file = path.join(HERE, 'static', 'index.html');
  writeFileSync(file, pageHtml({ lang: 'nl', title: 'Welkom in Lindegem', header: header.trim() }));
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${await buildStatic(process.argv[2])}`);
}
