// The drop-in's way: only <loket-header> is registered, and <loket-alert> comes from its own module when a
// message needs it. (This page's registry starts without <loket-alert>; the tests run in order.)
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PartialLoketConfig } from '../../config/types.js';
import type { LoketErrorEvent } from '../../events/events.js';
import { setAlertLoader, type AlertModule } from '../../internal/alert-loader.js';
import { defineAll } from '../../internal/define-all.js';
import { captureConsole, fullConfig } from '../../../test/unit/helpers.js';
import { LoketHeader } from './loket-header.js';

defineAll({ 'loket-header': LoketHeader });

const withAlert = (): PartialLoketConfig => ({
  ...fullConfig(),
  alert: { variant: 'warning', message: 'Storm op komst' },
});

async function renderHeader(config: PartialLoketConfig) {
  const header = await fixture<LoketHeader>(html`<loket-header .config=${config}></loket-header>`);
  await header.ready;
  return header;
}

const renderedAlert = (header: LoketHeader) => header.shadowRoot!.querySelector('loket-alert[part="alert"]');

describe('<loket-header> loading <loket-alert> on demand', () => {
  it('reports alert-unavailable when the module cannot load, and shows the bar without the alert', async () => {
    setAlertLoader(() => Promise.reject(new Error('HTTP 404')));
    const console = captureConsole('error');
    try {
      const header = await fixture<LoketHeader>(html`<loket-header></loket-header>`);
      const reported = oneEvent(header, 'loket-error') as Promise<LoketErrorEvent>;
      header.config = withAlert();
      const event = await reported;
      expect(event.code).to.equal('alert-unavailable');
      expect(event.message).to.contain('HTTP 404');
      await header.updateComplete;
      expect(renderedAlert(header), 'no undefined element with raw text').to.equal(null);
      // Shown once its theme and logo are in (the bar's content is not laid out while it waits).
      await waitUntil(
        () => header.shadowRoot!.querySelector('.sign-in')!.getBoundingClientRect().width > 0,
        'the bar shows its sign-in button',
      );
      expect(console.calls.some((c) => c.includes('alert not loaded: HTTP 404'))).to.equal(true);
    } finally {
      console.restore();
    }
  });

  it('does not load it for an anonymous page without an alert', async () => {
    let loads = 0;
    setAlertLoader(() => (loads++, import('../../alert.js')));
    const header = await renderHeader(fullConfig());
    await header.updateComplete;
    expect(loads).to.equal(0);
    expect(customElements.get('loket-alert')).to.equal(undefined);
  });

  it('loads it once for a config alert and shows the alert when it is defined', async () => {
    let loads = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    setAlertLoader(async (): Promise<AlertModule> => {
      loads++;
      await held;
      return import('../../alert.js');
    });
    const header = await renderHeader(withAlert());
    const second = await renderHeader(withAlert());
    expect(renderedAlert(header), 'nothing while the module loads').to.equal(null);
    release();
    await waitUntil(() => renderedAlert(header) && renderedAlert(second), 'both alerts render');
    expect(loads, 'one import for the page').to.equal(1);
    expect(customElements.get('loket-alert')).to.not.equal(undefined);
    expect(renderedAlert(header)!.textContent).to.equal('Storm op komst');
    expect(
      renderedAlert(header)!.shadowRoot!.querySelector('[part="base"]')!.getBoundingClientRect().height,
      'styled, shown',
    ).to.be.above(40);
  });
});
