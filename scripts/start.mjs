#!/usr/bin/env node
// `npm start`: build everything once, serve the demo site, and rebuild what changed while you work.
//
//   npm start                      build, serve http://127.0.0.1:8080/ (LOKET_SITE_PORT), watch src/ and themes/
//   npm start -- --no-build        serve what is in dist/ now
//   npm start -- --no-watch        build and serve, no rebuilds
//   npm start -- --log             one line per request (method, path, status)
//
// src/ changes rebuild the drop-in (dist/loket-header.js); themes/ changes rebuild the theme CSS. The site
// itself (demo/site/) needs no build: it is served with `cache-control: no-cache`, so a reload shows edits.
// While watching, the site server offers live-reload events (/__loket/events): after each theme build the
// theme preview (/preview/) re-fetches the theme CSS and contrast reports, or shows why the build failed.
// Ctrl-C stops the servers, the watchers and any build in progress.
//
// Services are started one function each (see SERVICES): the demo's mail catcher (port 8025, LOKET_MAIL_PORT;
// SMTP on 2525, LOKET_MAIL_SMTP_PORT), the profile service (server/, port 8081, LOKET_BACKEND_PORT) and the
// site; another is one more `start...()` function that returns { name, url, close }.

import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMailCatcher } from '../demo/mail-catcher.mjs';
import { municipality, sitePort, siteOrigins } from '../demo/municipalities/index.mjs';
import { OTHER_SITES, municipalSiteService, startSiteServer } from '../demo/site-server.mjs';

/** ", also for Lotte Peeters and Bakkerij Peeters BV" for a demo citizen with other identities. */
const actsFor = (user, parties) => {
  const names = parties.filter((p) => p.username === user.username).map((p) => p.name);
  return names.length ? `, also for ${names.join(' and ')}` : '';
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE = process.execPath;
const DEBOUNCE_MS = 150;

const flags = new Set(process.argv.slice(2));
const options = {
  build: !flags.has('--no-build'),
  watch: !flags.has('--no-watch'),
  log: flags.has('--log'),
};

const children = new Set();
let stopping = false;

function stamp() {
  return new Date().toTimeString().slice(0, 8);
}

/**
 * Runs a command in the project root with inherited output. Resolves true when it exits with 0. With
 * `stderr` (an array), the command's error output is also collected into it.
 */
function run(label, command, args, { stderr, env } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const stdio = stderr ? ['inherit', 'inherit', 'pipe'] : 'inherit';
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio,
      env: env ? { ...process.env, ...env } : process.env,
      shell: process.platform === 'win32' && !path.isAbsolute(command),
    });
    child.stderr?.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderr.push(String(chunk));
    });
    children.add(child);
    child.on('error', (error) => {
      children.delete(child);
      console.error(`[${stamp()}] ${label}: could not start ${command} (${error.message})`);
      resolve(false);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return resolve(false);
      const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
      if (code === 0) console.log(`[${stamp()}] ${label}: done in ${took}`);
      else console.error(`[${stamp()}] ${label}: failed (${signal ?? `exit code ${code}`}) after ${took}`);
      resolve(code === 0);
    });
  });
}

/** `npm run <script>`, with the npm that started us when there is one. */
function npmRun(label, script) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.c?js$/.test(npmCli)) return run(label, NODE, [npmCli, 'run', script]);
  return run(label, process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', script]);
}

/** Tells every service that can listen (the site server's live-reload stream) that something was rebuilt. */
function notify(event, data) {
  if (stopping) return;
  for (const service of services) service.notify?.(event, data);
}

/** The builds. Each returns a promise of success. */
const BUILDS = {
  all: () => npmRun('build', 'build'),
  dropIn: async () => {
    // All three files: the drop-in, the module signed-in citizens load, and window.loket's implementation.
    const ok =
      (await run('drop-in', NODE, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])) &&
      (await run('signed-in module', NODE, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
        env: { LOKET_BUILD: 'signed-in' },
      })) &&
      (await run('API module', NODE, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
        env: { LOKET_BUILD: 'api' },
      }));
    if (ok) notify('drop-in');
    return ok;
  },
  themes: async () => {
    const stderr = [];
    const ok = await run('themes', NODE, ['themes/build.mjs'], { stderr });
    notify(ok ? 'themes' : 'themes-failed', ok ? {} : { message: stderr.join('').trim() });
    return ok;
  },
};

/**
 * A build that runs at most once at a time: a request during a run queues exactly one more run, so the
 * last change is always built.
 */
function serialized(build) {
  let running;
  let again = false;
  const next = async () => {
    do {
      again = false;
      await build();
    } while (again && !stopping);
    running = undefined;
  };
  return () => {
    if (running) again = true;
    else running = next();
    return running;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Services: one function each, returning { name, url, close }.

const SITE_PORT = Number(process.env.LOKET_SITE_PORT) || 8080;
const BACKEND_PORT = Number(process.env.LOKET_BACKEND_PORT) || 8081;
const MAIL_PORT = Number(process.env.LOKET_MAIL_PORT) || 8025;
const MAIL_SMTP_PORT = Number(process.env.LOKET_MAIL_SMTP_PORT) || 2525;
/** the mail catcher's SMTP URL, for the profile service (set when the catcher started) */
let demoSmtpUrl;

/**
 * The demo's mail catcher (demo/mail-catcher.mjs): a local SMTP server that keeps what the profile service
 * sends (e-mail confirmations and notices) and a page that shows it. Nothing leaves this computer. With
 * LOKET_SMTP_URL set, the service sends there instead and no catcher runs.
 */
async function startMailCatcherService() {
  if (process.env.LOKET_SMTP_URL) {
    return { name: 'mail', url: '', close: async () => {}, describe: () => [`  mail      sent to LOKET_SMTP_URL`] };
  }
  const catcher = await startMailCatcher({ smtpPort: MAIL_SMTP_PORT, httpPort: MAIL_PORT });
  demoSmtpUrl = catcher.smtpUrl;
  return {
    name: 'mail',
    url: catcher.url,
    close: catcher.close,
    describe: () => [
      `  mail      ${catcher.url}                caught mails: e-mail notices of the demo (SMTP ${catcher.smtpUrl})`,
    ],
  };
}
const LINDEGEM_ORIGIN = `http://localhost:${sitePort(municipality('lindegem'))}`;

/** The profile service (server/): the sign-in provider, the profile API, SQLite in demo/.data/. */
async function startProfileService() {
  // imported here, not at the top: the build above compiles server/ to server/dist/ first
  const { DEMO_PARTIES, DEMO_USERS, loadMunicipalities, startService } = await import('../server/dist/index.js');
  // the registry (LOKET_MUNICIPALITIES_DIR's folder), each demo site also on the port its variable sets
  const municipalities = loadMunicipalities('demo/municipalities').map((m) => ({
    ...m,
    origins: [...new Set([...m.origins, `http://localhost:${sitePort(municipality(m.id))}`])],
  }));
  const backend = await startService({
    port: BACKEND_PORT,
    // every demo municipality's site (Lindegem on LOKET_SITE_PORT), Lindegem's first: the pages' default look
    siteOrigins: siteOrigins().sort((a, b) => (a === LINDEGEM_ORIGIN ? -1 : b === LINDEGEM_ORIGIN ? 1 : 0)),
    municipalities, // the citizen's pages take the look of the site they came from
    dataDir: 'demo/.data',
    quiet: !options.log,
    ...(process.env.LOKET_KEK_FILE ? { kekFile: process.env.LOKET_KEK_FILE } : {}),
    // issue 14: e-mail notices go to the demo's mail catcher (or to LOKET_SMTP_URL when set)
    ...(process.env.LOKET_SMTP_URL || demoSmtpUrl ? { smtpUrl: process.env.LOKET_SMTP_URL ?? demoSmtpUrl } : {}),
  });
  return {
    name: 'backend',
    url: backend.url,
    close: backend.close,
    describe: () => [
      `  backend   ${backend.url}/                 sign-in provider (issuer) and profile API (${backend.url}/api)`,
      `            demo citizens (password "demo"): ${DEMO_USERS.map((u) => `${u.username} (${u.givenName} ${u.familyName}${actsFor(u, DEMO_PARTIES)})`).join(', ')}`,
      `            audit log: npm run audit`,
    ],
  };
}

async function startSite() {
  const server = await startSiteServer({
    port: SITE_PORT,
    log: options.log,
    liveReload: options.watch,
    backendUrl: `http://localhost:${BACKEND_PORT}`,
  });
  return {
    name: 'site',
    url: server.url,
    close: server.close,
    notify: server.notify,
    describe: () => [
      `  site      ${server.url}`,
      `            ${server.url}                        script at the spot`,
      `            ${server.url}diensten/afval.html     element`,
      `            ${server.url}diensten/parkeren.html  window.loket.mount()`,
      `            ${server.url}host-mode.html          host mode (the site's server owns the session)`,
      `            ${server.url}vlaamse-widget.html     a site moved from the Flemish widget: window.globalHeaderClient`,
      `  drop-in   ${server.url}loket/loket-header.js`,
      `  preview   ${server.url}preview/                every theme in every state, following edits`,
    ],
  };
}

const SERVICES = [
  startMailCatcherService,
  startProfileService,
  startSite,
  ...OTHER_SITES.map((id) =>
    municipalSiteService(id, { log: options.log, backendUrl: `http://localhost:${BACKEND_PORT}` }),
  ),
];

// ---------------------------------------------------------------------------------------------------------
// Watchers: a folder, the build it triggers, and the files that do not count.

const IGNORED = /(^|[/\\])(\.|#)|~$|\.sw[a-z]$|\.tmp$/; // dotfiles, editor backups and swap files
const WATCHES = [
  { dir: 'src', build: serialized(BUILDS.dropIn), skip: /\.test\.ts$/ },
  { dir: 'themes', build: serialized(BUILDS.themes) },
];

function startWatcher({ dir, build, skip }) {
  let timer;
  const watcher = watch(path.join(ROOT, dir), { recursive: true }, (_event, filename) => {
    const name = filename ? String(filename) : '';
    if (name && (IGNORED.test(name) || skip?.test(name))) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (stopping) return;
      console.log(`[${stamp()}] ${dir}/${name} changed`);
      void build();
    }, DEBOUNCE_MS);
  });
  watcher.on('error', (error) => console.error(`[${stamp()}] watching ${dir}/ failed: ${error.message}`));
  return {
    close: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------

const services = [];
const watchers = [];
let closing;

/** Stops everything: builds in progress, watchers, services; then exits. */
function stop(code = 0) {
  if (closing) return closing;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  for (const watcher of watchers) watcher.close();
  closing = Promise.allSettled(services.map((s) => s.close())).then(() => process.exit(code));
  return closing;
}

async function main() {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  if (options.build) {
    const ok = await BUILDS.all();
    if (stopping) return;
    if (!ok) console.error('The first build failed; serving what is in dist/ and rebuilding on the next change.');
  }

  for (const startService of SERVICES) {
    try {
      services.push(await startService());
    } catch (error) {
      const hint =
        error?.code === 'EADDRINUSE'
          ? ` (port ${error.port} is in use; set another port, e.g. LOKET_SITE_PORT=8090, LOKET_BACKEND_PORT=8091 or LOKET_MAIL_PORT=8026)`
          : '';
      console.error(`Could not start ${startService.name}: ${error.message}${hint}`);
      await stop(1);
      return;
    }
    if (stopping) return;
  }
  if (options.watch) watchers.push(...WATCHES.map(startWatcher));

  console.log('\nLoket demo');
  for (const service of services)
    console.log((service.describe?.() ?? [`  ${service.name}  ${service.url}`]).join('\n'));
  console.log(options.watch ? '\nWatching src/ and themes/. Ctrl-C stops.\n' : '\nCtrl-C stops.\n');
}

await main();
