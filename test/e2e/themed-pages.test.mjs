// The service's pages in the look of the municipality the citizen came from (issue 14), against the real profile
// service and the three demo sites, each on an origin of its own. anna on Havenstad's site signs in, opens her
// messages from the header and lands on pages in Havenstad's look (computed colours against the built theme, the
// logo); the same from Lindegem. axe on every page in every bundled theme and language; keyboard only; 320 px
// without horizontal scrolling; print. Run: node --test test/e2e/themed-pages.test.mjs (after `npm run build`).

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Color from 'colorjs.io';
import { startSiteServer } from '../../demo/site-server.mjs';
import { loadMunicipalities, startService } from '../../server/dist/index.js';
import { launchBrowser, nextFrames, waitForHeader } from './helpers.mjs';
import { openAxeSession, runAxe, summary } from './axe.mjs';
import { signInAtProvider } from './backend-env.mjs';

const SITES = ['lindegem', 'havenstad', 'kasteelberg'];
const LANGS = ['nl', 'fr', 'en', 'de'];
/** A fourth municipality in the default "loket" theme, so that every bundled theme is checked. */
const PROEF = 'proefgemeente';
const PROEF_ORIGIN = 'http://localhost:9';

const servers = {};
let backend;
let browser;
let dataDir;
before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'loket-themed-'));
  let backendUrl;
  for (const id of SITES)
    servers[id] = await startSiteServer({
      port: 0,
      publicHost: 'localhost',
      backendUrl: () => backendUrl,
      ...(id === 'lindegem' ? {} : { site: id }),
    });
  const origin = (id) => new URL(servers[id].url).origin;
  const registry = loadMunicipalities('demo/municipalities').map((m) => ({ ...m, origins: [origin(m.id)] }));
  const lindegem = registry.find((m) => m.id === 'lindegem');
  registry.push({ ...lindegem, id: PROEF, theme: 'loket', origins: [PROEF_ORIGIN] });
  [backend, browser] = await Promise.all([
    startService({
      port: 0,
      dataDir,
      quiet: true,
      siteOrigins: SITES.map(origin),
      municipalities: registry,
    }),
    launchBrowser(),
  ]);
  backendUrl = backend.url;
});
after(async () => {
  await Promise.all([browser?.close(), backend?.close(), ...Object.values(servers).map((s) => s.close())]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const hex = (c) => new Color(c).to('srgb').toString({ format: 'hex', collapse: false });
/** The resolved custom properties of a built theme file (`<id>.css` or `<id>.page.css`). */
async function tokens(file) {
  const css = await readFile(`dist/themes/${file}`, 'utf8');
  return Object.fromEntries([...css.matchAll(/(--[a-z0-9-]+):([^;}]*)[;}]/g)].map((m) => [m[1], m[2].trim()]));
}
const service = (p) => new URL(p, backend.url).href;

/** Waits until a service page's header has hydrated and its logo and the page's images have loaded. */
async function pageReady(page) {
  await page.waitForFunction(
    () => {
      const header = document.querySelector('loket-header');
      const brand = header?.shadowRoot?.querySelector('[part~="brand"]');
      return (
        customElements.get('loket-header') !== undefined &&
        header.matches(':defined') &&
        brand?.checkVisibility({ visibilityProperty: true }) &&
        [...document.images, ...header.shadowRoot.querySelectorAll('img')].every((img) => img.complete)
      );
    },
    undefined,
    { timeout: 15_000 },
  );
  await nextFrames(page);
}

/** What the page looks like: computed colours of the page and its header, the logo. */
function lookOf(page) {
  return page.evaluate(() => {
    const header = document.querySelector('loket-header');
    const root = header.shadowRoot;
    const logo = root.querySelector('[part~="logo"]');
    const style = (el) => getComputedStyle(el);
    const link = document.querySelector('nav.loket-page-nav a:not([aria-current])');
    return {
      municipality: document.body.dataset.municipality,
      background: style(document.body).backgroundColor,
      h1: style(document.querySelector('main h1')).color,
      link: link && style(link).color,
      bar: style(root.querySelector('[part~="bar"]')).backgroundColor,
      brand: style(root.querySelector('[part~="brand"]')).color,
      name: root.querySelector('[part~="brand"]').textContent.trim(),
      logo: logo && {
        src: new URL(logo.src).pathname,
        width: logo.getAttribute('width'),
        height: logo.getAttribute('height'),
        loaded: logo.complete && logo.naturalWidth > 0,
        shownHeight: logo.getBoundingClientRect().height,
      },
    };
  });
}

async function assertLook(page, id) {
  const [header, pageTokens] = await Promise.all([tokens(`${id}.css`), tokens(`${id}.page.css`)]);
  const look = await lookOf(page);
  const theme = id === PROEF ? 'loket' : id;
  assert.equal(look.municipality, id);
  assert.equal(hex(look.background), hex(pageTokens['--loket-page-background-color']), `${id}: page background`);
  assert.equal(hex(look.h1), hex(pageTokens['--loket-page-heading-text-color']), `${id}: h1`);
  if (look.link) assert.equal(hex(look.link), hex(pageTokens['--loket-page-link-text-color']), `${id}: links`);
  if (theme !== 'loket') {
    assert.equal(hex(look.bar), hex(header['--loket-header-background-color']), `${id}: header bar`);
    assert.equal(hex(look.brand), hex(header['--loket-header-brand-text-color']), `${id}: name in the header`);
    assert.equal(look.logo.shownHeight, Number.parseFloat(header['--loket-header-logo-height']), `${id}: logo height`);
  }
  assert.equal(look.logo.src, `/loket/municipalities/${id}/logo.svg`);
  assert.ok(look.logo.loaded, `${id}: the logo loaded`);
  assert.ok(Number(look.logo.width) > 0 && Number(look.logo.height) > 0, `${id}: the logo has its size`);
  return look;
}

describe("from a municipality's site to the citizen's pages", () => {
  for (const id of ['havenstad', 'lindegem']) {
    test(`${id}: anna signs in on its site, opens her messages from the header and lands on pages in its look`, async () => {
      const session = await openAxeSession(browser);
      const { page } = session;
      const violations = [];
      page.on('console', (m) => /Content.Security.Policy/i.test(m.text()) && violations.push(m.text()));
      try {
        await page.goto(servers[id].url);
        const { name: names } = JSON.parse(await readFile(`demo/municipalities/${id}.json`, 'utf8'));
        const name = names.nl;
        await waitForHeader(page, { homeLinkName: `${name}, naar de startpagina` });
        await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
        await page.waitForURL((u) => u.href.startsWith(service('/interaction')));
        // the sign-in page is already in the municipality's look
        await pageReady(page);
        await assertLook(page, id);
        assert.deepEqual(summary(await runAxe(page)), [], `${id}: the sign-in page`);
        await signInAtProvider(page);
        const trigger = page.locator('loket-header loket-profile-menu [part="trigger"]');
        await trigger.waitFor({ state: 'visible' });
        await trigger.click();
        const panel = page.locator('loket-header loket-profile-menu [part="panel"]');
        await Promise.all([
          page.waitForURL((u) => u.href.startsWith(service('/berichten'))),
          panel.getByRole('link', { name: 'Mijn berichten' }).click(),
        ]);
        await pageReady(page);
        const look = await assertLook(page, id);
        assert.equal(look.name, name);
        assert.ok(await page.getByText('Aangemeld als Anna Peeters').isVisible());
        assert.deepEqual(summary(await runAxe(page)), [], `${id}: /berichten`);
        // remembered: the next page of the service (no Referer from the site) keeps the look
        await Promise.all([
          page.waitForURL(service('/dossiers')),
          page.locator('nav.loket-page-nav').getByRole('link', { name: 'Mijn dossiers' }).click(),
        ]);
        await pageReady(page);
        await assertLook(page, id);
        assert.deepEqual(violations, [], 'no CSP violation');
        assert.deepEqual(
          session.pageErrors.map((e) => e.message),
          [],
        );
      } finally {
        await session.close();
      }
    });
  }
});

/** Signs anna in through the host-mode form, from `site`'s origin (its look). */
async function hostSignIn(page, origin) {
  await page.goto(service(`/host/login?return=${encodeURIComponent(`${origin}/`)}`));
  await page.getByLabel('Gebruikersnaam').fill('anna');
  await page.getByLabel('Wachtwoord').fill('demo');
  await Promise.all([page.waitForURL(`${origin}/`), page.getByRole('button', { name: 'Aanmelden' }).click()]);
}

/** The service's pages of anna (lists, one item of each, her data, an unknown item). */
async function annasPages(page) {
  const first = async (list, pattern) => {
    await page.goto(service(list));
    const hrefs = await page.locator('main ul.items h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    return hrefs.find((h) => pattern.test(h));
  };
  const letter = await page
    .goto(service('/berichten'))
    .then(() =>
      page.locator('main ul.items li', { hasText: 'Aangetekende brief' }).first().locator('h2 a').getAttribute('href'),
    );
  return [
    '/berichten',
    '/dossiers',
    '/documenten',
    '/gegevens',
    letter,
    await first('/dossiers', /^\/dossiers\//),
    await first('/documenten', /^\/documenten\//),
    '/berichten/bestaat-niet',
  ];
}

const ORIGIN_OF = (id) => (id === PROEF ? PROEF_ORIGIN : new URL(servers[id].url).origin);

// A theme sets colours, fonts and spacing; a language sets the words and lang. The two are independent, so every page
// is checked in every theme in Dutch and in every language, each other language in a different theme (the full
// product of the two took three and a half minutes of a loaded two-core machine, half of it repeating itself). The
// signed-out pages, cheap to check, do run in every theme and language.
const languagesOfTheme = (index) => ['nl', LANGS[1 + (index % (LANGS.length - 1))]];

describe('every page, every theme, every language: axe, 320 px', () => {
  test('axe finds nothing and nothing scrolls sideways at 320 px, on every page in each bundled theme (Dutch and one other language, each language in some theme)', async () => {
    const session = await openAxeSession(browser);
    const anonymous = await openAxeSession(browser);
    const { page } = session;
    try {
      await hostSignIn(page, ORIGIN_OF('lindegem'));
      const pages = await annasPages(page);
      const checked = [];
      const themes = [...SITES, PROEF];
      for (const [index, id] of themes.entries()) {
        for (const lang of LANGS) {
          const allPages = languagesOfTheme(index).includes(lang);
          // a link from the municipality's site chooses the look; the cookie keeps it for the other pages
          await page.goto(service(`${pages[0]}?lang=${lang}`), { referer: `${ORIGIN_OF(id)}/` });
          for (const p of allPages ? pages : pages.slice(0, 1)) {
            const response = await page.goto(service(`${p}?lang=${lang}`));
            assert.ok([200, 404].includes(response.status()), `${p}: ${response.status()}`);
            await pageReady(page);
            assert.equal(await page.evaluate(() => document.body.dataset.municipality), id);
            assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
            assert.deepEqual(summary(await runAxe(page)), [], `${id} ${lang} ${p}`);
            checked.push(`${lang} ${p}`);
          }
          // signed out: the 401 page and the sign-in form, in the same look
          for (const p of [
            `/gegevens?lang=${lang}`,
            `/host/login?lang=${lang}&return=${encodeURIComponent(`${ORIGIN_OF(id)}/`)}`,
          ]) {
            await anonymous.page.goto(service(p), { referer: `${ORIGIN_OF(id)}/` });
            await pageReady(anonymous.page);
            assert.equal(await anonymous.page.evaluate(() => document.body.dataset.municipality), id, p);
            assert.deepEqual(summary(await runAxe(anonymous.page)), [], `${id} ${lang} ${p} (signed out)`);
          }
        }
        // 320 px: nothing wider than the screen, on every page of this theme
        await page.setViewportSize({ width: 320, height: 640 });
        for (const p of pages) {
          await page.goto(service(p));
          await pageReady(page);
          const widths = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          assert.ok(widths.scroll <= widths.client, `${id} ${p} at 320 px: ${widths.scroll} > ${widths.client}`);
        }
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      assert.equal(checked.length, themes.length * (2 * pages.length + (LANGS.length - 2)));
      for (const lang of LANGS)
        for (const p of pages) assert.ok(checked.includes(`${lang} ${p}`), `${p} was checked in ${lang}`);
      assert.deepEqual(
        [...session.pageErrors, ...anonymous.pageErrors].map((e) => e.message),
        [],
      );
    } finally {
      await Promise.all([session.close(), anonymous.close()]);
    }
  });
});

describe('keyboard only, print', () => {
  test('Havenstad: the correction form by keyboard alone, every focused element with a visible outline', async () => {
    const session = await openAxeSession(browser);
    const { page } = session;
    try {
      await hostSignIn(page, ORIGIN_OF('havenstad'));
      await page.goto(service('/gegevens'));
      await pageReady(page);
      const outline = (await tokens('havenstad.page.css'))['--loket-page-focus-outline-color'];
      const focusedIds = [];
      for (let i = 0; i < 80 && !focusedIds.includes('correction-field'); i++) {
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body || el.localName === 'loket-header') return null;
          const s = getComputedStyle(el);
          return {
            id: el.id,
            what: el.outerHTML.slice(0, 60),
            style: s.outlineStyle,
            width: parseFloat(s.outlineWidth),
            colour: s.outlineColor,
          };
        });
        if (!focus) continue;
        focusedIds.push(focus.id);
        assert.notEqual(focus.style, 'none', `${focus.what}: no outline`);
        assert.ok(focus.width >= 2, `${focus.what}: outline ${focus.width}px`);
        assert.equal(hex(focus.colour), hex(outline), `${focus.what}: the theme's focus colour`);
      }
      assert.ok(focusedIds.includes('correction-field'), 'the keyboard reaches the form');
      await page.keyboard.press('ArrowDown'); // the first field in the list
      await page.keyboard.press('Tab');
      await page.keyboard.type('Stationsstraat 1');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Stationsstraat 10');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Het huisnummer is fout.');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.type), 'submit');
      await Promise.all([page.waitForURL(service('/gegevens/correctie')), page.keyboard.press('Enter')]);
      await pageReady(page);
      assert.equal(await page.evaluate(() => document.body.dataset.municipality), 'havenstad');
      assert.ok(await page.getByRole('status').isVisible(), 'the confirmation');
    } finally {
      await session.close();
    }
  });

  test("print: a letter without header, navigation or buttons, with the municipality's logo and name on top", async () => {
    const session = await openAxeSession(browser);
    const { page } = session;
    try {
      await hostSignIn(page, ORIGIN_OF('kasteelberg'));
      const [letter] = (await annasPages(page)).slice(4, 5);
      await page.goto(service(letter));
      await pageReady(page);
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const shown = (sel) => [...document.querySelectorAll(sel)].some((el) => el.checkVisibility());
        const head = document.querySelector('.loket-print-head');
        return {
          header: shown('loket-header'),
          nav: shown('nav'),
          buttons: shown('main button'),
          head: head.checkVisibility(),
          logo: head.querySelector('img').complete && head.querySelector('img').naturalWidth > 0,
          name: head.textContent.trim(),
          main: document.querySelector('main h1').checkVisibility(),
          background: getComputedStyle(document.body).backgroundColor,
        };
      });
      assert.deepEqual(printed, {
        header: false,
        nav: false,
        buttons: false,
        head: true,
        logo: true,
        name: 'Gemeente Kasteelberg',
        main: true,
        background: 'rgb(255, 255, 255)',
      });
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 1000, 'the page prints');
    } finally {
      await session.close();
    }
  });
});
