// Forced colours (Windows high contrast) and reduced motion (DESIGN.md section 9): every component stays
// visible and usable, and nothing moves. The fixture page (test/e2e/pages/forced-colors.html) has the header
// from the drop-in (with an alert), more alerts, a profile menu and a standalone badge.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeProblems, nextFrames, useEnvironment, waitForHeader } from './helpers.mjs';

const env = useEnvironment();
const PAGE = '/test-pages/forced-colors.html';

/** Opens the fixture with the given media emulation; with `openMenus`, the narrow menu and the profile menu are open. */
async function openFixture({ media, width = 1280, openMenus = true }) {
  const session = await env.open({ viewport: { width, height: 900 } });
  const { page } = session;
  await page.emulateMedia(media);
  await page.goto(env.url(PAGE));
  const header = await waitForHeader(page);
  await page.waitForFunction(() => document.documentElement.dataset.signedInReady === 'true', undefined, {
    timeout: 10_000,
  });
  if (openMenus) {
    if (width <= 768) await header.locator('[part~="menu-toggle"]').click();
    await page.locator('loket-profile-menu').evaluate(async (menu) => {
      menu.open = true;
      await menu.updateComplete;
    });
    await nextFrames(page);
  }
  return session;
}

/**
 * In the page: every shadow root of a Loket element (nested ones too: header -> alert, profile menu -> badge),
 * as { host, root } pairs. Defined as a string so each evaluate can use it.
 */
const LOKET_ROOTS = `(() => {
  const found = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot && el.localName.startsWith('loket-')) {
        found.push({ host: el, root: el.shadowRoot });
        visit(el.shadowRoot);
      }
    }
  };
  visit(document);
  return found;
})()`;

const describeEl = (el) =>
  `${el.getRootNode().host?.localName ?? 'document'} ${el.localName}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;

/** Every visible element with its own text, whose colour is transparent (or that is itself invisible). */
function unreadableText(page) {
  return page.evaluate(
    ({ roots, describe }) => {
      const loketRoots = new Function(`return ${roots}`)();
      const describeEl = new Function(`return ${describe}`)();
      const alpha = (colour) => {
        const m = colour.match(/rgba?\(([^)]+)\)/);
        if (!m) return colour === 'transparent' ? 0 : 1;
        const parts = m[1].split(/[\s,/]+/).filter(Boolean);
        return parts.length > 3 ? Number(parts[3]) : 1;
      };
      const problems = [];
      let checked = 0;
      const check = (el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || style.visibility !== 'visible') return;
        if (el.closest('.visually-hidden')) return;
        checked++;
        if (alpha(style.color) === 0) problems.push(`${describeEl(el)}: transparent text (${style.color})`);
        if (Number(style.opacity) === 0) problems.push(`${describeEl(el)}: opacity 0`);
      };
      for (const { host, root } of loketRoots) {
        for (const el of root.querySelectorAll('*')) {
          const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
          if (ownText) check(el);
        }
        // Slotted text (the alert's message) is drawn with the host's colour.
        if ([...host.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) check(host);
      }
      return { problems, checked };
    },
    { roots: LOKET_ROOTS, describe: describeEl.toString() },
  );
}

/** Buttons (and button-like links) in Loket shadow roots without a visible border. */
function buttonsWithoutBorder(page) {
  return page.evaluate(
    ({ roots, describe }) => {
      const loketRoots = new Function(`return ${roots}`)();
      const describeEl = new Function(`return ${describe}`)();
      const out = [];
      for (const { root } of loketRoots) {
        for (const el of root.querySelectorAll('button, a.sign-in, [part~="sign-in"]')) {
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          if (box.width === 0 || style.visibility !== 'visible') continue;
          const sides = ['top', 'right', 'bottom', 'left'].filter(
            (side) =>
              style.getPropertyValue(`border-${side}-style`) !== 'none' &&
              parseFloat(style.getPropertyValue(`border-${side}-width`)) > 0,
          );
          out.push({ element: describeEl(el), bordered: sides.length === 4, colour: style.borderTopColor });
        }
      }
      return out;
    },
    { roots: LOKET_ROOTS, describe: describeEl.toString() },
  );
}

/** Tabs through the page; for each focused element inside a Loket shadow root, its outline. */
async function focusOutlines(page, presses = 40) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const seen = new Map();
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((describe) => {
      const describeEl = new Function(`return ${describe}`)();
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      if (!active || active.getRootNode() === document) return null;
      const style = getComputedStyle(active);
      return {
        element: `${describeEl(active)} "${(active.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30)}"`,
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        colour: style.outlineColor,
      };
    }, describeEl.toString());
    if (focused && !seen.has(focused.element)) seen.set(focused.element, focused);
  }
  return [...seen.values()];
}

for (const { name, width } of [
  { name: 'wide (1280 px)', width: 1280 },
  { name: 'narrow (320 px), menu open', width: 320 },
]) {
  describe(`forced colours, ${name}`, () => {
    test('every component is visible, and no text is transparent', async () => {
      const session = await openFixture({ media: { forcedColors: 'active' }, width });
      const { page } = session;
      try {
        assert.equal(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), true);
        for (const selector of [
          'loket-header',
          'loket-header >> loket-alert',
          'main loket-alert',
          'loket-profile-menu',
          'loket-notification-badge',
        ]) {
          const box = await page.locator(selector).first().boundingBox();
          assert.ok(box && box.width > 0 && box.height > 0, `${selector} is visible`);
        }
        // open states: the narrow links panel and the profile panel
        if (width <= 768) {
          assert.ok(
            await page.locator('loket-header').getByRole('link', { name: 'Afval' }).isVisible(),
            'narrow menu open',
          );
        }
        assert.ok(await page.locator('loket-profile-menu [part~="panel"]').isVisible(), 'profile panel open');
        const badge = page.locator('loket-profile-menu loket-notification-badge [part~="base"]');
        assert.equal(await badge.textContent(), '3');
        const badgeColours = await badge.evaluate((el) => [
          getComputedStyle(el).color,
          getComputedStyle(el).backgroundColor,
        ]);
        assert.notEqual(badgeColours[0], badgeColours[1], 'the badge text differs from its fill');

        const { problems, checked } = await unreadableText(page);
        assert.ok(checked > 20, `checked ${checked} text elements`);
        assert.deepEqual(problems, []);
        assert.deepEqual(session.pageErrors, [], describeProblems(session));
      } finally {
        await session.close();
      }
    });

    test('every focusable part shows a focus outline', async () => {
      const session = await openFixture({ media: { forcedColors: 'active' }, width });
      const { page } = session;
      try {
        const outlines = await focusOutlines(page);
        const names = outlines.map((o) => o.element).join('\n');
        // header links and buttons, the alerts' close buttons, the profile button, its panel's links and sign-out
        for (const expected of [
          /loket-header a/,
          /loket-alert button\.close/,
          /loket-profile-menu button\.trigger/,
          /loket-profile-menu a/,
          /loket-profile-menu button\.sign-out/,
        ]) {
          assert.match(names, expected, `focus reached ${expected}`);
        }
        if (width <= 768) assert.match(names, /menu-toggle/);
        else assert.match(names, /sign-in/);
        const invisible = outlines.filter(
          (o) => o.style === 'none' || !(o.width >= 1) || /rgba\(.*, 0\)$|transparent/.test(o.colour),
        );
        assert.deepEqual(invisible, [], 'focus outlines that are not drawn');
      } finally {
        await session.close();
      }
    });

    test("the header's and the profile menu's buttons have a border", async () => {
      const session = await openFixture({ media: { forcedColors: 'active' }, width });
      const { page } = session;
      try {
        const buttons = (await buttonsWithoutBorder(page)).filter((b) => !/^loket-alert /.test(b.element));
        assert.ok(buttons.length >= 3, JSON.stringify(buttons));
        assert.deepEqual(
          buttons.filter((b) => !b.bordered),
          [],
        );
      } finally {
        await session.close();
      }
    });
  });
}

describe('forced colours: the alert', () => {
  test('its close button has a border', async () => {
    const session = await openFixture({ media: { forcedColors: 'active' }, openMenus: false });
    const { page } = session;
    try {
      const closes = (await buttonsWithoutBorder(page)).filter((b) => /^loket-alert /.test(b.element));
      assert.equal(closes.length, 4, JSON.stringify(closes));
      assert.deepEqual(
        closes.filter((b) => !b.bordered),
        [],
      );
    } finally {
      await session.close();
    }
  });
});

describe('reduced motion', () => {
  /** Every element in every Loket shadow root whose transition or animation lasts longer than 0. */
  function moving(page) {
    return page.evaluate(
      ({ roots, describe }) => {
        const loketRoots = new Function(`return ${roots}`)();
        const describeEl = new Function(`return ${describe}`)();
        const longest = (value) =>
          Math.max(0, ...value.split(',').map((v) => parseFloat(v) * (/ms$/.test(v.trim()) ? 0.001 : 1)));
        const out = [];
        let checked = 0;
        for (const { host, root } of loketRoots) {
          for (const el of [host, ...root.querySelectorAll('*')]) {
            checked++;
            const style = getComputedStyle(el);
            const transition = longest(style.transitionDuration);
            const animation = style.animationName === 'none' ? 0 : longest(style.animationDuration);
            if (transition > 0 || animation > 0) out.push({ element: describeEl(el), transition, animation });
          }
        }
        return { out, checked };
      },
      { roots: LOKET_ROOTS, describe: describeEl.toString() },
    );
  }

  for (const width of [1280, 320]) {
    test(`with prefers-reduced-motion: reduce nothing in any shadow root moves (${width} px, menus open)`, async () => {
      const session = await openFixture({ media: { reducedMotion: 'reduce' }, width });
      const { page } = session;
      try {
        assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
        const { out, checked } = await moving(page);
        assert.ok(checked > 50, `checked ${checked} elements`);
        assert.deepEqual(out, []);
        // The same page without the preference does animate (the check sees transitions at all).
        await page.emulateMedia({ reducedMotion: 'no-preference' });
        const { out: animated } = await moving(page);
        assert.ok(animated.length > 0, 'expected some transition without the preference');
      } finally {
        await session.close();
      }
    });
  }
});
