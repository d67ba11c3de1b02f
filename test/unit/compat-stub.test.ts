import { expect } from '@open-wc/testing';
import type { GlobalHeaderClient } from '@govflanders/vl-widget-global-header-types';
import { createGlobalHeaderClientStub } from '../../src/compat/stub.js';

/** A client whose every method records its call and resolves with its own path. */
function recordingClient(calls: string[]): GlobalHeaderClient {
  const recorder =
    (path: string) =>
    async (...args: unknown[]) => (calls.push(`${path}(${JSON.stringify(args)})`), path);
  const group = (name: string, methods: string[]) =>
    Object.fromEntries(methods.map((m) => [m, recorder(`${name}.${m}`)]));
  return {
    mount: recorder('mount'),
    unmount: recorder('unmount'),
    getConfig: recorder('getConfig'),
    setNavigationEnabled: recorder('setNavigationEnabled'),
    accessMenu: group('accessMenu', STUB_METHODS.accessMenu),
    branding: group('branding', STUB_METHODS.branding),
    contact: group('contact', STUB_METHODS.contact),
  } as unknown as GlobalHeaderClient;
}

const STUB_METHODS = {
  accessMenu: [
    'setMainLinks',
    'addApplicationMenuLink',
    'addApplicationMenuLinks',
    'setApplicationMenuLinks',
    'setProfile',
    'getProfile',
    'getApplicationName',
    'setApplicationName',
    'setVisibility',
  ],
  branding: [
    'getLevel',
    'setLevel',
    'getColors',
    'getColor',
    'setColors',
    'setColor',
    'getHost',
    'setHost',
    'getUmbrella',
    'setUmbrella',
    'getVariables',
  ],
  contact: ['getServicePoints', 'setServicePoints', 'resetServicePoints', 'open', 'close', 'toggle', 'isOpen'],
};

describe('window.globalHeaderClient before loket-api.js has loaded (compat/stub.ts)', () => {
  it('has every method at once, loads the implementation once, and forwards each call with its arguments', async () => {
    const calls: string[] = [];
    let loads = 0;
    const stub = createGlobalHeaderClientStub(async () => (loads++, recordingClient(calls)));
    expect(loads, 'nothing loads before a call').to.equal(0);
    expect(await stub.mount()).to.equal('mount' as never);
    for (const [group, methods] of Object.entries(STUB_METHODS)) {
      for (const method of methods) {
        const fn = (stub as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[group][
          method
        ];
        expect(fn, `${group}.${method}`).to.be.a('function');
        expect(await fn('x', 1)).to.equal(`${group}.${method}`);
      }
    }
    await stub.setNavigationEnabled(false);
    expect(loads).to.equal(1);
    expect(calls).to.include('accessMenu.setProfile(["x",1])');
    expect(calls).to.include('setNavigationEnabled([false])');
  });

  it('a failed load rejects that call; the next call tries again', async () => {
    let attempt = 0;
    const stub = createGlobalHeaderClientStub(async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('loket-api.js: HTTP 503');
      return recordingClient([]);
    });
    const first = await stub.contact.isOpen().then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    expect(first).to.contain('HTTP 503');
    expect(await stub.contact.isOpen()).to.equal('contact.isOpen' as never);
  });
});
