import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PartialLoketConfig } from '../../config/types.js';
import { setAssetBaseUrl } from '../../internal/assets.js';
import type { LoketErrorEvent } from '../../events/events.js';
import { defineElements } from '../../internal/define-elements.js';
import { setHelpLoader } from '../../internal/help-loader.js';
import { setSignedInLoader } from '../../internal/signed-in-loader.js';
import type { LoketSessionChangeEvent } from '../../events/events.js';
import {
  THEME_IDS,
  applyTheme,
  captureConsole,
  fullConfig,
  expectAccessible,
  waitForShown,
} from '../../../test/unit/helpers.js';
import type { LoketHeader } from './loket-header.js';

defineElements();
setSignedInLoader(() => import('../../signed-in.js'));
setHelpLoader(() => import('../../help.js'));

async function renderHeader(config?: PartialLoketConfig, width = 1024) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px"><loket-header .config=${config}></loket-header></div>`,
  );
  const header = wrapper.querySelector('loket-header')!;
  await header.ready;
  // header.ready does not wait for the logo or the help module; the bar's content stays hidden until they load.
  if (config) await waitForShown(header);
  return header;
}

const shadow = (header: LoketHeader) => header.shadowRoot!;
const $ = <T extends Element = HTMLElement>(header: LoketHeader, selector: string) =>
  shadow(header).querySelector<T>(selector);

/** A built theme linked by the page as a stylesheet (as a site would), once loaded. */
async function linkTheme(id: string, media = ''): Promise<HTMLLinkElement> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `/dist/themes/${id}.css`;
  link.media = media;
  const loaded = new Promise((resolve, reject) => ((link.onload = resolve), (link.onerror = reject)));
  document.head.append(link);
  await loaded;
  return link;
}

/** How many stylesheets the header's class brings (what its shadow root adopts before any theme). */
const ownStyleCount = (header: LoketHeader) =>
  (header.constructor as typeof LoketHeader & { elementStyles: unknown[] }).elementStyles.length;

/** A header with `configUrl` (and a light-DOM fallback) put in a fixture; resolves with its first loket-error. */
async function firstError(configUrl: string, fallback = '') {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  const header = document.createElement('loket-header');
  header.configUrl = configUrl;
  header.innerHTML = fallback;
  const seen = oneEvent<LoketErrorEvent>(header, 'loket-error');
  wrapper.append(header);
  return { header, event: await seen };
}

describe('<loket-header>', () => {
  afterEach(() => {
    document.documentElement.lang = 'en';
  });

  describe('with a full config', () => {
    it('shows the logo and name linking home, the umbrella, the main links and sign-in', async () => {
      const header = await renderHeader(fullConfig());
      const brand = $<HTMLAnchorElement>(header, 'a.brand')!;
      expect(brand.getAttribute('href')).to.equal('/');
      expect(brand.textContent!.trim()).to.equal('Gemeente Lindegem');
      expect($<HTMLImageElement>(header, 'img.logo')!.alt, 'logo is decorative beside the name').to.equal('');
      expect($(header, 'a.umbrella')!.textContent).to.equal('Vlaanderen');
      const links = [...shadow(header).querySelectorAll('.links li:not(.narrow-only) a')].map((a) =>
        a.getAttribute('href'),
      );
      expect(links).to.deep.equal(['/afval', '/parkeren', 'https://www.vlaanderen.be']);
      const signIn = $<HTMLAnchorElement>(header, '.sign-in')!;
      expect(signIn.tagName).to.equal('A');
      expect(signIn.getAttribute('href')).to.equal('/aanmelden');
    });

    it('is a banner landmark with a labelled navigation', async () => {
      const header = await renderHeader(fullConfig());
      expect($(header, 'header')).to.exist;
      expect($(header, 'nav')!.getAttribute('aria-label')).to.be.a('string').and.not.empty;
    });

    it('marks the link to the current page with aria-current', async () => {
      const config = fullConfig();
      config.links!.main!.push({ label: 'Hier', href: location.pathname });
      const header = await renderHeader(config);
      const current = shadow(header).querySelectorAll('[aria-current="page"]');
      expect(current.length).to.equal(1);
      expect(current[0].textContent!.trim()).to.equal('Hier');
    });

    it('moves aria-current with a client-side navigation (pushState, back), without being asked', async () => {
      const start = location.href;
      const config = fullConfig();
      config.links!.main!.push({ label: 'Hier', href: '/hier' }, { label: 'Daar', href: '/daar' });
      const header = await renderHeader(config);
      const current = () => shadow(header).querySelector('[aria-current="page"]')?.textContent?.trim();
      try {
        history.pushState(null, '', '/hier');
        await waitUntil(() => current() === 'Hier', 'Hier is current after pushState');
        history.pushState(null, '', '/daar');
        await waitUntil(() => current() === 'Daar', 'Daar is current after the next pushState');
        history.back();
        await waitUntil(() => current() === 'Hier', 'Hier again after back');
        header.remove();
        history.pushState(null, '', '/daar');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(current(), 'a removed header no longer listens').to.equal('Hier');
      } finally {
        history.replaceState(null, '', start);
      }
    });

    it('tells screen readers that a link is external and opens a new window', async () => {
      const header = await renderHeader(fullConfig());
      const external = $<HTMLAnchorElement>(header, 'a[target="_blank"]')!;
      expect(external.rel).to.equal('noopener noreferrer');
      expect(external.textContent).to.contain('opens an external website').and.contain('opens in a new window');
    });

    it('renders config text as text, never as HTML', async () => {
      const config = fullConfig();
      config.municipality!.name = '<img src=x onerror="window.__pwned=1">Lindegem';
      const header = await renderHeader(config);
      expect($(header, '.name')!.textContent).to.equal('<img src=x onerror="window.__pwned=1">Lindegem');
      expect(shadow(header).querySelector('.name img')).to.equal(null);
      expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    });

    it('shows only the name when navigation is disabled: no links, umbrella, home link or sign-in', async () => {
      const header = await renderHeader(fullConfig());
      header.navigationEnabled = false;
      await header.updateComplete;
      expect($(header, 'nav')).to.equal(null);
      expect($(header, 'a.umbrella')).to.equal(null);
      expect($(header, 'a.brand')).to.equal(null);
      expect($(header, '.sign-in')).to.equal(null);
      expect($(header, '.brand .name')!.textContent).to.equal('Gemeente Lindegem');
      header.navigationEnabled = true;
      await header.updateComplete;
      expect($(header, 'a.umbrella')).to.exist;
      expect($(header, 'a.brand')).to.exist;
    });

    it('shows no sign-in button without auth, and a button in oidc mode', async () => {
      const config = fullConfig();
      delete config.auth;
      const header = await renderHeader(config);
      expect($(header, '.sign-in')).to.equal(null);
      header.config = { ...config, auth: { mode: 'oidc', authority: 'https://idp.example', clientId: 'site' } };
      await header.updateComplete;
      expect($(header, '.sign-in')!.tagName).to.equal('BUTTON');
    });
  });

  describe('sign-in', () => {
    it('fires a cancelable loket-sign-in-request; cancelling stops the navigation', async () => {
      const header = await renderHeader(fullConfig());
      header.addEventListener('loket-sign-in-request', (e) => e.preventDefault(), { once: true });
      const link = $<HTMLAnchorElement>(header, '.sign-in')!;
      const seen = oneEvent<Event>(document, 'loket-sign-in-request');
      let navigated = true;
      link.addEventListener('click', (e) => (navigated = !e.defaultPrevented), { once: true });
      link.click();
      const event = await seen;
      expect(event.cancelable).to.equal(true);
      expect(event.composed).to.equal(true);
      expect(navigated).to.equal(false);
    });

    it('signIn() resolves false when a listener takes over, or when there is no auth', async () => {
      const header = await renderHeader(fullConfig());
      header.addEventListener('loket-sign-in-request', (e) => e.preventDefault(), { once: true });
      expect(await header.signIn()).to.equal(false);
      header.config = { ...fullConfig(), auth: { mode: 'none' } };
      await header.updateComplete;
      expect(await header.signIn()).to.equal(false);
    });
  });

  describe('bad config', () => {
    it('renders the valid fields, drops unsafe URLs, logs one error naming the field and fires loket-error', async () => {
      const console = captureConsole('error');
      try {
        const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
        const header = document.createElement('loket-header');
        const errors: LoketErrorEvent[] = [];
        header.addEventListener('loket-error', (e) => errors.push(e));
        const config = fullConfig();
        config.links!.main![0].href = 'javascript:alert(1)';
        (config.municipality as Record<string, unknown>).logo = { src: 'data:image/svg+xml,<svg/>', alt: 'x' };
        header.config = config;
        wrapper.append(header);
        await header.ready;
        expect(console.calls.length).to.equal(1);
        expect(console.calls[0]).to.contain('links.main[0].href').and.contain('http(s) or relative URL');
        expect(console.calls[0]).to.contain('municipality.logo.src');
        expect(errors.length).to.equal(1);
        expect(errors[0].code).to.equal('config-invalid');
        expect(errors[0].issues.map((i) => i.path)).to.deep.equal(['municipality.logo.src', 'links.main[0].href']);
        expect(shadow(header).innerHTML).not.to.contain('javascript:');
        expect($(header, 'img.logo')).to.equal(null);
        expect($(header, '.name')!.textContent).to.equal('Gemeente Lindegem');
        expect(shadow(header).querySelectorAll('.links li:not(.narrow-only)').length).to.equal(2);
      } finally {
        console.restore();
      }
    });

    it('shows the name as text when the home link is invalid', async () => {
      const console = captureConsole('error');
      try {
        const header = await renderHeader({ municipality: { id: 'x', name: 'Lindegem', href: 'javascript:void(0)' } });
        expect($(header, 'a.brand')).to.equal(null);
        expect($(header, 'span.brand')!.textContent!.trim()).to.equal('Lindegem');
        expect(console.calls.length).to.equal(1);
      } finally {
        console.restore();
      }
    });

    it('shows the light-DOM fallback when the config URL cannot be loaded', async () => {
      const console = captureConsole('error');
      try {
        const { header, event } = await firstError('/test/fixtures/config/missing.json', '<a href="/">Lindegem</a>');
        await header.ready;
        expect(event.code).to.equal('config-unreachable');
        expect(event.message).to.contain('HTTP 404');
        expect($(header, '.fallback')!.hidden).to.equal(false);
        expect(header.querySelector('a')!.assignedSlot, 'fallback is slotted').to.exist;
        expect(console.calls.length).to.equal(1);
      } finally {
        console.restore();
      }
    });

    it('reports a config that is not JSON', async () => {
      const console = captureConsole('error');
      try {
        const { event } = await firstError('/test/fixtures/config/not-json.json');
        expect(event.code).to.equal('config-not-json');
        expect(console.calls[0]).to.contain('not valid JSON');
      } finally {
        console.restore();
      }
    });

    it('reports bad inline JSON', async () => {
      const console = captureConsole('error');
      try {
        const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
        const header = document.createElement('loket-header');
        const script = document.createElement('script');
        script.type = 'application/json';
        script.textContent = '{ nope';
        header.append(script);
        const seen = oneEvent<LoketErrorEvent>(header, 'loket-error');
        wrapper.append(header);
        expect((await seen).code).to.equal('config-not-json');
      } finally {
        console.restore();
      }
    });
  });

  describe('config sources', () => {
    it('loads a config URL and fires loket-ready', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const header = document.createElement('loket-header');
      header.configUrl = '/test/fixtures/config/valid.json';
      const ready = oneEvent(header, 'loket-ready');
      wrapper.append(header);
      await ready;
      expect($(header, '.name')!.textContent).to.equal('Gemeente Lindegem');
    });

    it('lets the config property override the URL config field by field', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const header = document.createElement('loket-header');
      header.configUrl = '/test/fixtures/config/valid.json';
      header.config = { municipality: { name: 'Stad Lindegem' } };
      wrapper.append(header);
      await header.ready;
      expect($(header, '.name')!.textContent).to.equal('Stad Lindegem');
      expect($(header, 'a.brand')!.getAttribute('href')).to.equal('/');
    });

    it('reads inline JSON config', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const header = document.createElement('loket-header');
      const script = document.createElement('script');
      script.type = 'application/json';
      script.textContent = JSON.stringify({ municipality: { id: 'inline', name: 'Inline', href: '/' } });
      header.append(script);
      wrapper.append(header);
      await header.ready;
      expect($(header, '.name')!.textContent).to.equal('Inline');
    });
  });

  describe('config by the id of a JSON script in the page ("#id")', () => {
    let json: HTMLScriptElement | undefined;
    afterEach(() => json?.remove());

    function pageConfig(id: string, text: string) {
      json = document.createElement('script');
      json.type = 'application/json';
      json.id = id;
      json.textContent = text;
      document.body.append(json);
    }

    it('renders with it in its first update: nothing is fetched, nothing waited for', async () => {
      performance.clearResourceTimings(); // room in the buffer: the check below must see a fetch if there is one
      pageConfig('page-config', JSON.stringify({ municipality: { id: 'inpage', name: 'In de pagina', href: '/' } }));
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const header = document.createElement('loket-header');
      header.configUrl = '#page-config';
      wrapper.append(header);
      await header.updateComplete;
      expect($(header, '.name')!.textContent).to.equal('In de pagina');
      const fetches = performance
        .getEntriesByType('resource')
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'fetch');
      expect(fetches.map((e) => e.name)).to.deep.equal([]);
      expect(json!.isConnected, 'the page keeps its script').to.equal(true);
    });

    it('reports, naming it, an id that no JSON script has, and shows the fallback', async () => {
      const console = captureConsole('error');
      try {
        pageConfig('not-json-type', '{}');
        json!.type = 'text/plain';
        for (const ref of ['#missing', '#not-json-type']) {
          const { header, event } = await firstError(ref, '<a href="/">Lindegem</a>');
          await header.updateComplete;
          expect(event.code).to.equal('config-unreachable');
          expect(event.message).to.contain(`config "${ref}": no <script type="application/json" id="${ref.slice(1)}">`);
          expect($(header, '.fallback')!.hidden).to.equal(false);
        }
      } finally {
        console.restore();
      }
    });

    it('reports a script whose text is not JSON', async () => {
      const console = captureConsole('error');
      try {
        pageConfig('broken-config', '{ nope');
        const { event } = await firstError('#broken-config');
        expect(event.code).to.equal('config-not-json');
        expect(event.message).to.contain('config "#broken-config" is not valid JSON');
      } finally {
        console.restore();
      }
    });
  });

  describe('language', () => {
    it('follows the closest lang attribute, live', async () => {
      document.documentElement.lang = 'fr';
      const header = await renderHeader(fullConfig());
      expect($(header, '.sign-in')!.textContent).to.equal('Se connecter');
      expect($(header, '.name')!.textContent).to.equal('Commune de Lindegem');
      document.documentElement.lang = 'de';
      await waitUntil(() => $(header, '.sign-in')!.textContent === 'Anmelden', 'German after <html lang> changed');
      header.parentElement!.setAttribute('lang', 'nl-BE');
      await waitUntil(() => $(header, '.sign-in')!.textContent === 'Aanmelden', 'closest lang wins');
    });

    it('falls back to Dutch for unsupported languages', async () => {
      document.documentElement.lang = 'es';
      const header = await renderHeader(fullConfig());
      expect($(header, '.sign-in')!.textContent).to.equal('Aanmelden');
    });
  });

  describe('links that do not fit a wide bar', () => {
    const manyLinks = () => {
      const config = fullConfig();
      config.links!.main = Array.from({ length: 6 }, (_, i) => ({
        label: `Dienstverlening en loketten ${i + 1}`,
        href: `/d${i}`,
      }));
      return config;
    };

    it('collapse into the Menu, so the brand keeps its room and nothing overflows', async () => {
      const header = await renderHeader(manyLinks(), 1024);
      await waitUntil(() => getComputedStyle($(header, '.menu-toggle')!).display !== 'none', 'the Menu button shows');
      const bar = $(header, '.bar')!;
      expect(bar.scrollWidth, 'nothing overflows').to.equal(bar.clientWidth);
      expect($(header, '.name')!.getBoundingClientRect().width, 'the name is not squeezed').to.be.above(100);
      expect(getComputedStyle($(header, '.links')!).display).to.equal('none');
      $<HTMLButtonElement>(header, '.menu-toggle')!.click();
      await header.updateComplete;
      const links = [...shadow(header).querySelectorAll<HTMLElement>('.links li:not(.narrow-only) a')];
      expect(
        links.every((a) => a.getBoundingClientRect().width > 0),
        'every link in the open Menu',
      ).to.equal(true);
      await expectAccessible(header);
    });

    it('come back into the bar when the header gets wide enough, and collapse again when it narrows', async () => {
      const header = await renderHeader(manyLinks(), 1024);
      const toggle = $(header, '.menu-toggle')!;
      await waitUntil(() => getComputedStyle(toggle).display !== 'none', 'collapsed at 1024 px');
      header.parentElement!.style.width = '2400px';
      await waitUntil(() => getComputedStyle(toggle).display === 'none', 'the links are in the bar at 2400 px');
      expect($(header, '.bar')!.scrollWidth).to.equal($(header, '.bar')!.clientWidth);
      header.parentElement!.style.width = '1024px';
      await waitUntil(() => getComputedStyle(toggle).display !== 'none', 'collapsed again at 1024 px');
    });

    it('come back into the bar when a new config has links that fit', async () => {
      const header = await renderHeader(manyLinks(), 1024);
      const toggle = $(header, '.menu-toggle')!;
      await waitUntil(() => getComputedStyle(toggle).display !== 'none', 'collapsed at 1024 px');
      header.config = fullConfig();
      await waitUntil(() => getComputedStyle(toggle).display === 'none', 'the three short links are in the bar');
      expect($(header, '.frame')!.classList.contains('collapsed')).to.equal(false);
    });

    it('stay in the bar when they fit', async () => {
      const header = await renderHeader(fullConfig(), 1024);
      await header.updateComplete;
      expect(getComputedStyle($(header, '.menu-toggle')!).display).to.equal('none');
      expect($(header, '.frame')!.classList.contains('collapsed')).to.equal(false);
    });
  });

  describe('narrow screens', () => {
    it('collapses the links behind a disclosure button', async () => {
      const header = await renderHeader(fullConfig(), 320);
      const toggle = $<HTMLButtonElement>(header, '.menu-toggle')!;
      const list = $(header, '.links')!;
      expect(getComputedStyle(toggle).display).not.to.equal('none');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(getComputedStyle(list).display).to.equal('none');
      expect(header.getBoundingClientRect().width).to.equal(320);
      expect($(header, '.bar')!.scrollWidth, 'nothing overflows at 320 px').to.be.at.most(320);

      toggle.click();
      await header.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(getComputedStyle(list).display).not.to.equal('none');
      expect($(header, '.links .narrow-only a')!.textContent, 'umbrella moves into the panel').to.equal('Vlaanderen');
    });

    it('opens the links in the top layer, right under the bar, as wide as the header', async () => {
      const header = await renderHeader(fullConfig(), 320);
      $<HTMLButtonElement>(header, '.menu-toggle')!.click();
      await header.updateComplete;
      const list = $(header, '.links')!;
      expect(list.matches(':popover-open'), 'a popover: no z-index of the page covers it').to.equal(true);
      const bar = $(header, '.bar')!.getBoundingClientRect();
      const panel = list.getBoundingClientRect();
      expect([panel.top, panel.left, panel.right]).to.deep.equal([bar.bottom, bar.left, bar.right]);
      $<HTMLButtonElement>(header, '.menu-toggle')!.click();
      await header.updateComplete;
      expect(list.matches(':popover-open')).to.equal(false);
    });

    it('closes the open menu when the header gets wide enough to show the links in the bar', async () => {
      const header = await renderHeader(fullConfig(), 320);
      const toggle = $<HTMLButtonElement>(header, '.menu-toggle')!;
      toggle.click();
      await header.updateComplete;
      header.parentElement!.style.width = '1024px';
      await waitUntil(() => toggle.getAttribute('aria-expanded') === 'false', 'the menu closes');
      const list = $(header, '.links')!;
      expect(list.matches(':popover-open')).to.equal(false);
      expect(getComputedStyle(list).display, 'the links are back in the bar').to.equal('flex');
      expect(getComputedStyle(toggle).display).to.equal('none');
    });

    it('closes on Escape and returns focus to the button', async () => {
      const header = await renderHeader(fullConfig(), 320);
      // Focusable once the logo is in (until then the bar's content is invisible).
      await waitUntil(() => !$(header, '.bar')!.classList.contains('pending'), 'the logo loaded');
      const toggle = $<HTMLButtonElement>(header, '.menu-toggle')!;
      toggle.click();
      await header.updateComplete;
      const firstLink = $<HTMLAnchorElement>(header, '.links a')!;
      firstLink.focus();
      firstLink.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      await header.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(shadow(header).activeElement === toggle, 'focus is back on the button').to.equal(true);
    });

    it('closes on a click outside the header', async () => {
      const header = await renderHeader(fullConfig(), 320);
      const toggle = $<HTMLButtonElement>(header, '.menu-toggle')!;
      toggle.click();
      await header.updateComplete;
      document.body.click();
      await header.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    });

    it('shows the toggle only on narrow screens', async () => {
      const header = await renderHeader(fullConfig(), 1024);
      expect(getComputedStyle($(header, '.menu-toggle')!).display).to.equal('none');
      expect(getComputedStyle($(header, '.links')!).display).to.equal('flex');
    });
  });

  describe('isolation from the host page', () => {
    it('keeps its look under hostile host CSS', async () => {
      const style = document.createElement('style');
      style.textContent = `* { color: rgb(255, 0, 0) !important; font-family: "Comic Sans MS" !important; line-height: 5 !important; }
        body { text-align: right; letter-spacing: 4px; }`;
      const header = await renderHeader(fullConfig());
      const before = getComputedStyle($(header, '.name')!);
      const snapshot = { color: before.color, font: before.fontFamily, spacing: before.letterSpacing };
      document.head.append(style);
      try {
        const after = getComputedStyle($(header, '.name')!);
        expect({ color: after.color, font: after.fontFamily, spacing: after.letterSpacing }).to.deep.equal(snapshot);
      } finally {
        style.remove();
      }
    });
  });

  describe('themes', () => {
    afterEach(() => setAssetBaseUrl(undefined));

    it('loads a bundled theme from the theme base URL', async () => {
      setAssetBaseUrl('/dist/');
      const header = await renderHeader({ ...fullConfig(), theme: 'havenstad' });
      const bar = $(header, '.bar')!;
      await waitUntil(() => getComputedStyle(bar).backgroundColor !== 'rgb(255, 255, 255)', 'theme applied');
      expect(bar.classList.contains('pending')).to.equal(false);
    });

    it('takes a theme the page links as a stylesheet from the page: no fetch, no sheet of its own', async () => {
      setAssetBaseUrl('/dist/');
      performance.clearResourceTimings(); // room in the buffer: the check below must see a fetch if there is one
      const link = await linkTheme('kasteelberg');
      const KASTEELBERG = 'rgb(100, 23, 40)'; // its --loket-header-background-color, #641728
      try {
        const header = await renderHeader({ ...fullConfig(), theme: 'kasteelberg' });
        const bar = $(header, '.bar')!;
        expect(getComputedStyle(bar).backgroundColor).to.equal(KASTEELBERG);
        expect(shadow(header).adoptedStyleSheets.length, 'only its own styles').to.equal(ownStyleCount(header));
        const fetches = performance
          .getEntriesByType('resource')
          .filter((e) => e.name === link.href && (e as PerformanceResourceTiming).initiatorType === 'fetch');
        expect(fetches, 'the header fetched the linked theme').to.deep.equal([]);
        // Another theme is fetched and wins over the page's; back to the linked one, the page's shows again.
        header.config = { ...fullConfig(), theme: 'havenstad' };
        await waitUntil(() => getComputedStyle(bar).backgroundColor === 'rgb(11, 31, 58)', 'havenstad applied');
        header.config = { ...fullConfig(), theme: 'kasteelberg' };
        await header.updateComplete;
        expect(getComputedStyle(bar).backgroundColor).to.equal(KASTEELBERG);
      } finally {
        link.remove();
      }
    });

    it('fetches its theme itself when the page links it for print only, or disabled', async () => {
      setAssetBaseUrl('/dist/');
      const link = await linkTheme('havenstad', 'print');
      try {
        for (const disabled of [false, true]) {
          link.media = disabled ? 'all' : 'print';
          link.sheet!.disabled = disabled;
          const header = await renderHeader({ ...fullConfig(), theme: 'havenstad' });
          await waitUntil(() => getComputedStyle($(header, '.bar')!).backgroundColor === 'rgb(11, 31, 58)');
          expect(shadow(header).adoptedStyleSheets.length, 'its own styles and the fetched theme').to.equal(
            ownStyleCount(header) + 1,
          );
        }
      } finally {
        link.remove();
      }
    });

    it('keeps the default theme and fires loket-error when a theme cannot be loaded', async () => {
      const console = captureConsole('error');
      try {
        setAssetBaseUrl('/dist/');
        const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
        const header = document.createElement('loket-header');
        header.config = { ...fullConfig(), theme: 'nope' };
        const seen = oneEvent<LoketErrorEvent>(header, 'loket-error');
        wrapper.append(header);
        const event = await seen;
        expect(event.code).to.equal('theme-load-failed');
        expect(event.message).to.contain('nope');
        await header.updateComplete;
        expect($(header, '.bar')!.classList.contains('pending')).to.equal(false);
        expect(getComputedStyle($(header, '.bar')!).backgroundColor).to.equal('rgb(255, 255, 255)');
      } finally {
        console.restore();
      }
    });
  });

  describe('signed in (host mode, no network)', () => {
    const anna = { id: 'u1', givenName: 'Anna', familyName: 'Peeters' };

    async function signedInHeader(width = 1024) {
      const header = await renderHeader(fullConfig(), width);
      const change = oneEvent<LoketSessionChangeEvent>(header, 'loket-session-change');
      header.setSessionUser(anna);
      const event = await change;
      expect(event.status).to.equal('signed-in');
      expect(event.user!.givenName).to.equal('Anna');
      await waitUntil(
        () => $(header, 'loket-profile-menu')?.shadowRoot?.querySelector('[part="trigger"]'),
        'menu rendered',
      );
      return header;
    }

    it('shows the profile menu instead of the sign-in link', async () => {
      const header = await signedInHeader();
      expect($(header, '.sign-in')).to.equal(null);
      const menu = $(header, 'loket-profile-menu')!;
      expect(menu.shadowRoot!.querySelector('[part="trigger"]')!.textContent).to.contain('Anna Peeters');
      expect(header.sessionState.status).to.equal('signed-in');
    });

    it('goes back to the sign-in link when the site says nobody is signed in', async () => {
      const header = await signedInHeader();
      header.setSessionUser(null);
      await waitUntil(() => $(header, '.sign-in'), 'sign-in link back');
      expect($(header, 'loket-profile-menu')).to.equal(null);
    });

    it('asks before signing out; a listener can take over', async () => {
      const header = await signedInHeader();
      header.addEventListener('loket-sign-out-request', (e) => e.preventDefault(), { once: true });
      expect(await header.signOut()).to.equal(false);
      expect(header.sessionState.status).to.equal('signed-in');
    });

    for (const theme of THEME_IDS) {
      for (const width of [1024, 320]) {
        it(`is accessible in theme ${theme} at ${width} px, menu closed and open`, async () => {
          const removeTheme = await applyTheme(theme);
          try {
            const header = await signedInHeader(width);
            await expectAccessible(header);
            const menu = $(header, 'loket-profile-menu')!;
            menu.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
            await (menu as unknown as { updateComplete: Promise<unknown> }).updateComplete;
            expect(menu.shadowRoot!.querySelector('[part="trigger"]')!.getAttribute('aria-expanded')).to.equal('true');
            await expectAccessible(header);
          } finally {
            removeTheme();
          }
        });
      }
    }
  });

  describe('help menu', () => {
    const help = (): PartialLoketConfig['help'] => ({
      options: [
        {
          kind: 'phone',
          label: 'Bel het onthaal',
          value: '+32 9 123 45 67',
          hours: { mon: [{ from: '09:00', to: '12:00' }] },
        },
        { kind: 'email', label: 'Mail ons', value: 'info@lindegem.example' },
      ],
    });
    const helpMenu = (header: LoketHeader) =>
      $(header, 'loket-help-menu') as HTMLElementTagNameMap['loket-help-menu'] | null;
    const helpTrigger = (header: LoketHeader) =>
      helpMenu(header)!.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;

    afterEach(() => setHelpLoader(() => import('../../help.js')));

    it('shows "Hulp nodig?" before the sign-in button when the config has help options', async () => {
      document.documentElement.lang = 'nl';
      const header = await renderHeader({ ...fullConfig(), help: help() });
      await waitUntil(() => helpMenu(header)?.shadowRoot?.querySelector('[part="trigger"]'), 'help menu rendered');
      const end = $(header, '.end')!;
      expect([...end.children].map((el) => el.getAttribute('part'))).to.deep.equal(['help-menu', 'sign-in']);
      expect(helpTrigger(header).textContent!.trim()).to.equal('Hulp nodig?');
      expect($(header, '.bar')!.classList.contains('pending')).to.equal(false);
    });

    it('has no help menu and loads no help module without help options', async () => {
      let loads = 0;
      setHelpLoader(() => (loads++, import('../../help.js')));
      const header = await renderHeader({ ...fullConfig(), help: { options: [] } });
      expect(helpMenu(header)).to.equal(null);
      expect(loads).to.equal(0);
      expect(await header.helpMenu()).to.equal(undefined);
    });

    it('helpMenu() resolves with the loaded menu, which opens and closes, also by the citizen', async () => {
      const header = await renderHeader({ ...fullConfig(), help: help() });
      const menu = (await header.helpMenu())!;
      expect(menu).to.equal(helpMenu(header));
      expect(menu.open).to.equal(false);
      menu.show();
      await menu.updateComplete;
      expect(helpTrigger(header).getAttribute('aria-expanded')).to.equal('true');
      menu.hide();
      await menu.updateComplete;
      expect(helpTrigger(header).getAttribute('aria-expanded')).to.equal('false');
      helpTrigger(header).click();
      await menu.updateComplete;
      expect(menu.open).to.equal(true);
    });

    it('keeps the bar invisible while the help module loads, then shows it', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      setHelpLoader(async () => {
        await gate;
        return import('../../help.js');
      });
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const header = document.createElement('loket-header');
      header.config = {
        ...fullConfig(),
        municipality: { ...fullConfig().municipality!, logo: undefined },
        help: help(),
      };
      wrapper.append(header);
      await header.ready;
      expect($(header, '.bar')!.classList.contains('pending'), 'hidden while loading').to.equal(true);
      const waiting = header.helpMenu();
      release();
      expect(await waiting, 'helpMenu() waits for the module').to.equal(helpMenu(header));
      await header.updateComplete;
      expect($(header, '.bar')!.classList.contains('pending')).to.equal(false);
    });

    it('reports help-unavailable and shows the bar without it when the module cannot load', async () => {
      const console = captureConsole('error');
      try {
        setHelpLoader(() => Promise.reject(new Error('HTTP 404')));
        const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
        const header = document.createElement('loket-header');
        header.config = {
          ...fullConfig(),
          municipality: { ...fullConfig().municipality!, logo: undefined },
          help: help(),
        };
        const failed = oneEvent<LoketErrorEvent>(header, 'loket-error');
        wrapper.append(header);
        const event = await failed;
        expect(event.code).to.equal('help-unavailable');
        expect(event.message).to.contain('HTTP 404');
        expect(console.calls.join('\n')).to.contain('HTTP 404');
        await header.updateComplete;
        expect($(header, '.bar')!.classList.contains('pending')).to.equal(false);
        expect($(header, '.sign-in')!.getBoundingClientRect().width).to.be.above(0);
        expect(await header.helpMenu()).to.equal(undefined);
      } finally {
        console.restore();
      }
    });

    for (const theme of THEME_IDS) {
      for (const width of [1024, 320]) {
        it(`is accessible in theme ${theme} at ${width} px, help closed and open`, async () => {
          const removeTheme = await applyTheme(theme);
          try {
            const header = await renderHeader({ ...fullConfig(), help: help() }, width);
            await waitUntil(
              () => helpMenu(header)?.shadowRoot?.querySelector('[part="trigger"]'),
              'help menu rendered',
            );
            await expectAccessible(header);
            helpTrigger(header).click();
            await helpMenu(header)!.updateComplete;
            expect(helpTrigger(header).getAttribute('aria-expanded')).to.equal('true');
            const panel = helpMenu(header)!.shadowRoot!.querySelector('[part="panel"]')!.getBoundingClientRect();
            expect(panel.left, 'the panel stays on screen').to.be.at.least(0);
            expect(panel.right).to.be.at.most(width + 1);
            if (width === 320) {
              const bar = $(header, '.bar')!.getBoundingClientRect();
              expect([panel.left, panel.right], 'on a phone the panel spans the bar, 8 px in').to.deep.equal([
                bar.left + 8,
                bar.right - 8,
              ]);
            }
            await expectAccessible(header);
          } finally {
            removeTheme();
          }
        });
      }
    }
  });

  describe('accessibility (axe, colour contrast on) in every state and theme', () => {
    for (const theme of THEME_IDS) {
      describe(`theme ${theme}`, () => {
        let removeTheme: () => void;
        before(async () => {
          removeTheme = await applyTheme(theme);
        });
        after(() => removeTheme());

        it('wide, signed out', async () => {
          const header = await renderHeader(fullConfig());
          await expectAccessible(header);
        });

        it('narrow, menu closed and open', async () => {
          const header = await renderHeader(fullConfig(), 320);
          await expectAccessible(header);
          $<HTMLButtonElement>(header, '.menu-toggle')!.click();
          await header.updateComplete;
          expect($(header, '.menu-toggle')!.getAttribute('aria-expanded')).to.equal('true');
          await expectAccessible(header);
        });

        it('with an alert', async () => {
          const header = await renderHeader({
            ...fullConfig(),
            alert: { variant: 'warning', message: 'Storm op komst', dismissible: true },
          });
          await expectAccessible(header);
        });
      });
    }
  });
});
