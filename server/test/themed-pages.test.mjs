// The pages in the look of the municipality the citizen came from (issue 14): the registry (LOKET_MUNICIPALITIES_DIR),
// the choice (a sign-in's redirect URI or return URL, the Referer of a site's link, remembered in a cookie for the
// browser session, else the owner of the first site origin), and on every page the municipality's theme (header and
// page tokens), its logo with its size, its name and the pre-rendered Loket header with its config.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadMunicipalities, MUNICIPALITY_COOKIE, optionsFromEnv, RegistryError } from '../dist/index.js';
import {
  authorizeUrl,
  browse,
  CookieJar,
  form,
  OTHER_SITE,
  pkce,
  ROOT,
  signIn,
  SITE,
  startTestBackend,
} from './helpers.mjs';

// the demo registry, Havenstad's site on the tests' other origin (Lindegem's is SITE, http://localhost:8080)
const REGISTRY = loadMunicipalities('demo/municipalities').map((m) =>
  m.id === 'havenstad' ? { ...m, origins: [OTHER_SITE] } : m,
);
const KASTEELBERG = 'http://localhost:8084';

let backend;
let plain; // a service without a registry
before(async () => {
  [backend, plain] = await Promise.all([startTestBackend({ municipalities: REGISTRY }), startTestBackend()]);
});
after(() => Promise.all([backend?.close(), plain?.close()]));

const url = (p, service = backend) => new URL(p, service.issuer).href;

/** What a page says about its look. */
function look(html) {
  const header = /<loket-header[\s\S]*<\/loket-header>/.exec(html)?.[0] ?? '';
  const config = JSON.parse(/<script type="application\/json">([\s\S]*?)<\/script>/.exec(header)?.[1] ?? 'null');
  const logo = /<img part="logo" class="logo"[^>]*>/.exec(header)?.[0];
  return {
    municipality: /<body class="loket-page" data-municipality="([^"]+)">/.exec(html)?.[1],
    stylesheets: [...html.split('</head>')[0].matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]),
    headerLang: /data-loket-lang="(\w+)"/.exec(header)?.[1],
    headerTheme: /data-loket-theme="([\w-]+)"/.exec(header)?.[1],
    logo: logo && {
      src: /src="([^"]+)"/.exec(logo)[1],
      width: Number(/width="(\d+)"/.exec(logo)?.[1]),
      height: Number(/height="(\d+)"/.exec(logo)?.[1]),
    },
    printLogo:
      /<div class="loket-print-only loket-print-head"><img src="([^"]+)" alt="([^"]*)" width="(\d+)" height="(\d+)"><p>([^<]*)<\/p>/
        .exec(html)
        ?.slice(1),
    title: /<title>([^<]*)<\/title>/.exec(html)?.[1],
    config,
    dropIn: /<script src="\/loket\/loket-header\.js" defer><\/script>/.test(html),
  };
}

async function page(jar, p, headers = {}, service = backend) {
  const res = await browse(jar, url(p, service), { headers });
  return { res, html: await res.text() };
}

/** Signs in through /host/login like a browser, from a site's page; returns the jar. */
async function hostLogin(site, jar = new CookieJar()) {
  const login = await page(jar, `/host/login?return=${encodeURIComponent(`${site}/`)}`);
  assert.equal(look(login.html).municipality === undefined, false, 'the sign-in page has a look');
  const csrf = /name="csrf" value="([^"]+)"/.exec(login.html)[1];
  const res = await browse(
    jar,
    url('/host/login'),
    form({ username: 'anna', password: 'demo', csrf, return: `${site}/` }),
  );
  assert.equal(res.status, 303);
  return { jar, loginPage: login.html };
}

describe('every page in the look of the municipality', () => {
  test('Havenstad: its theme (header and page tokens), its logo with its size, its name, the header hydrated by the drop-in', async () => {
    const { jar } = await hostLogin(OTHER_SITE);
    const { res, html } = await page(jar, '/berichten');
    assert.equal(res.status, 200);
    const seen = look(html);
    assert.equal(seen.municipality, 'havenstad');
    assert.deepEqual(seen.stylesheets, [
      '/loket/themes/havenstad.css',
      '/loket/themes/havenstad.page.css',
      '/loket/themes/loket-pages.css',
      '/static/loket.css',
    ]);
    assert.equal(seen.headerTheme, 'havenstad');
    assert.equal(seen.headerLang, 'nl');
    assert.ok(seen.dropIn, 'the drop-in script hydrates the header');
    assert.deepEqual(seen.logo, { src: '/loket/municipalities/havenstad/logo.svg', width: 48, height: 48 });
    assert.deepEqual(seen.printLogo, [
      '/loket/municipalities/havenstad/logo.svg',
      'Logo van Havenstad: een anker',
      '48',
      '48',
      'Stad Havenstad',
    ]);
    assert.equal(seen.title, 'Mijn berichten · Stad Havenstad');
    assert.match(html, /Aangemeld als Anna Peeters/);
    // the header's config is Havenstad's: its site links, signing in at this service
    assert.equal(seen.config.theme, 'havenstad');
    assert.equal(seen.config.municipality.href, `${OTHER_SITE}/`);
    assert.equal(seen.config.municipality.name.nl, 'Stad Havenstad');
    assert.deepEqual(seen.config.auth, {
      mode: 'oidc',
      authority: backend.issuer,
      clientId: 'loket-demo',
      callbackPath: '/',
      signInPage: url('/berichten'),
    });
    assert.equal(seen.config.api.baseUrl, url('/api'));
    assert.ok(seen.config.links.main.every((l) => l.href.startsWith(`${OTHER_SITE}/`)));
    assert.deepEqual(
      seen.config.links.application.map((l) => l.href),
      ['/berichten', '/dossiers', '/documenten', '/gegevens'].map((p) => url(p)),
    );
  });

  test('every page of the service, signed in or not, the sign-in pages and the errors: Lindegem from its site', async () => {
    const { jar } = await hostLogin(SITE);
    const pages = ['/berichten', '/dossiers', '/documenten', '/gegevens', '/berichten/nope', '/', '/host/logout'];
    for (const p of pages) {
      const { html } = await page(jar, p);
      const seen = look(html);
      assert.equal(seen.municipality, 'lindegem', p);
      assert.equal(seen.headerTheme, 'lindegem', p);
      assert.equal(seen.logo?.src, '/loket/municipalities/lindegem/logo.svg', p);
      assert.ok(seen.logo.width > 0 && seen.logo.height > 0, p);
    }
    const anonymous = new CookieJar();
    const signedOut = await page(anonymous, '/gegevens', { referer: `${KASTEELBERG}/diensten/evenement.html` });
    assert.equal(signedOut.res.status, 401);
    assert.equal(look(signedOut.html).municipality, 'kasteelberg');
  });

  test('the page language: the header in it, the name in it', async () => {
    const { jar } = await hostLogin(OTHER_SITE);
    for (const [lang, name] of [
      ['fr', 'Ville de Havenstad'],
      ['en', 'City of Havenstad'],
      ['de', 'Stadt Havenstad'],
    ]) {
      const seen = look((await page(jar, `/dossiers?lang=${lang}`)).html);
      assert.equal(seen.headerLang, lang);
      assert.match(seen.title, new RegExp(` · ${name}$`));
      assert.equal(seen.printLogo[4], name);
    }
  });

  test('the policy stays strict: scripts and styles from the service itself; the header may read its own API', async () => {
    const { jar } = await hostLogin(OTHER_SITE);
    const { res, html } = await page(jar, '/gegevens');
    const csp = res.headers.get('content-security-policy');
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      "connect-src 'self'",
    ])
      assert.ok(csp.split('; ').includes(directive), `${directive} in ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    for (const [tag] of html.matchAll(/<script\b[^>]*>/gi))
      assert.match(tag, /^<script (src="\/loket\/[\w-]+\.js" defer|type="application\/json")>$/, tag);
    assert.doesNotMatch(html, /<style|\sstyle=/i, 'the header links its styles (no inline style to allow)');
  });
});

describe("the header's silent sign-in (auth.silentSignIn)", () => {
  test('a page identified by the provider session asks its header to sign in silently; the host cookie and nobody do not', async () => {
    const { jar } = await signIn(backend, { redirectUri: `${OTHER_SITE}/` });
    const { res, html } = await page(jar, '/berichten');
    assert.equal(res.status, 200);
    assert.equal(look(html).config.auth.silentSignIn, true);
    assert.ok(res.headers.get('content-security-policy').split('; ').includes("frame-src 'self'"));
    const host = await hostLogin(OTHER_SITE);
    assert.equal(look((await page(host.jar, '/berichten')).html).config.auth.silentSignIn, undefined);
    const nobody = await page(new CookieJar(), '/berichten');
    assert.equal(nobody.res.status, 401);
    assert.equal(look(nobody.html).config.auth.silentSignIn, undefined);
    // a sign-in page's header has no sign-in at all
    const login = await page(new CookieJar(), '/host/login');
    assert.equal(look(login.html).config.auth.mode, 'none');
  });

  test('prompt=none answered on /loket/loket-silent.html: a code with the provider session, login_required without', async () => {
    const silentUri = url('/loket/loket-silent.html');
    const ask = (jar, redirectUri = silentUri) =>
      browse(jar, authorizeUrl(backend, { challenge: pkce().challenge, redirectUri, extra: { prompt: 'none' } }));
    const { jar } = await signIn(backend, { redirectUri: `${SITE}/` });
    let res = await ask(jar);
    assert.equal(res.status, 303);
    let back = new URL(res.headers.get('location'));
    assert.equal(`${back.origin}${back.pathname}`, silentUri);
    assert.ok(back.searchParams.get('code'), 'a code for the silent callback page');
    // a site origin has its silent callback page too (a municipal site may use auth.silentSignIn)
    res = await ask(jar, `${SITE}/loket/loket-silent.html`);
    assert.equal(res.status, 303);
    assert.ok(new URL(res.headers.get('location')).searchParams.get('code'));
    // no provider session: login_required, to the same page
    res = await ask(new CookieJar());
    assert.equal(res.status, 303);
    back = new URL(res.headers.get('location'));
    assert.equal(`${back.origin}${back.pathname}`, silentUri);
    assert.equal(back.searchParams.get('error'), 'login_required');
    // any other page is no redirect URI
    res = await ask(jar, url('/loket/loket-header.js'));
    assert.equal(res.status, 400);

    // the page: framed by the service's own pages only, no referrer, its one script from /loket/
    const silent = await fetch(silentUri);
    assert.equal(silent.status, 200);
    assert.match(silent.headers.get('content-type'), /^text\/html/);
    const csp = silent.headers.get('content-security-policy');
    for (const directive of ["default-src 'none'", "script-src 'self'", "frame-ancestors 'self'"])
      assert.ok(csp.split('; ').includes(directive), `${directive} in ${csp}`);
    assert.equal(silent.headers.get('referrer-policy'), 'no-referrer');
    assert.match(await silent.text(), /<script src="loket-silent\.js"><\/script>/);
    const script = await fetch(url('/loket/loket-silent.js'));
    assert.equal(script.status, 200);
    assert.match(await script.text(), /source: 'oidc-client'/);
  });
});

describe('which municipality, remembered for the session', () => {
  test("a link from a site's header (its Referer) chooses, the cookie remembers, another site's link changes it", async () => {
    const jar = new CookieJar();
    let { res, html } = await page(jar, '/berichten', { referer: `${OTHER_SITE}/diensten/bewonerskaart.html` });
    assert.equal(look(html).municipality, 'havenstad');
    assert.equal(jar.get(MUNICIPALITY_COOKIE), 'havenstad');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${MUNICIPALITY_COOKIE}=`));
    assert.match(
      cookie,
      /; Path=\/; HttpOnly; SameSite=Lax$/,
      'a session cookie (no Max-Age), not readable by scripts',
    );
    // the next pages, without a Referer (the pages send none) or with the service's own: still Havenstad
    assert.equal(look((await page(jar, '/dossiers')).html).municipality, 'havenstad');
    ({ res, html } = await page(jar, '/documenten', { referer: url('/dossiers') }));
    assert.equal(look(html).municipality, 'havenstad');
    assert.deepEqual(res.headers.getSetCookie(), [], 'nothing to remember again');
    // the site's API calls (their Referer is the site) choose nothing
    const api = await browse(jar, url('/api/me/summary'), { headers: { referer: `${SITE}/` } });
    assert.equal(api.status, 401);
    assert.deepEqual(api.headers.getSetCookie(), []);
    // a page of an unknown site changes nothing
    assert.equal(
      look((await page(jar, '/dossiers', { referer: 'https://elders.example/' })).html).municipality,
      'havenstad',
    );
    // Lindegem's header links here: Lindegem from now on
    assert.equal(look((await page(jar, '/berichten', { referer: `${SITE}/` })).html).municipality, 'lindegem');
    assert.equal(jar.get(MUNICIPALITY_COOKIE), 'lindegem');
    assert.equal(look((await page(jar, '/gegevens')).html).municipality, 'lindegem');
  });

  test('nothing says which: the owner of the first site origin; an unknown cookie counts as none', async () => {
    assert.equal(look((await page(new CookieJar(), '/berichten')).html).municipality, 'lindegem');
    const jar = new CookieJar();
    jar.cookies.set(MUNICIPALITY_COOKIE, 'atlantis');
    assert.equal(look((await page(jar, '/berichten')).html).municipality, 'lindegem');
  });

  test("an OIDC sign-in from Havenstad: the sign-in page is Havenstad's, and so are the pages after it", async () => {
    const { jar, loginPage } = await signIn(backend, { redirectUri: `${OTHER_SITE}/` });
    assert.equal(look(loginPage).municipality, 'havenstad');
    assert.equal(jar.get(MUNICIPALITY_COOKIE), 'havenstad');
    const { html } = await page(jar, '/berichten');
    assert.equal(look(html).municipality, 'havenstad');
    assert.match(html, /Aangemeld als Anna Peeters/);
    // a sign-in from Lindegem in the same browser session (the provider session is reused): Lindegem
    const again = await browse(
      jar,
      url(
        `/auth?client_id=loket-demo&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${SITE}/`)}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
      ),
    );
    assert.ok([302, 303].includes(again.status), String(again.status));
    assert.equal(jar.get(MUNICIPALITY_COOKIE), 'lindegem');
    assert.equal(look((await page(jar, '/berichten')).html).municipality, 'lindegem');
  });

  test("a host-mode sign-in: the site of its return URL; the sign-in page already in that site's look", async () => {
    const { jar, loginPage } = await hostLogin(`${KASTEELBERG}`);
    assert.equal(look(loginPage).municipality, 'kasteelberg');
    assert.equal(look((await page(jar, '/berichten')).html).municipality, 'kasteelberg');
  });
});

describe('the files and the registry', () => {
  test('/loket/: the drop-in, its modules, the themes (the same files as the header package builds), the logos', async () => {
    for (const [p, type] of [
      ['/loket/loket-header.js', /^text\/javascript/],
      ['/loket/loket-hydrate.js', /^text\/javascript/],
      ['/loket/loket-signed-in.js', /^text\/javascript/],
      ['/loket/loket-header.css', /^text\/css/],
      ['/loket/themes/loket-pages.css', /^text\/css/],
      ['/loket/municipalities/kasteelberg/logo.svg', /^image\/svg\+xml/],
    ]) {
      const res = await fetch(url(p));
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('content-type'), type, p);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    }
    // a designer's change to a theme reaches the header and the pages alike: both read dist/themes/<id>.css
    for (const f of ['havenstad.css', 'havenstad.page.css'])
      assert.equal(
        await (await fetch(url(`/loket/themes/${f}`))).text(),
        await readFile(path.join(ROOT, 'dist', 'themes', f), 'utf8'),
      );
    for (const p of [
      '/loket/nope.js',
      '/loket/loket-header.js.map',
      '/loket/../package.json',
      '/loket/themes/havenstad.js',
    ])
      assert.equal((await fetch(url(p))).status, 404, p);
  });

  test('without a registry: one default municipality, the default look, the Loket header', async () => {
    const { html } = await page(new CookieJar(), '/berichten', { referer: `${SITE}/` }, plain);
    const seen = look(html);
    assert.equal(seen.municipality, 'loket');
    assert.deepEqual(seen.stylesheets.slice(0, 2), ['/loket/themes/loket.css', '/loket/themes/loket.page.css']);
    assert.equal(seen.config.municipality.name.nl, 'Loket');
    assert.equal(seen.logo, undefined);
    assert.ok(seen.dropIn);
  });

  test('a bad registry stops the start, naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'loket-registry-'));
    try {
      await cp(path.join(ROOT, 'demo', 'municipalities'), dir, { recursive: true });
      const file = path.join(dir, 'havenstad.json');
      const entry = JSON.parse(await readFile(file, 'utf8'));
      entry.theme = 'purple';
      entry.logo.file = 'nowhere.svg';
      delete entry.name.de;
      entry.site.origins = ['http://localhost:8080/path'];
      await writeFile(file, JSON.stringify(entry));
      await writeFile(path.join(dir, 'kasteelberg.json'), '{ not json');
      const error = (() => {
        try {
          loadMunicipalities(dir);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(error instanceof RegistryError, String(error));
      assert.match(error.message, /havenstad\.json: name must have required property 'de' \(de\)/);
      assert.match(error.message, /havenstad\.json: site\.origins\.0 must match pattern/);
      assert.match(error.message, /kasteelberg\.json: is not valid JSON/);
      // schema-valid but not what the service has: the theme, the logo file, an origin owned twice
      entry.site.origins = [SITE];
      entry.name.de = 'Stadt Havenstad';
      await writeFile(file, JSON.stringify(entry));
      await rm(path.join(dir, 'kasteelberg.json'));
      assert.throws(
        () => loadMunicipalities(dir),
        (e) =>
          /havenstad\.json: theme "purple" is not a built theme \(expected one of [a-z, ]*havenstad/.test(e.message) &&
          /havenstad\.json: logo\.file .*nowhere\.svg does not exist/.test(e.message) &&
          /site\.origins http:\/\/localhost:8080 is already owned by "havenstad"/.test(e.message),
      );
      await assert.rejects(startTestBackend({ municipalities: dir }), RegistryError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('LOKET_MUNICIPALITIES_DIR names the folder; a missing folder is a clear error', () => {
    assert.equal(
      optionsFromEnv({ LOKET_MUNICIPALITIES_DIR: 'demo/municipalities' }).municipalities,
      'demo/municipalities',
    );
    assert.throws(
      () => optionsFromEnv({ LOKET_MUNICIPALITIES_DIR: 'demo/nope' }),
      (e) =>
        e instanceof ConfigError &&
        /LOKET_MUNICIPALITIES_DIR="demo\/nope" is not valid: expected the folder/.test(e.message),
    );
    assert.equal(optionsFromEnv({}).municipalities, undefined);
  });
});
