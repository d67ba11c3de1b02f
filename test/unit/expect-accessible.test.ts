// The axe helper must not pass on content nobody sees: axe skips text hidden by `visibility`, so the helper
// refuses to run on it. These tests prove it fails where it should (and passes where it should).
import { expect, fixture, html } from '@open-wc/testing';
import { defineElements } from '../../src/internal/define-elements.js';
import { setHelpLoader } from '../../src/internal/help-loader.js';
import { expectAccessible, fullConfig, textVisibility, waitForShown } from './helpers.js';

defineElements();

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('expectAccessible (the axe helper)', () => {
  afterEach(() => setHelpLoader(() => import('../../src/help.js')));

  it('passes on visible text with enough contrast', async () => {
    const el = await fixture(html`<p style="color: #000; background: #fff">Afval</p>`);
    await expectAccessible(el);
  });

  it('fails on text hidden by visibility, even though axe alone passes it', async () => {
    // Contrast 1.1:1: axe would fail it if it looked; hidden, axe passes it.
    const el = await fixture(html`<div><p style="visibility: hidden; color: #eee; background: #fff">Afval</p></div>`);
    await expect(el).to.be.accessible();
    const error = await rejection(expectAccessible(el));
    expect(error.message).to.contain('hidden text');
  });

  it('fails when there is no visible text at all', async () => {
    const el = await fixture(html`<div><p style="display: none">Afval</p></div>`);
    expect((await rejection(expectAccessible(el))).message).to.contain('without visible text');
  });

  it('looks into shadow roots: fails on a header whose bar waits for the help module, passes once it is shown', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    setHelpLoader(async () => {
      await gate;
      return import('../../src/help.js');
    });
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const header = document.createElement('loket-header');
    header.config = {
      ...fullConfig(),
      municipality: { ...fullConfig().municipality!, logo: undefined },
      help: { options: [{ kind: 'email', label: 'Mail ons', value: 'info@lindegem.example' }] },
    };
    wrapper.append(header);
    await header.ready;
    // The waiting bar's content is not laid out at all (display: none), so none of it is visible text yet.
    expect(textVisibility(header).visible, 'header.ready resolves before the bar shows').not.to.include(
      'Gemeente Lindegem',
    );
    expect((await rejection(expectAccessible(header))).message).to.contain('without visible text');
    release();
    await waitForShown(header);
    await expectAccessible(header);
  });
});
