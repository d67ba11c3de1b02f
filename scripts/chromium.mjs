// The one place that says how Loket's tools start Chromium: Debian's build (never a downloaded browser;
// LOKET_CHROMIUM overrides the path), headless, with the flags a root user on a closed network needs.

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

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], headless: true });
}
