// The one place that says how Loket's tools start Chromium: Debian's build (never a downloaded browser;
// LOKET_CHROMIUM overrides the path), headless, with the flags a root user on a closed network needs.

import { accessSync, constants, statSync } from 'node:fs';
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

/** Why the file at `file` cannot be started as a browser ('missing', 'not a file', 'not executable'), or null. */
export function chromiumProblem(file = CHROMIUM) {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return 'nothing is there';
  }
  if (!stats.isFile()) return 'that is not a file (point at the binary itself, not its folder)';
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return 'that file is not executable';
  }
  return null;
}

/** Throws one clear message when no browser is at CHROMIUM (rather than one failure per test). */
export function assertChromium() {
  const problem = chromiumProblem();
  if (!problem) return;
  throw new Error(
    process.env.LOKET_CHROMIUM
      ? `LOKET_CHROMIUM=${process.env.LOKET_CHROMIUM}, but ${problem}: point it at a Chromium or Chrome binary.`
      : `No Chromium at ${CHROMIUM} (${problem}). Run \`sudo apt-get install chromium\` (or \`node scripts/check-env.mjs\` as root, which installs it), or set LOKET_CHROMIUM to a Chromium or Chrome binary.`,
  );
}

export function launchChromium() {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], headless: true });
}
