import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LoketApi } from '../../src/api/loket-api.js';
import { createLoketStub } from '../../src/api/stub.js';
import { LoketHeader } from '../../src/components/header/loket-header.js';
import { defineElements } from '../../src/internal/define-elements.js';
import { setSignedInLoader } from '../../src/internal/signed-in-loader.js';
import { captureConsole, fullConfig } from './helpers.js';

defineElements();
setSignedInLoader(() => import('../../src/signed-in.js'));

describe('window.loket (LoketApi)', () => {
  let api: LoketApi;
  beforeEach(() => {
    api = new LoketApi('test');
  });
  afterEach(async () => {
    await api.unmount();
  });

  it('mounts into a target selector and resolves with the rendered header', async () => {
    await fixture(html`<div id="slot"></div>`);
    const header = await api.mount('#slot', fullConfig());
    expect(header).to.be.instanceOf(LoketHeader);
    expect(header.parentElement!.id).to.equal('slot');
    expect(header.shadowRoot!.querySelector('.name')!.textContent).to.equal('Gemeente Lindegem');
  });

  it('warns on a second mount and keeps one header', async () => {
    await fixture(html`<div id="slot"></div>`);
    const first = await api.mount('#slot', fullConfig());
    const warn = captureConsole('warn');
    try {
      const second = await api.mount('#slot', fullConfig());
      expect(second).to.equal(first);
      expect(document.querySelectorAll('loket-header').length).to.equal(1);
      expect(warn.calls.length).to.equal(1);
    } finally {
      warn.restore();
    }
  });

  it('unmounts', async () => {
    await fixture(html`<div id="slot"></div>`);
    await api.mount('#slot', fullConfig());
    expect(await api.unmount()).to.equal(true);
    expect(document.querySelector('loket-header')).to.equal(null);
    expect(await api.unmount()).to.equal(false);
  });

  it('configure() merges a partial config and getConfig() returns a copy', async () => {
    await fixture(html`<div id="slot"></div>`);
    await api.mount('#slot', fullConfig());
    await api.configure({ municipality: { name: 'Stad Lindegem' } });
    const config = await api.getConfig();
    expect(config!.municipality!.name).to.equal('Stad Lindegem');
    expect(config!.municipality!.href).to.equal('/');
    config!.municipality!.name = 'changed';
    expect((await api.getConfig())!.municipality!.name).to.equal('Stad Lindegem');
  });

  it('configure() rejects a bad field, naming it, and keeps the rest', async () => {
    await fixture(html`<div id="slot"></div>`);
    await api.mount('#slot', fullConfig());
    const error = captureConsole('error');
    try {
      let message = '';
      await api
        .configure({ umbrella: { label: 'V', href: 'javascript:x' } })
        .catch((e: Error) => (message = e.message));
      expect(message).to.contain('umbrella.href').and.contain('http(s) or relative URL');
      expect((await api.getConfig())!.umbrella).to.equal(undefined);
    } finally {
      error.restore();
    }
  });

  it('rejects bad arguments with a message naming the argument', async () => {
    const messages: string[] = [];
    const record = (p: Promise<unknown>) =>
      p.then(
        () => messages.push('resolved'),
        (e: Error) => messages.push(e.message),
      );
    await record(api.mount(42 as unknown as string));
    await record(api.mount('#nowhere'));
    await record(api.mount('##bad'));
    await record(api.mount(undefined, 'javascript:alert(1)'));
    await record(api.setNavigationEnabled('yes' as unknown as boolean));
    await record(api.setAlert({ message: 'x', variant: 'loud' } as never));
    expect(messages[0]).to.contain('"target"').and.contain('an Element, a CSS selector');
    expect(messages[1]).to.contain('matches none');
    expect(messages[2]).to.contain('valid CSS selector');
    expect(messages[3]).to.contain('"config"');
    expect(messages[4]).to.contain('"enabled"').and.contain('true or false');
    expect(messages[5]).to.contain('alert.variant');
  });

  it('setAlert shows an announced alert and null removes it', async () => {
    await fixture(html`<div id="slot"></div>`);
    const header = await api.mount('#slot', fullConfig());
    await api.setAlert({ message: 'Storm', variant: 'warning' });
    const alert = header.shadowRoot!.querySelector('loket-alert')!;
    await alert.updateComplete;
    expect(alert.textContent).to.equal('Storm');
    expect(alert.shadowRoot!.querySelector('[role="alert"]')).to.exist;
    await api.setAlert(null);
    expect(header.shadowRoot!.querySelector('loket-alert')).to.equal(null);
  });

  it('setNavigationEnabled(false) leaves only the name: no links, umbrella, home link or sign-in', async () => {
    await fixture(html`<div id="slot"></div>`);
    const header = await api.mount('#slot', fullConfig());
    const root = header.shadowRoot!;
    await api.setNavigationEnabled(false);
    expect(root.querySelector('nav')).to.equal(null);
    expect(root.querySelector('.umbrella')).to.equal(null);
    expect(root.querySelector('.sign-in')).to.equal(null);
    expect(root.querySelector('a.brand')).to.equal(null);
    expect(root.querySelector('.brand .name')!.textContent).to.equal('Gemeente Lindegem');
    await api.setNavigationEnabled(true);
    expect(root.querySelector('nav')).to.exist;
    expect(root.querySelector('a.brand')).to.exist;
    expect(root.querySelector('.sign-in')).to.exist;
  });

  it('setAccountVisible hides and shows the sign-in button, and checks its argument', async () => {
    await fixture(html`<div id="slot"></div>`);
    const header = await api.mount('#slot', fullConfig());
    await api.setAccountVisible(false);
    expect(header.shadowRoot!.querySelector('.sign-in')).to.equal(null);
    expect(header.shadowRoot!.querySelector('nav')).to.exist;
    await api.setAccountVisible(true);
    expect(header.shadowRoot!.querySelector('.sign-in')).to.exist;
    const message = await api.setAccountVisible('no' as never).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).to.contain('"visible"').and.contain('true or false');
  });

  it('mount() takes the URL of a JSON config', async () => {
    await fixture(html`<div id="slot"></div>`);
    const header = await api.mount('#slot', '/test/fixtures/config/valid.json');
    expect(header.configUrl).to.equal('/test/fixtures/config/valid.json');
    expect(header.effectiveConfig?.municipality?.id).to.be.a('string');
  });

  it('setSession checks the user, its party and its identities, naming the field', async () => {
    await fixture(html`<div id="slot"></div>`);
    await api.mount('#slot', fullConfig());
    const message = (state: unknown) =>
      api.setSession(state as never).then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    expect(await message({ user: { id: '', givenName: 'A', familyName: 'B' } })).to.contain('"state.user.id"');
    expect(
      await message({ user: { id: 'u', givenName: 'A', familyName: 'B', onBehalfOf: { kind: 'firm', name: 'X' } } }),
    )
      .to.contain('"state.user.onBehalfOf.kind"')
      .and.contain('"company"');
    expect(
      await message({ user: { id: 'u', givenName: 'A', familyName: 'B', identities: [{ loginHint: '' }] } }),
    ).to.contain('"state.user.identities[0].loginHint"');
    expect(await message({ user: { id: 'u', givenName: 'A', familyName: 'B', identities: 'all' } })).to.contain(
      '"state.user.identities"',
    );
  });

  it('setSession keeps who the citizen acts for and their identities, and nothing else the site passed', async () => {
    await fixture(html`<div id="slot"></div>`);
    await api.mount('#slot', fullConfig());
    const user = {
      id: 'u1',
      givenName: 'An',
      familyName: 'Claes',
      nationalNumber: '85.07.30-033.61',
      onBehalfOf: { kind: 'company' as const, name: 'Bakkerij Claes BV', identifier: 'BE0123456789' },
      identities: [
        { loginHint: 'self' },
        { loginHint: 'bakkerij', onBehalfOf: { kind: 'company' as const, name: 'Bakkerij Claes BV' } },
      ],
    };
    await api.setSession({ user });
    const session = await api.getSession();
    expect(session.status).to.equal('signed-in');
    expect(session.user).to.deep.equal({
      id: 'u1',
      givenName: 'An',
      familyName: 'Claes',
      onBehalfOf: { kind: 'company', name: 'Bakkerij Claes BV', identifier: 'BE0123456789' },
      identities: [
        { loginHint: 'self' },
        { loginHint: 'bakkerij', onBehalfOf: { kind: 'company', name: 'Bakkerij Claes BV' } },
      ],
    });
    await api.setSession({ user: null });
  });

  it('setTokens overrides tokens on the header only, null restores, and bad names or values are refused', async () => {
    await fixture(html`<div id="slot"></div>`);
    const header = await api.mount('#slot', fullConfig());
    await api.setTokens({ '--loket-header-link-text-color': '#123456' });
    expect(header.style.getPropertyValue('--loket-header-link-text-color')).to.equal('#123456');
    expect(getComputedStyle(document.documentElement).getPropertyValue('--loket-header-link-text-color')).to.equal('');
    expect((await api.getTokens())['--loket-header-link-text-color']).to.equal('#123456');
    await api.setTokens({ '--loket-header-link-text-color': null });
    expect(header.style.getPropertyValue('--loket-header-link-text-color')).to.equal('');
    const message = (tokens: unknown) =>
      api.setTokens(tokens as never).then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    expect(await message({ color: 'red' }))
      .to.contain('"color"')
      .and.contain('--loket-');
    expect(await message({ '--loket-header-text-color': 'red; background: url(x)' })).to.contain('a CSS value');
    expect(await message('red')).to.contain('"tokens"');
  });

  it('on() listens with or without the prefix, and the returned function stops it', async () => {
    await fixture(html`<div id="slot"></div>`);
    const seen: string[] = [];
    const { on } = createLoketStub('test', async () => api); // window.loket's on(), as the drop-in sets it
    const off = on('ready', (e) => seen.push(e.type));
    const offFull = on('loket-ready', (e) => seen.push(`full:${e.type}`));
    await api.mount('#slot', fullConfig());
    off();
    offFull();
    await api.configure({ municipality: { name: 'Ander' } });
    expect(seen).to.deep.equal(['loket-ready', 'full:loket-ready']);
  });

  it('signIn() fires the cancelable request', async () => {
    await fixture(html`<div id="slot"></div>`);
    await api.mount('#slot', fullConfig());
    const off = createLoketStub('test', async () => api).on('sign-in-request', (e) => e.preventDefault());
    const seen = oneEvent(document, 'loket-sign-in-request');
    expect(await api.signIn()).to.equal(false);
    await seen;
    off();
  });
});

describe('defineElements', () => {
  it('can run twice without throwing', () => {
    defineElements();
    defineElements();
    expect(customElements.get('loket-header')).to.equal(LoketHeader);
  });

  it('warns and keeps the first registration when another copy defined the names', () => {
    const registry = new CustomElementRegistry();
    registry.define('loket-header', class extends HTMLElement {});
    const warn = captureConsole('warn');
    try {
      defineElements(registry);
      expect(warn.calls.length).to.equal(1);
      expect(warn.calls[0]).to.contain('<loket-header> is already defined');
      expect(registry.get('loket-alert')).to.exist;
    } finally {
      warn.restore();
    }
  });
});
