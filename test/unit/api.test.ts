import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LoketApi } from '../../src/api/loket-api.js';
import { LoketHeader } from '../../src/components/header/loket-header.js';
import { defineElements } from '../../src/internal/define-elements.js';
import { captureConsole, fullConfig } from './helpers.js';

defineElements();

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
      await api.configure({ umbrella: { label: 'V', href: 'javascript:x' } }).catch((e: Error) => (message = e.message));
      expect(message).to.contain('umbrella.href').and.contain('http(s) or relative URL');
      expect((await api.getConfig())!.umbrella).to.equal(undefined);
    } finally {
      error.restore();
    }
  });

  it('rejects bad arguments with a message naming the argument', async () => {
    const messages: string[] = [];
    const record = (p: Promise<unknown>) => p.then(() => messages.push('resolved'), (e: Error) => messages.push(e.message));
    await record(api.mount(42 as unknown as string));
    await record(api.mount('#nowhere'));
    await record(api.mount('##bad'));
    await record(api.mount(undefined, 'x' as never));
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

  it('setNavigationEnabled hides and shows the links', async () => {
    await fixture(html`<div id="slot"></div>`);
    const header = await api.mount('#slot', fullConfig());
    await api.setNavigationEnabled(false);
    expect(header.shadowRoot!.querySelector('nav')).to.equal(null);
    await api.setNavigationEnabled(true);
    expect(header.shadowRoot!.querySelector('nav')).to.exist;
  });

  it('on() listens with or without the prefix, and the returned function stops it', async () => {
    await fixture(html`<div id="slot"></div>`);
    const seen: string[] = [];
    const off = api.on('ready', (e) => seen.push(e.type));
    const offFull = api.on('loket-ready', (e) => seen.push(`full:${e.type}`));
    await api.mount('#slot', fullConfig());
    off();
    offFull();
    await api.configure({ municipality: { name: 'Ander' } });
    expect(seen).to.deep.equal(['loket-ready', 'full:loket-ready']);
  });

  it('signIn() fires the cancelable request', async () => {
    await fixture(html`<div id="slot"></div>`);
    await api.mount('#slot', fullConfig());
    const off = api.on('sign-in-request', (e) => e.preventDefault());
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
