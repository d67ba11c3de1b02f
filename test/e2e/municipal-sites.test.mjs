// The three demo sites, each on a port (an origin) of its own: Lindegem (demo/site/), Havenstad and Kasteelberg
// (demo/sites/<id>/, served by startSiteServer({ site })). In each, the header shows the municipality's name and
// logo in its theme's colours (computed styles against the built theme values), and axe finds nothing.
// Run: node --test test/e2e/municipal-sites.test.mjs (after `npm run build`).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import Color from 'colorjs.io';
import { startSiteServer } from '../../demo/site-server.mjs';
import { municipality } from '../../demo/municipalities/index.mjs';
import { launchBrowser, waitForHeader } from './helpers.mjs';
import { openAxeSession, runAxe, summary } from './axe.mjs';

const SITES = ['lindegem', 'havenstad', 'kasteelberg'];
const servers = {};
let browser;

before(async () => {
  browser = await launchBrowser();
  for (const id of SITES) servers[id] = await startSiteServer({ port: 0, site: id === 'lindegem' ? undefined : id });
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

/** The resolved custom properties of a built theme file. */
async function themeValues(id) {
  const css = await readFile(`dist/themes/${id}.css`, 'utf8');
  return Object.fromEntries([...css.matchAll(/^(--[a-z0-9-]+):([^;]*);/gm)].map((m) => [m[1], m[2]]));
}
const sameColour = (a, b) =>
  new Color(a).to('srgb').toString({ format: 'hex', collapse: false }) ===
  new Color(b).to('srgb').toString({ format: 'hex', collapse: false });

describe('municipal demo sites, each on its own origin', () => {
  test('the three servers run on three different origins', () => {
    const origins = SITES.map((id) => new URL(servers[id].url).origin);
    assert.equal(new Set(origins).size, 3, origins.join(' '));
  });

  for (const id of SITES) {
    test(`${id}: the header shows its name and logo in its theme colours; axe finds nothing`, async () => {
      const entry = municipality(id);
      const vars = await themeValues(entry.theme);
      const session = await openAxeSession(browser);
      try {
        const { page } = session;
        const response = await page.goto(servers[id].url);
        assert.equal(response.status(), 200);
        const header = await waitForHeader(page, { homeLinkName: `${entry.name.nl}, naar de startpagina` });
        const look = await header.evaluate((host) => {
          const root = host.shadowRoot;
          const style = (sel, prop) => getComputedStyle(root.querySelector(sel))[prop];
          const logo = root.querySelector('[part~="logo"]');
          return {
            bar: style('[part~="bar"]', 'backgroundColor'),
            brand: style('[part~="brand"]', 'color'),
            font: style('[part~="bar"]', 'fontFamily'),
            logoSrc: logo?.getAttribute('src'),
            logoLoaded: !!logo && logo.complete && logo.naturalWidth > 0,
            logoHeight: logo?.getBoundingClientRect().height,
            name: root.querySelector('[part~="brand"]').textContent.trim(),
          };
        });
        assert.equal(look.name, entry.name.nl);
        assert.equal(look.logoSrc, entry.logo.src);
        assert.ok(look.logoLoaded, `${id}: the logo ${entry.logo.src} did not load`);
        assert.ok(
          sameColour(look.bar, vars['--loket-header-background-color']),
          `${id}: bar ${look.bar} vs ${vars['--loket-header-background-color']}`,
        );
        assert.ok(
          sameColour(look.brand, vars['--loket-header-brand-text-color']),
          `${id}: name ${look.brand} vs ${vars['--loket-header-brand-text-color']}`,
        );
        assert.equal(look.logoHeight, Number.parseFloat(vars['--loket-header-logo-height']), `${id}: logo height`);
        assert.equal(
          look.font.split(',')[0].replace(/["']/g, ''),
          vars['--loket-header-font-family'].split(',')[0].replace(/["']/g, ''),
        );
        assert.deepEqual(summary(await runAxe(page)), []);
        assert.deepEqual(
          session.pageErrors.map((e) => e.message),
          [],
        );
      } finally {
        await session.close();
      }
    });
  }

  test('havenstad: the service page is served from its own folder, and the shared mounts stay', async () => {
    const base = servers.havenstad.url;
    const page = await fetch(new URL('diensten/bewonerskaart.html', base));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /data-config="\/loket\.json"/);
    const config = await (await fetch(new URL('loket.json', base))).json();
    assert.equal(config.theme, 'havenstad');
    assert.equal((await fetch(new URL('loket/loket-header.js', base))).status, 200);
    assert.equal((await fetch(new URL('loket/themes/havenstad.page.css', base))).status, 200);
    assert.equal(
      (await fetch(new URL('diensten/afval.html', base))).status,
      404,
      "Lindegem's pages are not Havenstad's",
    );
  });
});
