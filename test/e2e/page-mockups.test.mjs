// The mock-ups of the citizen's pages (demo/preview/pages/), the reference markup of the profile service's pages:
// axe finds nothing on any page in any bundled theme, nor with the header in fr, en and de; the keyboard focus
// is visible; 320 px wide without horizontal scrolling; the print stylesheet hides the header and the navigation
// and leaves the content readable.
// Run: node --test test/e2e/page-mockups.test.mjs (after `npm run build`).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import Color from 'colorjs.io';
import { startSiteServer } from '../../demo/site-server.mjs';
import { launchBrowser, nextFrames } from './helpers.mjs';
import { openAxeSession, runAxe, summary } from './axe.mjs';

const THEMES = ['lindegem', 'havenstad', 'kasteelberg', 'loket'];
const LANGS = ['nl', 'fr', 'en', 'de'];
const PAGES = ['index', 'berichten', 'dossier', 'documenten', 'gegevens', 'brief', 'export', 'behandeling'];

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startSiteServer({ port: 0 }), launchBrowser()]);
});
after(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

const hex = (c) => new Color(c).to('srgb').toString({ format: 'hex', collapse: false });

/** The resolved page tokens of a built theme. */
async function pageTokens(theme) {
  const css = await readFile(`dist/themes/${theme}.page.css`, 'utf8');
  return Object.fromEntries([...css.matchAll(/^(--[a-z0-9-]+):([^;]*);/gm)].map((m) => [m[1], m[2]]));
}

/** Opens a mock-up and waits until its theme, the header (in `lang`) and the municipality's logo are there. */
async function openPage(session, name, { theme, lang = 'nl', print = false }) {
  const { page } = session;
  const config = JSON.parse(await readFile(`demo/preview/pages/config/${theme}.json`, 'utf8'));
  const tokens = await pageTokens(theme);
  const response = await page.goto(`${server.url}preview/pages/${name}.html?theme=${theme}&lang=${lang}`);
  assert.equal(response.status(), 200);
  await page.waitForFunction(
    ({ link, municipality, print }) => {
      const root = document.querySelector('loket-header')?.shadowRoot;
      const brand = root?.querySelector('[part~="brand"]');
      const logo = root?.querySelector('[part~="logo"]');
      const linkColour = getComputedStyle(document.body).getPropertyValue('--loket-page-link-text-color').trim();
      return (
        document.body.dataset.ready === 'true' &&
        linkColour === link &&
        // In print the header is not displayed: it must still have rendered (and then been hidden by the page).
        (print || brand?.checkVisibility({ visibilityProperty: true })) &&
        brand?.textContent.trim() === municipality &&
        (print || logo?.complete) &&
        [...document.images].every((img) => img.complete)
      );
    },
    { link: tokens['--loket-page-link-text-color'], municipality: config.municipality.name[lang], print },
    { timeout: 15_000 },
  );
  await nextFrames(page);
  return { tokens, config };
}

describe("the citizen's pages (mock-ups): axe in every theme", () => {
  for (const theme of THEMES) {
    test(`${theme}: axe finds nothing on any page; headings and links use the theme's page tokens`, async () => {
      const session = await openAxeSession(browser);
      try {
        for (const name of PAGES) {
          const { tokens } = await openPage(session, name, { theme });
          const look = await session.page.evaluate(() => ({
            h1: getComputedStyle(document.querySelector('main h1')).color,
            background: getComputedStyle(document.body).backgroundColor,
            link: getComputedStyle(
              document.querySelector('main a:not(.loket-button)') ?? document.querySelector('main h1'),
            ).color,
          }));
          assert.equal(hex(look.h1), hex(tokens['--loket-page-heading-text-color']), `${theme}/${name}: h1 colour`);
          assert.equal(
            hex(look.background),
            hex(tokens['--loket-page-background-color']),
            `${theme}/${name}: page background`,
          );
          const violations = await runAxe(session.page);
          assert.deepEqual(summary(violations), [], `${theme}/${name}.html`);
        }
        assert.deepEqual(
          session.pageErrors.map((e) => e.message),
          [],
        );
      } finally {
        await session.close();
      }
    });
  }

  for (const lang of LANGS.filter((l) => l !== 'nl')) {
    test(`the header in ${lang}: axe finds nothing, in every theme`, async () => {
      const session = await openAxeSession(browser, { locale: lang });
      try {
        for (const theme of THEMES) {
          for (const name of ['berichten', 'brief']) {
            await openPage(session, name, { theme, lang });
            assert.equal(await session.page.evaluate(() => document.documentElement.lang), lang);
            assert.deepEqual(summary(await runAxe(session.page)), [], `${theme}/${name}.html in ${lang}`);
          }
        }
      } finally {
        await session.close();
      }
    });
  }
});

describe("the citizen's pages (mock-ups): keyboard, narrow screens, print", () => {
  for (const theme of THEMES) {
    test(`${theme}: every element the keyboard reaches in the page shows the theme's focus outline`, async () => {
      const session = await openAxeSession(browser);
      try {
        const { tokens } = await openPage(session, 'gegevens', { theme });
        const seen = [];
        for (let i = 0; i < 60; i++) {
          await session.page.keyboard.press('Tab');
          const focus = await session.page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body || el.localName === 'loket-header') return null;
            const style = getComputedStyle(el);
            return {
              what: `${el.localName}${el.id ? `#${el.id}` : ''} ${el.textContent.trim().slice(0, 30)}`,
              style: style.outlineStyle,
              width: Number.parseFloat(style.outlineWidth),
              colour: style.outlineColor,
            };
          });
          if (focus) seen.push(focus);
        }
        assert.ok(seen.length >= 15, `the keyboard reached ${seen.length} elements of the page`);
        for (const f of seen) {
          assert.equal(f.style, 'solid', `${theme}: ${f.what} has no focus outline`);
          assert.ok(f.width >= 2, `${theme}: ${f.what} outline ${f.width}px`);
          assert.equal(
            hex(f.colour),
            hex(tokens['--loket-page-focus-outline-color']),
            `${theme}: ${f.what} outline colour`,
          );
        }
      } finally {
        await session.close();
      }
    });

    test(`${theme}: every page fits 320 px without horizontal scrolling`, async () => {
      const session = await openAxeSession(browser, { viewport: { width: 320, height: 640 } });
      try {
        for (const name of PAGES) {
          await openPage(session, name, { theme });
          const size = await session.page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
            wide: [...document.querySelectorAll('main *')]
              .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 3)
              .map((el) => el.localName + (el.className ? `.${el.className}` : '')),
          }));
          assert.ok(
            size.scroll <= size.client,
            `${theme}/${name}.html is ${size.scroll}px wide at 320px: ${size.wide}`,
          );
        }
      } finally {
        await session.close();
      }
    });
  }

  for (const name of ['brief', 'export', 'documenten', 'dossier']) {
    test(`print (${name}.html): no header, navigation or buttons; the content in black on white`, async () => {
      const session = await openAxeSession(browser, { media: 'print' });
      try {
        await openPage(session, name, { theme: 'havenstad', print: true });
        const printed = await session.page.evaluate(() => {
          const shown = (sel) => [...document.querySelectorAll(sel)].filter((el) => el.checkVisibility()).length;
          return {
            header: shown('loket-header'),
            nav: shown('.loket-page-nav'),
            footer: shown('.loket-page-footer'),
            buttons: shown('main .loket-button, main button'),
            h1: getComputedStyle(document.querySelector('main h1')).color,
            text: getComputedStyle(document.querySelector('main p')).color,
            background: getComputedStyle(document.body).backgroundColor,
            mainText: document.querySelector('main').innerText.length,
            printOnly: [...document.querySelectorAll('.loket-print-only')].map((el) => el.checkVisibility()),
          };
        });
        assert.deepEqual(
          [printed.header, printed.nav, printed.footer, printed.buttons],
          [0, 0, 0, 0],
          JSON.stringify(printed),
        );
        assert.equal(hex(printed.h1), '#000000');
        assert.equal(hex(printed.text), '#000000');
        assert.equal(hex(printed.background), '#ffffff');
        assert.ok(printed.mainText > 200, `printed text: ${printed.mainText} characters`);
        assert.ok(printed.printOnly.every(Boolean), 'print-only text is shown in print');
        const pdf = await session.page.pdf({ format: 'A4' });
        assert.ok(pdf.length > 5000, `a PDF of ${pdf.length} bytes`);
      } finally {
        await session.close();
      }
    });
  }
});
