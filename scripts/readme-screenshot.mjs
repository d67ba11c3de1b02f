#!/usr/bin/env node
// Writes docs/screenshot.png: the demo home page with Anna signed in and her profile menu open, as the README
// shows it. Starts the site and the reference backend on free ports with a throwaway database.
//
//   npm run build && node scripts/readme-screenshot.mjs

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { startBackend } from '../server/dist/index.js';
import { startSiteServer } from '../demo/site-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs', 'screenshot.png');

const dataDir = await mkdtemp(path.join(tmpdir(), 'loket-shot-'));
let backendUrl;
const site = await startSiteServer({ port: 0, backendUrl: () => backendUrl });
const backend = await startBackend({ port: 0, siteOrigins: [new URL(site.url).origin], dataDir, quiet: true });
backendUrl = backend.url;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'nl-BE' });
  await page.goto(site.url);
  await page.locator('loket-header').getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.getByLabel('Gebruikersnaam').fill('anna');
  await page.getByLabel('Wachtwoord').fill('demo');
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  const trigger = page.locator('loket-header loket-profile-menu [part="trigger"]');
  await trigger.waitFor();
  await page.waitForFunction(() =>
    /ongelezen/.test(
      document.querySelector('loket-header').shadowRoot.querySelector('loket-profile-menu').shadowRoot.textContent,
    ),
  );
  await trigger.click();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: OUT });
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
} finally {
  await browser.close();
  await site.close();
  await backend.close();
  await rm(dataDir, { recursive: true, force: true });
}
