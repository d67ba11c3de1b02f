// The one place that says how Loket's tools start Chromium: Debian's build (never a downloaded browser;
// LOKET_CHROMIUM overrides the path), headless, with the flags a root user on a closed network needs.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.LOKET_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
]);

/** Throws one clear message when no browser is at CHROMIUM (rather than one failure per test). */
export function assertChromium() {
  if (existsSync(CHROMIUM)) return;
  throw new Error(
    process.env.LOKET_CHROMIUM
      ? `LOKET_CHROMIUM=${process.env.LOKET_CHROMIUM}, but nothing is there: point it at a Chromium or Chrome binary.`
      : `No Chromium at ${CHROMIUM}. Run \`sudo apt-get install chromium\` (or \`node scripts/check-env.mjs\` as root, which installs it), or set LOKET_CHROMIUM to a Chromium or Chrome binary.`,
  );
}

export function launchChromium() {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], headless: true });
}
