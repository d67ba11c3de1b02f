// E-mail notices end to end (issue 14), in Chromium against the real service and the demo's mail catcher (a
// real SMTP exchange): anna signs in and turns notices on at /voorkeuren; the confirmation link arrives at the
// catcher, she opens it from the catcher's page and confirms; the supplier example publishes for her and the
// notice arrives (no personal content, a link that opens her page); it publishes for bart, who has not opted
// in, and nothing arrives for him. axe checks the preferences and confirmation pages.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService } from '../../server/dist/index.js';
import { startMailCatcher } from '../../demo/mail-catcher.mjs';
import { openAxeSession, runAxe, summary } from './axe.mjs';
import { launchBrowser } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ANNA = 'anna@example.be';
const NRN = { anna: '85073003328', bart: '79021412561' };

let catcher;
let backend;
let browser;
let dataDir;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'loket-e2e-choices-'));
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  [backend, browser] = await Promise.all([
    startService({ port: 0, dataDir, quiet: true, smtpUrl: catcher.smtpUrl }),
    launchBrowser(),
  ]);
});
after(async () => {
  await Promise.all([browser?.close(), backend?.close(), catcher?.close()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The supplier example (examples/supplier/publish.mjs) publishing for one citizen, not waiting for a receipt. */
function publishWithExample(nrn) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'examples', 'supplier', 'publish.mjs')], {
      env: { ...process.env, LOKET_URL: backend.url, LOKET_CITIZEN_NRN: nrn, LOKET_WAIT_SECONDS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    // exit 2: the registered letter waits for its receipt (LOKET_WAIT_SECONDS=0): published all the same
    child.on('exit', (code) =>
      code === 0 || (code === 2 && /registered letter \S+: sent/.test(output))
        ? resolve(output)
        : reject(new Error(`the example failed (${code}):\n${output}`)),
    );
  });
}

test('anna opts in, confirms through the link in the caught mail; a supplier publishes and the notice arrives; none for bart', async () => {
  const session = await openAxeSession(browser);
  const { page } = session;
  try {
    // signed out, the preferences page offers the sign-in that returns to it
    await page.goto(`${backend.url}/voorkeuren`);
    await page.getByRole('link', { name: 'Aanmelden' }).click();
    await page.getByLabel('Gebruikersnaam').fill('anna');
    await page.getByLabel('Wachtwoord').fill('demo');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/voorkeuren'),
      page.getByRole('button', { name: 'Aanmelden' }).click(),
    ]);
    await page.getByRole('heading', { name: 'Mijn voorkeuren' }).waitFor();
    const violations = await runAxe(page, { header: false });
    assert.deepEqual(violations, [], summary(violations));

    // the choice for letters, with the keyboard
    await page.getByLabel('Op papier, met de post').check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Je keuze voor brieven is bewaard' }).waitFor();
    assert.equal(await page.getByLabel('Op papier, met de post').isChecked(), true);

    // a mistyped address is refused with the error on the field, then the right one
    await page.getByLabel('E-mailadres').fill('anna.example.be');
    await page.getByRole('button', { name: 'Meldingen aanzetten' }).click();
    assert.equal(await page.getByLabel('E-mailadres').getAttribute('aria-invalid'), 'true');
    const invalid = await runAxe(page, { header: false });
    assert.deepEqual(invalid, [], summary(invalid));
    await page.getByLabel('E-mailadres').fill(ANNA);
    await page.getByRole('button', { name: 'Meldingen aanzetten' }).click();
    await page.getByRole('status').filter({ hasText: 'Kijk in je mailbox' }).waitFor();
    assert.match(await page.locator('main').innerText(), /We stuurden een bevestigingslink naar anna@example\.be/);

    // the confirmation, opened from the catcher's page
    await catcher.waitFor((m) => m.to.includes(ANNA));
    await page.goto(catcher.url);
    await page.getByRole('heading', { name: 'Bevestig je e-mailadres voor meldingen' }).waitFor();
    await page.getByRole('link', { name: /\/voorkeuren\/e-mail\/bevestigen\?token=/ }).click();
    await page.getByRole('heading', { name: 'E-mailadres bevestigen' }).waitFor();
    const confirmPage = await runAxe(page, { header: false });
    assert.deepEqual(confirmPage, [], summary(confirmPage));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('status').filter({ hasText: 'Je e-mailadres is bevestigd' }).waitFor();
    await page.getByRole('link', { name: 'Naar mijn voorkeuren' }).click();
    assert.match(await page.locator('main').innerText(), /Meldingen gaan naar anna@example\.be/);

    // the supplier publishes for anna: the notice arrives, names nothing of what was published
    catcher.clear();
    await publishWithExample(NRN.anna);
    const notice = await catcher.waitFor((m) => m.to.includes(ANNA), { timeoutMs: 15_000 });
    assert.match(notice.subject, /Gemeente Lindegem$/);
    for (const secret of ['groendak', 'Premie', 'Anna', 'Peeters', NRN.anna])
      assert.ok(!`${notice.subject}\n${notice.text}`.includes(secret), `no personal content in the notice (${secret})`);

    // bart has not opted in: his items send nothing
    await publishWithExample(NRN.bart);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(
      catcher.mails().map((m) => m.to),
      catcher.mails().map(() => [ANNA]),
      'every caught mail is for anna',
    );

    // the notice's link, from the catcher's page, opens anna's own page
    await page.goto(catcher.url);
    await page.getByRole('heading', { name: notice.subject }).first().waitFor();
    const link = page
      .locator('article')
      .first()
      .getByRole('link', { name: new RegExp(`^${backend.url}/(berichten|dossiers|documenten)`) });
    await link.click();
    await page.getByRole('heading', { level: 1, name: /Mijn (berichten|dossiers|documenten)/ }).waitFor();
    assert.match(await page.locator('main').innerText(), /Premie groendak|groendak/i);
  } finally {
    await session.close();
  }
});
